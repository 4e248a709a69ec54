package dev.cadenza.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import dev.cadenza.tokens.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
}
