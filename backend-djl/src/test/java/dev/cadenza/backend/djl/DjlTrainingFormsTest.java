package dev.cadenza.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training looks embeddings up in another form than inference (a one-hot product; see {@link DjlModel#lookup}):
 * without dropout, both forms must give the same loss on the same batch.
 */
class DjlTrainingFormsTest {

  static Stream<ArchitectureSpec> specs() {
    return Stream.of(ArchitectureSpec.lstmTokens(40, 8, 16, 2, 0.0, 5),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 40, 16, 2, 2, 32, 12, 0.0, 5));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void theTrainingFormsComputeWhatInferenceComputes(ArchitectureSpec spec) {
    Random random = new Random(9);
    try (SequenceModel model = new DjlProvider().create(spec)) {
      model.configureTraining(new TrainingSettings(0.01, 1.0));
      for (int round = 0; round < 8; round++) {
        int[][] inputs = new int[4][12];
        int[][] targets = new int[4][12];
        for (int b = 0; b < 4; b++) {
          for (int t = 0; t < 12; t++) {
            inputs[b][t] = random.nextInt(40);
            targets[b][t] = random.nextInt(40);
          }
        }
        Batch batch = new Batch.Tokens(inputs, targets);
        double inference = model.evaluateBatch(batch);
        double training = model.trainBatch(batch); // the loss before this batch's update
        assertThat(training).as("round %d", round).isCloseTo(inference, Offset.offset(1e-5));
      }
    }
  }
}
