package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cadenza evaluate --generated --reference}: the feature table, memorization, JSON, and its usage errors. */
class EvaluateCommandTest {
  private static void tune(Path file, long seed) throws Exception {
    Random random = new Random(seed);
    List<Note> notes = IntStream.range(0, 32).mapToObj(i -> new Note(55 + random.nextInt(24), 80, i * 240L, 240)).toList();
    new MidiWriter().write(Score.of(TempoMap.constant(480, 120), List.of(Track.of("", 0, 0, notes))), file);
  }

  @Test
  void aCopyIsCaughtAndTheTableAndJsonAreComplete(@TempDir Path dir) throws Exception {
    Path reference = Files.createDirectories(dir.resolve("reference"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    for (int i = 0; i < 6; i++) {
      tune(reference.resolve("r" + i + ".mid"), i);
    }
    tune(generated.resolve("copy.mid"), 2);
    tune(generated.resolve("fresh.mid"), 99);
    Cli.Run table = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString());
    assertThat(table.status()).as(table.err()).isZero();
    assertThat(table.out()).contains("2 generated pieces against 6 reference pieces").contains("scaleConsistency")
        .contains("longest run of generated notes found in a reference piece 32 notes").contains("50.0% of generated 8-grams");
    Cli.Run json = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString(), "--json");
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertThat(report.get("features")).hasSize(12);
    assertThat(report.get("memorization").get("longestRun").asInt()).isEqualTo(32);
    Cli.Run alone = Cli.run("evaluate", "--generated", generated.toString());
    assertThat(alone.status()).isEqualTo(2);
    assertThat(alone.err()).contains("--generated and --reference go together");
    Cli.Run both = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString(), "--data",
        reference.toString());
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
  }
}
