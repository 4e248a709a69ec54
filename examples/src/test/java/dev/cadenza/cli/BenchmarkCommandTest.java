package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.model.Backends;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadenza benchmark poly} end to end on the real JSB Chorales, cut down (a small LSTM, one epoch) on every
 * backend of the build: both forms train, score the test split below what knowing nothing gives, print the table
 * beside the published rows, leave playable runs, and refuse to train over them.
 */
class BenchmarkCommandTest {
  private static final Pattern ROW = Pattern.compile("Cadenza lstm (factorized|exact) \\((\\w+)\\)\\s+([0-9.]+)");

  @Test
  void bothFormsTrainScoreAndTabulateOnEveryBackend(@TempDir Path dir) throws Exception {
    Path jsb = SharedData.dir("poly-music/JSB_Chorales");
    List<String> backends = Backends.available().stream().map(SequenceModelProvider::name).toList();
    assertThat(backends).isNotEmpty();
    for (String backend : backends) {
      Cli.Run run = Cli.run("benchmark", "poly", "--dataset", jsb.toString(), "--backend", backend, "--epochs", "1", "--units", "32",
          "--num-layers", "1", "--checkpoint-dir", dir.toString());
      assertThat(run.status()).as(run.err()).isZero();
      assertThat(run.out()).contains("RNN-NADE                               5.56  (published)")
          .contains("LSTM                                   8.45  (published)");
      Matcher rows = ROW.matcher(run.out());
      int found = 0;
      while (rows.find()) {
        found++;
        double nll = Double.parseDouble(rows.group(3));
        // knowing nothing: a coin per key gives 88 ln 2 = 61 nats a step (factorized); uniform tokens at least as much (exact)
        assertThat(nll).as(rows.group(0)).isBetween(3.0, 30.0);
        assertThat(rows.group(2)).isEqualTo(backend);
        Path run1 = dir.resolve("JSB_Chorales-" + rows.group(1) + "-lstm-" + backend);
        assertThat(run1.resolve("best.cadenza")).isRegularFile();
        assertThat(Files.readAllLines(run1.resolve("loss.csv"))).hasSize(2);
      }
      assertThat(found).as(run.out()).isEqualTo(2);
      Cli.Run again = Cli.run("benchmark", "poly", "--dataset", jsb.toString(), "--backend", backend, "--form", "exact",
          "--checkpoint-dir", dir.toString());
      assertThat(again.status()).isEqualTo(2);
      assertThat(again.err().toLowerCase(Locale.ROOT)).contains("--overwrite").doesNotContain("exception");
    }
  }
}
