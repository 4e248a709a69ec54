package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Backends;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.Logits;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A model trained on one backend, saved as a bundle, loaded on the other: the same predictions, step by step. */
class CrossBackendTest {

  @ParameterizedTest(name = "{0} -> {1}, batch norm {2}")
  @CsvSource({"dl4j, djl, false", "djl, dl4j, false", "dl4j, djl, true", "djl, dl4j, true"})
  void nextTokenProbabilitiesAgreeWithinOneTenThousandth(String from, String to, boolean batchNorm, @TempDir Path dir)
      throws Exception {
    Cli.assumeBackends(from, to);
    int vocabulary = Tokenizers.get("performance", TokenizerConfig.DEFAULTS).vocabulary().size();
    ArchitectureSpec spec = ArchitectureSpec.lstmTokens(vocabulary, 16, 32, 2, 0.2, 7).withBatchNorm(batchNorm);
    Path file = dir.resolve("model.cadenza");
    Random random = new Random(1);
    try (SequenceModel trained = Backends.get(from).create(spec)) {
      trained.configureTraining(new TrainingSettings(0.01, 1.0));
      for (int i = 0; i < 5; i++) {
        int[][] ids = new int[4][20];
        for (int[] row : ids) {
          for (int t = 0; t < row.length; t++) {
            row[t] = random.nextInt(vocabulary);
          }
        }
        trained.trainBatch(new Batch.Tokens(ids, ids));
      }
      ModelBundle.of(trained, from, Tokenizers.get("performance", TokenizerConfig.DEFAULTS).spec(),
          new Provenance("test", 1, 0, 1, 1.0, 7, "now", java.util.Map.of(), "test", 1), List.of()).write(file);
      ModelBundle bundle = ModelBundle.read(file);
      try (SequenceModel moved = bundle.load(Backends.get(to));
          GenerationSession original = trained.openSession(1);
          GenerationSession copy = moved.openSession(1)) {
        double worst = 0;
        int token = 5;
        for (int step = 0; step < 40; step++) {
          float[] a = Logits.softmax(original.next(new int[] {token})[0]);
          float[] b = Logits.softmax(copy.next(new int[] {token})[0]);
          for (int v = 0; v < a.length; v++) {
            worst = Math.max(worst, Math.abs(a[v] - b[v]));
          }
          token = random.nextInt(vocabulary);
        }
        assertThat(worst).as(from + " -> " + to).isLessThan(1e-4);
      }
    }
  }
}
