package dev.cadenza.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadenza.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link NamedTensors} in the safetensors format, which PyTorch, JAX and most tools read: an 8-byte little-endian
 * header length, a JSON header naming each tensor's dtype ({@code F32}), shape and byte range, then the
 * little-endian data. Reading checks every length and range against the file's real size.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A header larger than this is not a weights file this library wrote or can use. */
  private static final long MAX_HEADER = 100L << 20;

  private SafeTensors() {}

  /**
   * The tensors as safetensors bytes; {@code metadata} goes into the header's {@code __metadata__}. The same tensors
   * and metadata give the same bytes (the metadata is written sorted by key, whatever the map's order).
   */
  public static byte[] toBytes(NamedTensors tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      new TreeMap<>(metadata).forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, NamedTensors.Tensor> e : tensors.tensors().entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long end = offset + 4L * e.getValue().values().length;
      t.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (NamedTensors.Tensor t : tensors.tensors().values()) {
      for (float v : t.values()) {
        out.putFloat(v);
      }
    }
    return out.array();
  }

  /** Writes the tensors to a file, atomically. */
  public static void write(NamedTensors tensors, Map<String, String> metadata, Path file) throws IOException {
    AtomicFiles.write(file, toBytes(tensors, metadata));
  }

  /**
   * Reads a safetensors file of F32 tensors.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static NamedTensors read(Path file) throws IOException {
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  /**
   * The tensors of a safetensors file and the metadata of its header.
   *
   * @param tensors the tensors
   * @param metadata the header's {@code __metadata__}, empty if it has none
   */
  public record Contents(NamedTensors tensors, Map<String, String> metadata) {}

  /**
   * Reads a safetensors file of F32 tensors with its metadata.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static Contents readContents(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads safetensors bytes of F32 tensors.
   *
   * @throws IOException naming the source and what is wrong with it
   */
  public static NamedTensors fromBytes(byte[] bytes, String source) throws IOException {
    return parse(bytes, source).tensors();
  }

  private static Contents parse(byte[] bytes, String source) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8) {
      throw new IOException(source + ": not a safetensors file: " + bytes.length + " bytes");
    }
    long headerLength = in.getLong();
    if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
      throw new IOException(source + ": not a safetensors file: a header of " + headerLength + " bytes in a file of " + bytes.length);
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(source + ": the safetensors header is not JSON: " + e.getMessage(), e);
    }
    long dataStart = 8 + headerLength;
    long dataLength = bytes.length - dataStart;
    Map<String, NamedTensors.Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      JsonNode t = e.getValue();
      String where = source + ": tensor " + e.getKey() + ": ";
      if (!"F32".equals(t.path("dtype").asText())) {
        throw new IOException(where + "dtype " + t.path("dtype").asText() + " is not supported; Cadenza reads F32");
      }
      JsonNode shapeNode = t.path("shape");
      long[] shape = new long[shapeNode.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong(-1);
        if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
          throw new IOException(where + "a bad dimension " + shapeNode.get(i));
        }
        count *= shape[i];
      }
      long begin = t.path("data_offsets").path(0).asLong(-1);
      long end = t.path("data_offsets").path(1).asLong(-1);
      if (begin < 0 || end < begin || end > dataLength || end - begin != 4 * count) {
        throw new IOException(where + "bytes " + begin + ".." + end + " do not hold " + count + " floats within the "
            + dataLength + " data bytes");
      }
      float[] values = new float[(int) count];
      ByteBuffer data = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
      data.asFloatBuffer().get(values);
      tensors.put(e.getKey(), new NamedTensors.Tensor(shape, values));
    }
    return new Contents(new NamedTensors(tensors), Map.copyOf(metadata));
  }
}
