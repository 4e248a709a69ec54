package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;

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
 * fork-join pool, a session per share stepped at the same time ({@link SplitSession}), all computing with one copy of
 * the weights; each stream's outputs are the same to the last bit as in one session of the whole batch.
 */
public final class JvmSessions {
  /**
   * The fewest streams a core takes when a batch is shared out between cores. On 2 cores, with the benchmark models
   * (four runs each): batch 4 shared makes 24,300 to 26,500 LSTM tokens/s against 22,000 to 24,900 on one core, and
   * 12,300 to 13,200 Transformer tokens/s against 9,000 to 9,200; batch 6, 29,000 to 33,500 against 22,700 to 26,100;
   * batch 2 shared is slower than on one (17,600 LSTM tokens/s against 21,100).
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
    IntFunction<GenerationSession> sessions = sharing(spec, weights);
    int parts = Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, batchSize / MIN_STREAMS_PER_CORE);
    if (parts < 2) {
      return sessions.apply(batchSize);
    }
    GenerationSession[] shares = new GenerationSession[parts];
    for (int p = 0; p < parts; p++) {
      shares[p] = sessions.apply((p + 1) * batchSize / parts - p * batchSize / parts);
    }
    return new SplitSession(spec, shares);
  }

  /** Sessions of any batch size, each on the calling thread, sharing one prepared copy of the weights. */
  static IntFunction<GenerationSession> sharing(ArchitectureSpec spec, NamedTensors weights) {
    return spec.isTransformer() ? JvmTransformerSession.sharing(spec, weights) : JvmLstmSession.sharing(spec, weights);
  }
}
