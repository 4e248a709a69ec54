package dev.cadenza.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolyMusicTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"JSB_Chorales", "Nottingham", "MuseData", "Piano_midi"})
  void everySplitHasTheCountsOfItsStatsFile(String set) throws Exception {
    Path dir = SharedData.dir("poly-music/" + set);
    JsonNode stats = new ObjectMapper().readTree(dir.resolve("stats.json").toFile()).get("splits");
    for (String split : List.of("train", "valid", "test")) {
      List<int[][]> sequences = PolyMusic.read(dir.resolve(split + ".txt"));
      JsonNode expected = stats.get(split);
      String what = set + "/" + split;
      assertThat(sequences).as(what).hasSize(expected.get("sequences").asInt());
      assertThat(sequences.stream().mapToInt(s -> s.length).sum()).as(what).isEqualTo(expected.get("steps").asInt());
      assertThat(sequences.stream().flatMap(Arrays::stream).filter(s -> s.length == 0).count()).as(what)
          .isEqualTo(expected.get("empty_steps").asLong());
      assertThat(sequences.stream().flatMap(Arrays::stream).mapToInt(s -> s.length).sum()).as(what)
          .isEqualTo(expected.get("notes").asInt());
      assertThat(sequences.stream().mapToInt(s -> s.length).min().orElseThrow()).isEqualTo(expected.get("min_len").asInt());
      assertThat(sequences.stream().mapToInt(s -> s.length).max().orElseThrow()).isEqualTo(expected.get("max_len").asInt());
      assertThat(sequences.stream().flatMap(Arrays::stream).flatMapToInt(Arrays::stream).min().orElseThrow())
          .isEqualTo(expected.get("min_pitch").asInt());
      assertThat(sequences.stream().flatMap(Arrays::stream).flatMapToInt(Arrays::stream).max().orElseThrow())
          .isEqualTo(expected.get("max_pitch").asInt());
      assertThat(sequences.stream().flatMap(Arrays::stream).mapToInt(s -> s.length).max().orElseThrow())
          .isEqualTo(expected.get("max_polyphony").asInt());
      float[][] frames = PolyMusic.frames(sequences.get(0), PolyMusic.LOWEST_PITCH, PolyMusic.HIGHEST_PITCH);
      assertThat(frames[0]).hasSize(88);
    }
  }

  @Test
  void aMalformedStepNamesFileLineAndStep(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.txt"), "60,64 - 62\n60 x,7\n");
    assertThatThrownBy(() -> PolyMusic.read(file)).hasMessageContaining("bad.txt: line 2, step 2: 'x,7'");
  }
}
