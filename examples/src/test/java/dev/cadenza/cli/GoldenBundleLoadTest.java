package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.bundle.GoldenBundleTest;
import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.data.Batch;
import dev.cadenza.model.Backends;
import dev.cadenza.model.Logits;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.testing.ReferenceLstm;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The format-1 golden bundle loads on each backend, predicts what its weights say, and generates. */
class GoldenBundleLoadTest {

  @ParameterizedTest
  @ValueSource(strings = {"djl", "dl4j"})
  void theFormatOneBundleLoadsPredictsAndGenerates(String backend, @TempDir Path dir) throws Exception {
    Cli.assumeBackends(backend);
    Path file = GoldenBundleTest.formatOne(dir);
    ModelBundle bundle = ModelBundle.read(file);
    int[] tokens = bundle.primers().get(0);
    try (SequenceModel model = bundle.load(Backends.get(backend))) {
      float[][] predicted = model.predict(new Batch.Tokens(new int[][] {tokens}, new int[][] {tokens}))[0];
      float[][] reference = ReferenceLstm.predictTokens(SafeTensors.fromBytes(bundle.portableWeights(), "golden"),
          bundle.manifest().architecture(), tokens);
      for (int t = 0; t < tokens.length; t++) {
        float[] p = Logits.softmax(predicted[t]);
        float[] q = Logits.softmax(reference[t]);
        for (int v = 0; v < p.length; v++) {
          assertThat((double) p[v]).as("step %d, token %d", t, v).isCloseTo(q[v], org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
    Cli.Run run = Cli.run("generate", "--model", file.toString(), "--backend", backend, "--length", "60", "--seed", "1",
        "--output-path", dir.resolve("golden.mid").toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(dir.resolve("golden.mid")).exists();
  }
}
