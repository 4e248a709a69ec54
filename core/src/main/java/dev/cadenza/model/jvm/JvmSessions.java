package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import java.util.concurrent.ForkJoinPool;

/**
 * Opens generation sessions computed in plain Java, for either model family, from weights in the shared layout.
 * A session copies what it needs (weights transposed for its products), so it runs on the weights as they were when
 * it opened, whatever happens to the model afterwards.
 *
 * <p>On the 2-core machine of the benchmarks (see {@code benchmarks/README.md}), a batch-1 step of the benchmark LSTM
 * (2 x 256) or Transformer (256 wide, 2 blocks) takes a fraction of the time of the same step as a sequence of
 * libtorch or ND4J operations; at larger batches an engine's matrix-matrix kernels may win, so each backend says
 * from which batch on it runs its own.
 *
 * <p>A batch of at least twice {@value #MIN_STREAMS_PER_CORE} streams is shared out between the cores of the common
 * fork-join pool, a session per share stepped at the same time ({@link SplitSession}); each stream's outputs are the
 * same to the last bit as in one session of the whole batch.
 */
public final class JvmSessions {
  /**
   * The fewest streams a core takes when a batch is shared out between cores. On 2 cores, with the benchmark models,
   * batch 4 shared makes 28,000 LSTM tokens/s against 21,000 on one core, and 13,000 Transformer tokens/s against
   * 10,000; batch 2 shared is no faster than on one (18,600 LSTM tokens/s either way).
   */
  static final int MIN_STREAMS_PER_CORE = 2;

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
    int parts = Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, batchSize / MIN_STREAMS_PER_CORE);
    if (parts < 2) {
      return single(spec, weights, batchSize);
    }
    GenerationSession[] sessions = new GenerationSession[parts];
    for (int p = 0; p < parts; p++) {
      sessions[p] = single(spec, weights, (p + 1) * batchSize / parts - p * batchSize / parts);
    }
    return new SplitSession(spec, sessions);
  }

  /** One session of all the streams, on the calling thread. */
  static GenerationSession single(ArchitectureSpec spec, NamedTensors weights, int batchSize) {
    return spec.isTransformer() ? new JvmTransformerSession(spec, weights, batchSize) : new JvmLstmSession(spec, weights, batchSize);
  }
}
