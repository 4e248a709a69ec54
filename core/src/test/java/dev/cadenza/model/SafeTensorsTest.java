package dev.cadenza.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @Test
  void writesTheLayoutOtherToolsRead() throws Exception {
    NamedTensors t = new NamedTensors(Map.of("b", new NamedTensors.Tensor(new long[] {2}, new float[] {1f, -2f}),
        "a", new NamedTensors.Tensor(new long[] {1, 1}, new float[] {0.5f})));
    byte[] bytes = SafeTensors.toBytes(t, Map.of("format", "pt"));
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long header = in.getLong();
    assertThat(header % 8).isZero();
    String json = new String(bytes, 8, (int) header, StandardCharsets.UTF_8).strip();
    assertThat(json).isEqualTo("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}");
    in.position((int) (8 + header));
    assertThat(new float[] {in.getFloat(), in.getFloat(), in.getFloat()}).containsExactly(0.5f, 1f, -2f);
  }

  @Test
  void theSameTensorsAndMetadataGiveTheSameBytesWhateverTheMapsOrder() {
    NamedTensors t = new NamedTensors(Map.of("w", new NamedTensors.Tensor(new long[] {1}, new float[] {1f})));
    Map<String, String> forwards = new java.util.LinkedHashMap<>();
    Map<String, String> backwards = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      forwards.put("key" + i, "value" + i);
      backwards.put("key" + (9 - i), "value" + (9 - i));
    }
    assertThat(SafeTensors.toBytes(t, backwards)).isEqualTo(SafeTensors.toBytes(t, forwards));
  }

  @Property(tries = 100)
  void readingWhatWasWrittenGivesTheSameTensors(@ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 6) int columns,
      @ForAll long seed) throws Exception {
    java.util.Random r = new java.util.Random(seed);
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextGaussian();
    }
    NamedTensors t = new NamedTensors(Map.of("w", new NamedTensors.Tensor(new long[] {rows, columns}, values),
        "bias", new NamedTensors.Tensor(new long[] {columns}, java.util.Arrays.copyOf(values, columns))));
    assertThat(SafeTensors.fromBytes(SafeTensors.toBytes(t, Map.of()), "x")).isEqualTo(t);
  }

  @Test
  void filesRoundTripAndBrokenOnesAreClearErrors(@TempDir Path dir) throws Exception {
    NamedTensors t = new NamedTensors(Map.of("w", new NamedTensors.Tensor(new long[] {3}, new float[] {1, 2, 3})));
    Path file = dir.resolve("w.safetensors");
    SafeTensors.write(t, Map.of(), file);
    assertThat(SafeTensors.read(file)).isEqualTo(t);
    assertThat(SafeTensors.readContents(file).metadata()).isEmpty();
    SafeTensors.write(t, Map.of("format", "pt", "adam_steps", "12"), file);
    assertThat(SafeTensors.readContents(file)).isEqualTo(new SafeTensors.Contents(t, Map.of("format", "pt", "adam_steps", "12")));
    byte[] good = SafeTensors.toBytes(t, Map.of());
    assertThatThrownBy(() -> SafeTensors.fromBytes(java.util.Arrays.copyOf(good, good.length - 4), "cut"))
        .hasMessageContaining("cut: tensor w").hasMessageContaining("do not hold 3 floats");
    assertThatThrownBy(() -> SafeTensors.fromBytes(new byte[] {1, 2, 3}, "tiny")).hasMessageContaining("not a safetensors file");
    byte[] huge = good.clone();
    huge[7] = 0x7f;
    assertThatThrownBy(() -> SafeTensors.fromBytes(huge, "huge")).hasMessageContaining("not a safetensors file");
    byte[] half = new String(good, StandardCharsets.ISO_8859_1).replace("F32", "F16").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> SafeTensors.fromBytes(half, "half")).hasMessageContaining("dtype F16 is not supported");
  }
}
