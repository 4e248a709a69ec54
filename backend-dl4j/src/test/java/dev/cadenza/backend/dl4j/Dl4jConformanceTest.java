package dev.cadenza.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.testing.SequenceModelConformanceKit;
import org.junit.jupiter.api.Test;

/** The backend conformance kit on Deeplearning4j. */
class Dl4jConformanceTest extends SequenceModelConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new Dl4jProvider();
  }

  /**
   * The session folds batch normalization into one scale and shift per unit, where DL4J's layer normalizes step by
   * step: the logits of the two agree to about 2e-5 (the probabilities to 1e-6).
   */
  @Override
  protected double stepTolerance() {
    return 5e-5;
  }

  @Test
  void aTransformerIsRefusedWithTheReasonAndTheAlternative() {
    ArchitectureSpec transformer = ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 12, 16, 2, 2, 32, 32, 0, 1);
    assertThatThrownBy(() -> provider().create(transformer)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("builds LSTMs only").hasMessageContaining("use the djl backend");
  }
}
