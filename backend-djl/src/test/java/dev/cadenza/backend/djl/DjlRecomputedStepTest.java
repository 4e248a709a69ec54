package dev.cadenza.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.TrainingSettings;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A step whose gradients come back with a NaN is computed again with the same dropout masks: the model ends where an
 * undisturbed run ends, bit for bit; gradients that stay NaN leave the weights as they were.
 */
class DjlRecomputedStepTest {

  static Stream<ArchitectureSpec> specs() {
    return Stream.of(ArchitectureSpec.lstmTokens(30, 8, 16, 2, 0.3, 5),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 30, 16, 2, 2, 32, 10, 0.3, 5));
  }

  private static Batch batch(Random random) {
    int[][] inputs = new int[4][10];
    int[][] targets = new int[4][10];
    for (int b = 0; b < 4; b++) {
      for (int t = 0; t < 10; t++) {
        inputs[b][t] = random.nextInt(30);
        targets[b][t] = random.nextInt(30);
      }
    }
    return new Batch.Tokens(inputs, targets);
  }

  /** Three steps with dropout; before the second, the given number of backward passes is poisoned. */
  private static NamedTensors train(ArchitectureSpec spec, int poisoned, double[] losses, long[] recomputed) {
    Random random = new Random(3);
    try (DjlModel model = DjlModels.create(spec)) {
      model.configureTraining(new TrainingSettings(0.01, 1.0));
      for (int step = 0; step < 3; step++) {
        if (step == 1) {
          model.poisonGradients(poisoned);
        }
        losses[step] = model.trainBatch(batch(random));
      }
      recomputed[0] = model.recomputedSteps();
      return model.exportWeights();
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void aRecomputedStepIsTheStepAnUndisturbedRunTakes(ArchitectureSpec spec) {
    double[] clean = new double[3];
    double[] disturbed = new double[3];
    long[] recomputed = new long[1];
    NamedTensors expected = train(spec, 0, clean, recomputed);
    assertThat(recomputed[0]).isZero();
    NamedTensors actual = train(spec, DjlModel.RECOMPUTATIONS, disturbed, recomputed);
    assertThat(recomputed[0]).isEqualTo(DjlModel.RECOMPUTATIONS);
    assertThat(disturbed).containsExactly(clean);
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void gradientsThatStayNanLeaveTheWeightsAsTheyWere(ArchitectureSpec spec) {
    Random random = new Random(4);
    try (DjlModel model = DjlModels.create(spec)) {
      model.configureTraining(new TrainingSettings(0.01, 1.0));
      model.trainBatch(batch(random));
      NamedTensors before = model.exportWeights();
      model.poisonGradients(DjlModel.RECOMPUTATIONS + 1);
      assertThat(model.trainBatch(batch(random))).isNaN();
      assertThat(model.exportWeights()).isEqualTo(before);
      assertThat(model.trainBatch(batch(random))).as("the next step trains again").isFinite();
      assertThat(model.exportWeights()).isNotEqualTo(before);
    }
  }
}
