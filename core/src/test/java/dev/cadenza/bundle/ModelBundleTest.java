package dev.cadenza.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.data.Batch;
import dev.cadenza.generation.Generation;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.music.Score;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles on the reference backend: what is written is what is read and loaded, on its own backend or another. */
class ModelBundleTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  private static final Provenance PROVENANCE = new Provenance("fingerprint", 6, 2, 1, 1.5, 3, "2026-12-01T00:00:00Z",
      Map.of("--units", "16"), REFERENCE.engine(), 2);

  private static SequenceModel trained(ArchitectureSpec spec) {
    SequenceModel model = REFERENCE.create(spec);
    model.configureTraining(new TrainingSettings(0.01, 1.0));
    for (Batch batch : TinyCorpus.dataset(1).trainBatches(1)) {
      model.trainBatch(batch);
    }
    return model;
  }

  @Test
  void aBundleReadsBackAndLoadsTheSameModel(@TempDir Path dir) throws IOException {
    Batch batch = TinyCorpus.dataset(1).validationBatches().iterator().next();
    for (ArchitectureSpec spec : List.of(TinyCorpus.lstm(4),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, TinyCorpus.PERFORMANCE.vocabulary().size(), 16, 1, 2, 32, 16, 0.0, 4))) {
      try (SequenceModel model = trained(spec)) {
        Path file = dir.resolve(spec.family() + ModelBundle.EXTENSION);
        ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of(new int[] {60, 265})).write(file);
        ModelBundle read = ModelBundle.read(file);
        assertThat(read.manifest().architecture()).isEqualTo(spec);
        assertThat(read.manifest().training()).isEqualTo(PROVENANCE);
        assertThat(read.primers()).containsExactly(new int[] {60, 265});
        try (SequenceModel own = read.load(REFERENCE)) {
          assertThat(own.predict(batch)).isDeepEqualTo(model.predict(batch));
        }
        ModelBundle elsewhere = new ModelBundle(new BundleManifest(read.manifest().formatVersion(), read.manifest().libraryVersion(),
            "another-backend", spec, read.manifest().tokenizer(), PROVENANCE, read.manifest().weightsSha256(),
            read.manifest().portableWeightsSha256()), read.weights(), read.portableWeights(), read.primers());
        try (SequenceModel ported = elsewhere.load(REFERENCE)) {
          assertThat(ported.predict(batch)).as("through the portable weights").isDeepEqualTo(model.predict(batch));
        }
      }
    }
  }

  @Test
  void weightsThatDoNotMatchTheirChecksumAreRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model.cadenza");
    try (SequenceModel model = trained(TinyCorpus.lstm(5))) {
      ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of()).write(file);
    }
    Path tampered = dir.resolve("tampered.cadenza");
    try (ZipFile in = new ZipFile(file.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
      for (ZipEntry entry : java.util.Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(entry).readAllBytes();
        if (entry.getName().equals("weights.safetensors")) {
          bytes[bytes.length - 1] ^= 1;
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    assertThatThrownBy(() -> ModelBundle.read(tampered)).isInstanceOf(IOException.class).hasMessageContaining(tampered.toString());
  }

  @Test
  void theGoldenBundleGeneratesOnTheReferenceBackend(@TempDir Path dir) throws IOException {
    ModelBundle golden = ModelBundle.read(GoldenBundleTest.formatOne(dir));
    try (SequenceModel model = golden.load(REFERENCE)) {
      Score first = Generation.generate(golden, model, new GenerationRequest(64, 1.0, 7, Optional.empty()));
      Score again = Generation.generate(golden, model, new GenerationRequest(64, 1.0, 7, Optional.empty()));
      assertThat(again).isEqualTo(first);
      assertThat(first.noteCount()).isPositive();
    }
  }
}
