package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;

/**
 * Opens generation sessions computed in plain Java, for either model family, from weights in the shared layout.
 * A session copies what it needs (weights transposed for its products), so it runs on the weights as they were when
 * it opened, whatever happens to the model afterwards.
 *
 * <p>On the 2-core machine of the benchmarks (see {@code benchmarks/README.md}), a batch-1 step of the benchmark LSTM
 * (2 x 256) or Transformer (256 wide, 2 blocks) takes a fraction of the time of the same step as a sequence of
 * libtorch or ND4J operations; at larger batches an engine's matrix-matrix kernels may win, so each backend says
 * from which batch on it runs its own.
 */
public final class JvmSessions {
  private JvmSessions() {}

  /**
   * A session of {@code batchSize} streams for the model {@code spec} describes, with these weights.
   *
   * @throws IllegalArgumentException if the batch size is not positive, or a tensor the architecture needs is missing
   */
  public static GenerationSession open(ArchitectureSpec spec, NamedTensors weights, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("a session needs at least one stream, not " + batchSize);
    }
    return spec.isTransformer() ? new JvmTransformerSession(spec, weights, batchSize) : new JvmLstmSession(spec, weights, batchSize);
  }
}
