package dev.cadenza.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import java.util.Random;

/**
 * Two sessions over the same weights, fed the same random inputs step by step, must predict the same: how a backend
 * shows that its engine's sessions and the plain-Java ones ({@link dev.cadenza.model.jvm.JvmSessions}) compute one
 * model. Both must have the same batch size; inputs are tokens or 0/1 frames as the architecture reads.
 */
public final class SessionEquivalence {
  private SessionEquivalence() {}

  /** Feeds {@code steps} random columns to both (reset once halfway) and compares every output. */
  public static void assertSameOutputs(ArchitectureSpec spec, GenerationSession expected, GenerationSession actual, int steps,
      double tolerance, long seed) {
    assertThat(actual.batchSize()).isEqualTo(expected.batchSize());
    Random random = new Random(seed);
    int streams = expected.batchSize();
    for (int t = 0; t < steps; t++) {
      if (t == steps / 2) {
        expected.reset();
        actual.reset();
      }
      float[][] want;
      float[][] got;
      if (spec.input() == ArchitectureSpec.InputKind.TOKENS) {
        int[] column = random.ints(streams, 0, spec.inputSize()).toArray();
        want = expected.next(column);
        got = actual.next(column);
      } else {
        float[][] column = new float[streams][spec.inputSize()];
        for (float[] frame : column) {
          for (int i = 0; i < frame.length; i++) {
            frame[i] = random.nextBoolean() ? 1 : 0;
          }
        }
        want = expected.next(column);
        got = actual.next(column);
      }
      for (int s = 0; s < streams; s++) {
        for (int v = 0; v < want[s].length; v++) {
          assertThat((double) got[s][v]).as("step %d, stream %d, output %d", t, s, v)
              .isCloseTo(want[s][v], within(tolerance * Math.max(1, Math.abs(want[s][v]))));
        }
      }
    }
  }
}
