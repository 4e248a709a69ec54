package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SessionInputs;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * A batch whose streams are shared out between sessions of their own, stepped at the same time on the common
 * fork-join pool (the calling thread takes a part too). The streams of a batch never meet, so each part computes
 * exactly what it would in one session, and on a machine of several cores a step takes about the time of its part.
 */
final class SplitSession implements GenerationSession {
  private final ArchitectureSpec spec;
  private final GenerationSession[] parts;
  /** Part p holds streams starts[p] (inclusive) to starts[p + 1]. */
  private final int[] starts;

  /** The streams in this order, split between these sessions (each as wide as its share, together all of them). */
  SplitSession(ArchitectureSpec spec, GenerationSession[] parts) {
    this.spec = spec;
    this.parts = parts.clone();
    starts = new int[parts.length + 1];
    for (int p = 0; p < parts.length; p++) {
      starts[p + 1] = starts[p] + parts[p].batchSize();
    }
  }

  @Override
  public int batchSize() {
    return starts[parts.length];
  }

  @Override
  public float[][] next(int[] tokens) {
    SessionInputs.checkTokens(spec, batchSize(), tokens);
    return step(p -> parts[p].next(Arrays.copyOfRange(tokens, starts[p], starts[p + 1])));
  }

  @Override
  public float[][] next(float[][] frames) {
    SessionInputs.checkFrames(spec, batchSize(), frames);
    return step(p -> parts[p].next(Arrays.copyOfRange(frames, starts[p], starts[p + 1])));
  }

  /** Steps every part at once; their outputs, in stream order. */
  private float[][] step(IntFunction<float[][]> part) {
    float[][] out = new float[batchSize()][];
    IntStream.range(0, parts.length).parallel()
        .forEach(p -> System.arraycopy(part.apply(p), 0, out, starts[p], starts[p + 1] - starts[p]));
    return out;
  }

  @Override
  public void reset() {
    for (GenerationSession part : parts) {
      part.reset();
    }
  }

  @Override
  public void close() {
    for (GenerationSession part : parts) {
      part.close();
    }
  }
}
