package dev.cadenza.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.SequenceDataset;
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
  void aModelThatLearnedWherePiecesEndEndsThereWhenAllowed() throws IOException {
    List<EncodedPiece> pieces = IntStream.range(0, 8).mapToObj(p -> (EncodedPiece) new EncodedPiece.Tokens("p" + p, TinyCorpus.PHRASE))
        .toList();
    SequenceDataset data = SequenceDataset.builder(pieces, TinyCorpus.PERFORMANCE).sequenceLength(7).batchSize(8)
        .validationFraction(0).build();
    try (SequenceModel model = REFERENCE.create(TinyCorpus.lstm(2))) {
      model.configureTraining(new TrainingSettings(0.05, 1.0));
      for (int epoch = 1; epoch <= 80; epoch++) {
        for (Batch batch : data.trainBatches(epoch)) {
          model.trainBatch(batch);
        }
      }
      ModelBundle bundle = ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of());
      GenerationRequest fromNothing = GenerationRequest.builder().tokens(100).temperature(0).build();
      Score ended = Generation.generate(bundle, model, new GenerationRequest(fromNothing.length(), fromNothing.sampler(),
          fromNothing.seed(), fromNothing.primer(), fromNothing.pitches(), fromNothing.constraints(), true));
      assertThat(ended).as("<bos>, the phrase, <eos>, long before the 100 tokens asked").isEqualTo(TinyCorpus.PERFORMANCE.decode(TinyCorpus.PHRASE));
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
  void manyPiecesGoThroughOneSessionAndTheFirstIsThePieceAloneWouldGive() throws IOException {
    try (SequenceModel model = REFERENCE.create(TinyCorpus.lstm(2))) {
      ModelBundle bundle = ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE,
          List.of(new int[] {60}, new int[] {64, 266, 192}, new int[] {188, 64}));
      GenerationRequest request = new GenerationRequest(50, new Sampler(1.0).withTopK(50), 21, Primer.fromTraining());
      List<Score> many = Generation.generate(bundle, model, request, 4);
      assertThat(many).hasSize(4).doesNotHaveDuplicates();
      for (int i = 0; i < 4; i++) {
        GenerationRequest alone = new GenerationRequest(50, request.sampler(), 21 + i, Primer.fromTraining());
        assertThat(many.get(i)).as("piece %d", i).isEqualTo(Generation.generate(bundle, model, alone));
      }
    }
  }

  @Test
  void piecesTenTimesTheTrainingWindowPlayOnWithoutSilenceOnBothFamilies() throws IOException {
    ArchitectureSpec transformer = ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS,
        TinyCorpus.PERFORMANCE.vocabulary().size(), 16, 1, 2, 32, 12, 0.0, 4);
    for (ArchitectureSpec spec : List.of(TinyCorpus.lstm(4), transformer)) {
      try (SequenceModel model = REFERENCE.create(spec)) {
        model.configureTraining(new TrainingSettings(0.05, 1.0));
        for (int epoch = 1; epoch <= 60; epoch++) {
          for (Batch batch : TinyCorpus.dataset(1).trainBatches(epoch)) {
            model.trainBatch(batch);
          }
        }
        ModelBundle bundle = ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of());
        Score piece = Generation.generate(bundle, model, new GenerationRequest(120, new Sampler(0.5), 3, Primer.tokens(60)));
        List<Long> onsets = piece.tracks().stream().flatMap(t -> t.notes().stream()).map(n -> n.startTick()).sorted().toList();
        assertThat(onsets).as(spec.family()).hasSizeGreaterThanOrEqualTo(35);
        for (int i = 1; i < onsets.size(); i++) {
          assertThat(onsets.get(i) - onsets.get(i - 1)).as("%s: the gap before note %d, in ticks", spec.family(), i)
              .isLessThanOrEqualTo(piece.tempoMap().resolution());
        }
      }
    }
  }

  @Test
  void lengthsInSecondsAndBarsAreReachedOnTokensAndFrames() throws IOException {
    FrameEncoding roll = (FrameEncoding) Tokenizers.encoding("piano-roll", TokenizerConfig.DEFAULTS);
    try (SequenceModel tokens = REFERENCE.create(TinyCorpus.lstm(6));
        SequenceModel frames = REFERENCE.create(ArchitectureSpec.lstmFrames(roll.frameSize(), 8, 1, 0.0, 6))) {
      ModelBundle tokenBundle = ModelBundle.of(tokens, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of());
      ModelBundle frameBundle = ModelBundle.of(frames, "reference", roll.spec(), PROVENANCE, List.of());
      for (int seed = 0; seed < 3; seed++) {
        GenerationRequest seconds = GenerationRequest.builder().seconds(4).seed(seed).primerTokens(256).build();
        for (Score piece : Generation.generate(tokenBundle, tokens, seconds, 2)) {
          assertThat(piece.durationSeconds()).isGreaterThanOrEqualTo(4);
        }
        GenerationRequest bars = GenerationRequest.builder().bars(3).seed(seed).randomPrimer().build();
        Score rolled = Generation.generate(frameBundle, frames, bars);
        assertThat(rolled.endTick()).as("three bars of 4/4").isGreaterThanOrEqualTo(3L * 4 * rolled.resolution());
        assertThat(rolled.endTick()).as("checked every 16 frames").isLessThan(3L * 4 * rolled.resolution() + 16L * rolled.resolution());
      }
    }
    assertThatThrownBy(() -> Length.seconds(0)).hasMessageContaining("above 0");
    assertThatThrownBy(() -> Length.bars(0)).hasMessageContaining("at least 1 bar");
    assertThatThrownBy(() -> Length.steps(0)).hasMessageContaining("at least 1 step");
  }

  @Test
  void primersMustBeTheModelsKindOfStep() throws IOException {
    FrameEncoding roll = (FrameEncoding) Tokenizers.encoding("piano-roll", TokenizerConfig.DEFAULTS);
    try (SequenceModel tokens = REFERENCE.create(TinyCorpus.lstm(2));
        SequenceModel frames = REFERENCE.create(ArchitectureSpec.lstmFrames(roll.frameSize(), 8, 1, 0.0, 3))) {
      ModelBundle tokenBundle = ModelBundle.of(tokens, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of());
      ModelBundle frameBundle = ModelBundle.of(frames, "reference", roll.spec(), PROVENANCE, List.of());
      Primer framePrimer = new Primer.Frames(new float[][] {new float[roll.frameSize()]});
      assertThatThrownBy(() -> Generation.generate(tokenBundle, tokens, new GenerationRequest(4, new Sampler(1), 1, framePrimer)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame primer for a token model");
      assertThatThrownBy(() -> Generation.generate(frameBundle, frames, new GenerationRequest(4, new Sampler(1), 1, Primer.tokens(60))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token primer for a frame model");
      assertThatThrownBy(() -> Primer.tokens()).hasMessageContaining("at least one token");
      Score tune = TinyCorpus.PERFORMANCE.decode(TinyCorpus.PHRASE);
      assertThat(((Primer.Tokens) Primer.endOf(tune, TinyCorpus.PERFORMANCE, 4)).ids())
          .containsExactly(Arrays.copyOfRange(TinyCorpus.PERFORMANCE.encode(tune), TinyCorpus.PERFORMANCE.encode(tune).length - 4,
              TinyCorpus.PERFORMANCE.encode(tune).length));
      Primer.Frames fromScore = (Primer.Frames) Primer.endOf(tune, roll, 1000);
      assertThat(fromScore.frames()).isDeepEqualTo(roll.encode(tune));
      assertThat(Generation.generate(frameBundle, frames, new GenerationRequest(8, new Sampler(1), 1, fromScore))).isNotNull();
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
