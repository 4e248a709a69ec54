package dev.cadenza.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.music.Score;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Generation on the reference backend: a model that learned a phrase continues it; seeds repeat; frames work too. */
class GenerationTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  private static final Provenance PROVENANCE = new Provenance("fingerprint", 6, 2, 1, 0.1, 1, "2026-12-01T00:00:00Z",
      Map.of(), REFERENCE.engine(), 2);

  @Test
  void aModelThatLearnedAPhraseContinuesItAtTemperatureZero() throws IOException {
    try (SequenceModel model = REFERENCE.create(TinyCorpus.lstm(1))) {
      model.configureTraining(new TrainingSettings(0.05, 1.0));
      for (int epoch = 1; epoch <= 60; epoch++) {
        for (Batch batch : TinyCorpus.dataset(1).trainBatches(epoch)) {
          model.trainBatch(batch);
        }
      }
      Batch validation = TinyCorpus.dataset(1).validationBatches().iterator().next();
      assertThat(model.evaluateBatch(validation)).as("validation loss after training").isLessThan(0.1);
      ModelBundle bundle = ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of());
      int[] primer = {60, 265, 188};
      Score generated = Generation.generate(bundle, model, new GenerationRequest(30, 0, 1, Optional.of(primer)));
      int[] expected = IntStream.range(3, 33).map(i -> TinyCorpus.PHRASE[i % TinyCorpus.PHRASE.length]).toArray();
      assertThat(generated).isEqualTo(TinyCorpus.PERFORMANCE.decode(expected));
      assertThat(generated.noteCount()).isEqualTo(10);
    }
  }

  @Test
  void aSeedGivesOneContinuationAndOtherSeedsOthers() throws IOException {
    try (SequenceModel model = REFERENCE.create(TinyCorpus.lstm(2))) {
      ModelBundle bundle = ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE,
          List.of(new int[] {60}, new int[] {64}));
      Score once = Generation.generate(bundle, model, new GenerationRequest(40, 1.0, 11, Optional.empty()));
      assertThat(Generation.generate(bundle, model, new GenerationRequest(40, 1.0, 11, Optional.empty()))).isEqualTo(once);
      long others = IntStream.range(12, 16)
          .mapToObj(seed -> Generation.generate(bundle, model, new GenerationRequest(40, 1.0, seed, Optional.empty())))
          .filter(score -> !score.equals(once)).count();
      assertThat(others).isEqualTo(4);
    }
  }

  @Test
  void aFrameModelGeneratesAPianoRoll() throws IOException {
    FrameEncoding roll = (FrameEncoding) Tokenizers.encoding("piano-roll", TokenizerConfig.DEFAULTS);
    ArchitectureSpec spec = ArchitectureSpec.lstmFrames(roll.frameSize(), 16, 1, 0.0, 3);
    try (SequenceModel model = REFERENCE.create(spec)) {
      ModelBundle bundle = ModelBundle.of(model, "reference", roll.spec(), PROVENANCE, List.of());
      Score generated = Generation.generate(bundle, model, new GenerationRequest(16, 1.0, 5, Optional.empty()));
      assertThat(generated).isEqualTo(Generation.generate(bundle, model, new GenerationRequest(16, 1.0, 5, Optional.empty())));
      assertThat(generated.noteCount()).as("an untrained frame model turns on about half of the values").isPositive();
    }
  }
}
