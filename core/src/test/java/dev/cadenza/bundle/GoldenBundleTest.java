package dev.cadenza.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle written by Cadenza 0.1.0 (bundle format 1: a DJL LSTM trained one epoch on six made-up tunes, with the
 * provenance of {@code cadenza train}) must stay readable by every later version, so that users' models survive
 * upgrades. Do not regenerate it: add a new golden file for a new format instead.
 */
public class GoldenBundleTest {
  /** The golden bundle of format 1, copied into a folder (it may sit in a jar). */
  public static Path formatOne(Path dir) throws IOException {
    Path file = dir.resolve("golden-format-1-djl-lstm.cadenza");
    try (InputStream in = GoldenBundleTest.class.getResourceAsStream("golden-format-1-djl-lstm.cadenza")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void theFormatOneBundleStillReads(@TempDir Path dir) throws Exception {
    ModelBundle bundle = ModelBundle.read(formatOne(dir));
    BundleManifest manifest = bundle.manifest();
    assertThat(manifest.formatVersion()).isEqualTo(1);
    assertThat(manifest.backend()).isEqualTo("djl");
    assertThat(manifest.architecture()).isEqualTo(ArchitectureSpec.lstmTokens(542, 4, 8, 1, 0.0, 5));
    assertThat(manifest.architecture().mismatch(Tokenizers.fromSpec(manifest.tokenizer()))).isEmpty();
    Provenance training = manifest.training();
    assertThat(training.epochs()).isEqualTo(1);
    assertThat(training.seed()).isEqualTo(5);
    assertThat(training.engine()).isEqualTo("PyTorch 2.7.1 (DJL 0.36.0)");
    assertThat(training.cores()).isPositive();
    assertThat(training.settings()).containsEntry("--tokenizer", "remi").containsEntry("--units", "8")
        .containsEntry("--sequence-length", "16").containsEntry("learning_rate", "0.001");
    NamedTensors weights = SafeTensors.fromBytes(bundle.portableWeights(), "weights.safetensors");
    assertThat(weights.get("embedding.weight").shape()).containsExactly(542, 4);
    assertThat(weights.get("lstm.0.weight_ih").shape()).containsExactly(32, 4);
    assertThat(weights.get("output.weight").shape()).containsExactly(542, 8);
    assertThat(bundle.primers()).isNotEmpty();
  }
}
