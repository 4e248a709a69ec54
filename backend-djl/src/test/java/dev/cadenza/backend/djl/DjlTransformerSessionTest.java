package dev.cadenza.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DjlTransformerSessionTest {
  private static final ArchitectureSpec SPEC = ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 12, 16, 2, 2, 32, 8, 0, 3);

  @Test
  void beyondTheContextASessionGoesOnFromTheRecentHalf() {
    int[] tokens = new Random(4).ints(12, 0, 12).toArray();
    try (SequenceModel model = new DjlProvider().create(SPEC); GenerationSession session = model.openSession(1)) {
      float[] last = null;
      for (int token : tokens) {
        last = session.next(new int[] {token})[0];
      }
      // 8 steps fill the context; the 9th rebuilds from steps 5..8 and goes on: the last prediction is that of
      // the whole sequence of steps 5..12.
      int[] recent = Arrays.copyOfRange(tokens, 4, 12);
      float[] expected = model.predict(new Batch.Tokens(new int[][] {recent}, new int[][] {recent}))[0][7];
      for (int v = 0; v < expected.length; v++) {
        assertThat((double) last[v]).isCloseTo(expected[v], Offset.offset(1e-4));
      }
    }
  }

  @Test
  void windowsLongerThanTheContextAreRefused() {
    try (SequenceModel model = new DjlProvider().create(SPEC)) {
      int[][] ids = new int[1][9];
      assertThatThrownBy(() -> model.evaluateBatch(new Batch.Tokens(ids, ids))).hasMessageContaining("exceed the Transformer's context of 8");
    }
  }
}
