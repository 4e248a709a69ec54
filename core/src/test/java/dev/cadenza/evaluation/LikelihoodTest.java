package dev.cadenza.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import dev.cadenza.tokens.ChordStepTokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The likelihood step by step through a session equals the model's own loss on the whole piece as one window (the
 * training path): for tokens (after {@code <bos>}, then {@code <eos>}) and for frames, on both model families.
 */
class LikelihoodTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();

  @Test
  void tokensStepByStepEqualTheWholeWindowsLoss() {
    Vocabulary vocabulary = TinyCorpus.PERFORMANCE.vocabulary();
    int[] piece = {60, 265, 188, 64, 266, 192, 60, 270, 188};
    int[] framed = new int[piece.length + 2];
    framed[0] = vocabulary.id(Vocabulary.BOS);
    System.arraycopy(piece, 0, framed, 1, piece.length);
    framed[framed.length - 1] = vocabulary.id(Vocabulary.EOS);
    Batch window = new Batch.Tokens(new int[][] {Arrays.copyOf(framed, framed.length - 1)},
        new int[][] {Arrays.copyOfRange(framed, 1, framed.length)});
    for (ArchitectureSpec spec : List.of(TinyCorpus.lstm(3), ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS,
        vocabulary.size(), 16, 1, 2, 32, 16, 0.0, 3))) {
      try (SequenceModel model = REFERENCE.create(spec)) {
        Likelihood.Result result = Likelihood.tokens(model, vocabulary, "piece", piece);
        assertThat(result.steps()).as("every token and <eos>").isEqualTo(piece.length + 1);
        assertThat(result.perStep()).as(spec.family()).isCloseTo(model.evaluateBatch(window), within(1e-4));
        assertThat(result.perplexity()).isCloseTo(Math.exp(result.perStep()), within(1e-9));
      }
    }
  }

  @Test
  void framesStepByStepEqualTheWholeWindowsLoss() {
    Random random = new Random(5);
    float[][] frames = new float[10][12];
    for (float[] frame : frames) {
      for (int k = 0; k < frame.length; k++) {
        frame[k] = random.nextInt(4) == 0 ? 1f : 0f;
      }
    }
    Batch window = new Batch.Frames(new float[][][] {Arrays.copyOf(frames, 9)}, new float[][][] {Arrays.copyOfRange(frames, 1, 10)});
    for (ArchitectureSpec spec : List.of(ArchitectureSpec.lstmFrames(12, 8, 1, 0.0, 4),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.FRAMES, 12, 16, 1, 2, 32, 16, 0.0, 4))) {
      try (SequenceModel model = REFERENCE.create(spec)) {
        Likelihood.Result result = Likelihood.frames(model, "roll", frames);
        assertThat(result.steps()).isEqualTo(9);
        assertThat(result.perStep()).as(spec.family()).isCloseTo(model.evaluateBatch(window), within(1e-4));
      }
    }
    assertThat(Likelihood.Result.total("all", List.of(new Likelihood.Result("a", 2, 3), new Likelihood.Result("b", 4, 6))))
        .isEqualTo(new Likelihood.Result("all", 6, 9));
  }

  /** A session whose every prediction is all-zero logits: uniform over tokens, one half for every frame value. */
  private static GenerationSession flat(int batchSize, int width) {
    return new GenerationSession() {
      @Override
      public int batchSize() {
        return batchSize;
      }

      @Override
      public float[][] next(int[] tokens) {
        return new float[batchSize][width];
      }

      @Override
      public float[][] next(float[][] frames) {
        return new float[batchSize][width];
      }

      @Override
      public void reset() {}

      @Override
      public void close() {}
    };
  }

  private static final ChordStepTokenizer THREE_KEYS = (ChordStepTokenizer) Tokenizers.get("chord-steps",
      TokenizerConfig.of("lowestPitch", "60", "highestPitch", "62"));

  @Test
  void bothFormsMatchHandComputedValuesOnATinyPianoRoll() {
    float[][] roll = {{1, 0, 1}, {1, 0, 1}, {0, 1, 0}, {0, 0, 0}};
    // factorized, every logit 0: each of the 3 keys of the 3 predicted frames costs ln 2
    Likelihood.Result factorized = Likelihood.frames(flat(1, 3), List.of(new Likelihood.Roll("roll", roll))).get(0);
    assertThat(factorized.steps()).isEqualTo(3);
    assertThat(factorized.nll()).isCloseTo(9 * Math.log(2), within(1e-9));
    // exact, every logit 0: a token is uniform over what may come. {60, 62}: Pitch_60 of 4 (3 pitches or Step), Pitch_62
    // of 3 (61, 62, Step), Step of 1: ln 12. {61}: 1 of 4, then Step of 2 (62, Step): ln 8. {}: Step of 4: ln 4.
    Likelihood.Result exact = Likelihood.chords(flat(1, THREE_KEYS.vocabulary().size()), THREE_KEYS,
        List.of(new Likelihood.Roll("roll", roll))).get(0);
    assertThat(exact.steps()).isEqualTo(3);
    assertThat(exact.nll()).isCloseTo(Math.log(12) + Math.log(8) + Math.log(4), within(1e-9));
  }

  @Test
  void theExactFormIsANormalizedDistributionOverChords() {
    ArchitectureSpec spec = ArchitectureSpec.lstmTokens(THREE_KEYS.vocabulary().size(), 4, 8, 1, 0.0, 11);
    try (SequenceModel model = REFERENCE.create(spec)) {
      for (float[] context : new float[][] {{1, 0, 1}, {0, 0, 0}, {0, 1, 1}}) {
        double total = 0;
        for (int chord = 0; chord < 8; chord++) {
          float[] next = {chord & 1, (chord >> 1) & 1, (chord >> 2) & 1};
          total += Math.exp(-Likelihood.chords(model, THREE_KEYS, List.of(new Likelihood.Roll("c", new float[][] {context, next})))
              .get(0).nll());
        }
        assertThat(total).as("the 8 chords after %s", Arrays.toString(context)).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  @Property(tries = 20)
  void manyPiecesAtOnceScoreAsEachAlone(@ForAll @IntRange(min = 1, max = 9) int pieces, @ForAll long seed) {
    Random random = new Random(seed);
    List<Likelihood.Roll> rolls = new ArrayList<>();
    for (int i = 0; i < pieces; i++) {
      float[][] frames = new float[random.nextInt(7)][3];
      for (float[] frame : frames) {
        for (int k = 0; k < 3; k++) {
          frame[k] = random.nextBoolean() ? 1 : 0;
        }
      }
      rolls.add(new Likelihood.Roll("p" + i, frames));
    }
    try (SequenceModel tokens = REFERENCE.create(ArchitectureSpec.lstmTokens(THREE_KEYS.vocabulary().size(), 4, 8, 1, 0.0, seed));
        SequenceModel frames = REFERENCE.create(ArchitectureSpec.lstmFrames(3, 8, 1, 0.0, seed))) {
      List<Likelihood.Result> chords = Likelihood.chords(tokens, THREE_KEYS, rolls);
      List<Likelihood.Result> factorized = Likelihood.frames(frames, rolls);
      for (int i = 0; i < pieces; i++) {
        Likelihood.Roll roll = rolls.get(i);
        assertThat(chords.get(i).nll()).isCloseTo(Likelihood.chords(tokens, THREE_KEYS, List.of(roll)).get(0).nll(), within(1e-4));
        assertThat(factorized.get(i)).usingRecursiveComparison().withComparatorForType((a, b) -> Math.abs(a - b) < 1e-4 ? 0 : 1,
            Double.class).isEqualTo(Likelihood.frames(frames, roll.source(), roll.frames()));
        assertThat(chords.get(i).steps()).isEqualTo(Math.max(0, roll.frames().length - 1));
      }
    }
  }
}
