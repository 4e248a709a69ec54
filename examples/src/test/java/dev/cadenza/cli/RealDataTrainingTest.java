package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cadenza train} with its default model and settings on real chorales (six short ones, so an epoch is
 * a few batches): several seeds on both backends and both families finish without a NaN, and two runs with one seed
 * give the same losses and the same weights (to within 4 ulps: see {@link #oneSeedGivesOneModel}).
 */
class RealDataTrainingTest {
  private static final int FILES = 6;
  private static Path chorales;
  private static Path cache;

  @BeforeAll
  static void someChorales(@TempDir Path dir) throws IOException {
    chorales = Files.createDirectories(dir.resolve("chorales"));
    cache = dir.resolve("cache");
    // Short chorales, from the lower quartile by size, so that each epoch is a few batches.
    List<Path> bySize = new ArrayList<>(SharedData.files("bach-chorales-midi", ".mid"));
    bySize.sort(java.util.Comparator.comparingLong((Path p) -> p.toFile().length()).thenComparing(Path::toString));
    for (Path file : bySize.subList(bySize.size() / 4, bySize.size() / 4 + FILES)) {
      Files.createSymbolicLink(chorales.resolve(file.getFileName()), file);
    }
  }

  static Stream<Arguments> runs() {
    List<Arguments> runs = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      runs.add(Arguments.of("djl", "lstm", seed, 3));
      runs.add(Arguments.of("djl", "transformer", seed, 3));
    }
    runs.add(Arguments.of("dl4j", "lstm", 1, 3));
    return runs.stream();
  }

  @ParameterizedTest(name = "{0} {1}, seed {2}, {3} epochs")
  @MethodSource("runs")
  void theDefaultModelTrainsWithoutANaN(String backend, String family, int seed, int epochs, @TempDir Path dir) throws IOException {
    Cli.assumeBackends(backend);
    Cli.Run run = train(backend, family, seed, epochs, dir);
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContainIgnoringCase("nan");
    assertThat(run.out()).contains("epoch " + epochs + ": loss").contains("trained " + epochs + " epochs");
    List<String> history = Files.readAllLines(dir.resolve("loss.csv"));
    assertThat(history).hasSize(epochs + 1);
    for (String line : history.subList(1, history.size())) {
      assertThat(Double.parseDouble(line.split(",")[2])).as("validation loss in %s", line).isFinite().isPositive();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"djl, lstm", "djl, transformer", "dl4j, lstm"})
  void oneSeedGivesOneModel(String backend, String family, @TempDir Path dir) throws IOException {
    Cli.assumeBackends(backend);
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(train(backend, family, 7, 1, first).status()).isZero();
    assertThat(train(backend, family, 7, 1, second).status()).isZero();
    assertThat(losses(second)).isEqualTo(losses(first));
    NamedTensors a = SafeTensors.fromBytes(ModelBundle.read(first.resolve("best.cadenza")).portableWeights(), "first");
    NamedTensors b = SafeTensors.fromBytes(ModelBundle.read(second.resolve("best.cadenza")).portableWeights(), "second");
    assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
    // Bit for bit in almost every run; in a rare one (seen once in a fresh clone at 5cc288b) a few weights differed
    // in their last bit or two, from a CPU kernel not yet found (see the README): the test allows 4 ulps, no more.
    for (String name : a.tensors().keySet()) {
      float[] x = a.get(name).values();
      float[] y = b.get(name).values();
      for (int i = 0; i < x.length; i++) {
        assertThat(Math.abs(x[i] - y[i])).as("%s[%d]: %s and %s", name, i, x[i], y[i])
            .isLessThanOrEqualTo(4 * Math.ulp(Math.max(Math.abs(x[i]), Math.abs(y[i]))));
      }
    }
  }

  private static Cli.Run train(String backend, String family, int seed, int epochs, Path checkpoints) {
    return Cli.run("train", "--data-dir", chorales.toString(), "--backend", backend, "--architecture", family, "--seed", String.valueOf(seed),
        "--epochs", String.valueOf(epochs), "--checkpoint-dir", checkpoints.toString(), "--cache-dir", cache.toString());
  }

  /** The loss history without its throughput column, which depends on the machine's load. */
  private static List<String> losses(Path checkpoints) throws IOException {
    return Files.readAllLines(checkpoints.resolve("loss.csv")).stream()
        .map(line -> line.replaceFirst(",[^,]*,([^,]*)$", ",$1")).toList();
  }
}
