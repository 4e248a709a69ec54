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

/** A step whose gradients are not finite leaves the weights and the optimizer as they were and reports NaN. */
class DjlNonFiniteStepTest {

  static Stream<ArchitectureSpec> specs() {
    return Stream.of(ArchitectureSpec.lstmTokens(30, 8, 16, 2, 0.3, 5),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 30, 16, 2, 2, 32, 10, 0.3, 5));
  }

  static Batch batch(Random random, int vocabulary, int length) {
    int[][] inputs = new int[4][length];
    int[][] targets = new int[4][length];
    for (int b = 0; b < 4; b++) {
      for (int t = 0; t < length; t++) {
        inputs[b][t] = random.nextInt(vocabulary);
        targets[b][t] = random.nextInt(vocabulary);
      }
    }
    return new Batch.Tokens(inputs, targets);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void gradientsThatAreNotFiniteLeaveTheWeightsAsTheyWere(ArchitectureSpec spec) {
    Random random = new Random(4);
    try (DjlModel model = DjlModels.create(spec)) {
      model.configureTraining(new TrainingSettings(0.01, 1.0));
      model.trainBatch(batch(random, 30, 10));
      NamedTensors before = model.exportWeights();
      model.poisonNextBackward();
      assertThat(model.trainBatch(batch(random, 30, 10))).isNaN();
      assertThat(model.exportWeights()).isEqualTo(before);
      assertThat(model.trainBatch(batch(random, 30, 10))).as("the next step trains again").isFinite();
      assertThat(model.exportWeights()).isNotEqualTo(before);
    }
  }
}
