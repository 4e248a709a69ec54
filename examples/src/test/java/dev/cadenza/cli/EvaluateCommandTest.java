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
import java.util.Map;
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

  /** A folder of tunes, NAME.mid drawn from its seed. */
  private static Path folder(Path dir, Map<String, Long> seeds) throws Exception {
    Files.createDirectories(dir);
    for (Map.Entry<String, Long> tune : seeds.entrySet()) {
      tune(dir.resolve(tune.getKey() + ".mid"), tune.getValue());
    }
    return dir;
  }

  @Test
  void aCopyIsCaughtAndTheTableAndJsonAreComplete(@TempDir Path dir) throws Exception {
    Path reference = folder(dir.resolve("reference"), Map.of("r0", 0L, "r1", 1L, "r2", 2L, "r3", 3L, "r4", 4L, "r5", 5L));
    Path generated = folder(dir.resolve("generated"), Map.of("copy", 2L, "fresh", 99L));
    Cli.Run table = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString());
    assertThat(table.status()).as(table.err()).isZero();
    assertThat(table.out()).contains("2 generated pieces against 6 reference pieces").contains("scaleConsistency")
        .contains("longest run of generated notes found in a reference piece 32 notes").contains("50.0% of generated 8-grams");
    Cli.Run json = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString(), "--json");
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertThat(report.get("features")).hasSize(dev.cadenza.evaluation.MusicFeatures.NAMES.size());
    assertThat(report.get("memorization").get("longestRun").asInt()).isEqualTo(32);
    Cli.Run alone = Cli.run("evaluate", "--generated", generated.toString());
    assertThat(alone.status()).isEqualTo(2);
    assertThat(alone.err()).contains("--generated and --reference go together");
    Cli.Run both = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString(), "--data",
        reference.toString());
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("--generated and --reference (two sets compared), or --labels").contains(": one");
  }

  @Test
  void htmlReportHoldsTheTableAndTheAudioBesideTheFiles(@TempDir Path dir) throws Exception {
    Path reference = folder(dir.resolve("reference"), Map.of("r0", 0L, "r1", 1L, "r2", 2L, "r3", 3L));
    Path generated = folder(dir.resolve("generated"), Map.of("g1", 11L, "g2", 12L));
    Files.write(generated.resolve("g1.mp3"), new byte[] {(byte) 0xFF, (byte) 0xFB, 1, 2});
    Path page = dir.resolve("report.html");
    Cli.Run run = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString(), "--html", page.toString(),
        "--pieces", "2");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("wrote " + page);
    String html = Files.readString(page);
    assertThat(html).contains("2 generated pieces against 4 reference pieces").contains("<figcaption>g1.mid</figcaption>")
        .contains("<figcaption>g2.mid</figcaption>").contains("data:audio/mpeg;base64,//sBAg==");
    Cli.Run text = Cli.run("evaluate", "--generated", generated.toString(), "--reference", reference.toString(), "--html",
        dir.resolve("report.txt").toString());
    assertThat(text.status()).isEqualTo(2);
    assertThat(text.err()).contains("--html " + dir.resolve("report.txt") + ": the page is HTML; name it .html");
    Cli.Run alone = Cli.run("evaluate", "--data", reference.toString(), "--html", page.toString());
    assertThat(alone.status()).isEqualTo(2);
    assertThat(alone.err()).contains("--html goes with --generated and --reference");
  }
}
