package dev.cadenza.model;

/**
 * Step-by-step inference with carried state: each call feeds one step of each of {@code batchSize} independent
 * streams and returns the model's prediction for the next step, without re-reading what came before. A session
 * runs on the weights as they were when it opened, whatever training does meanwhile. Not thread-safe: one session
 * per thread; sessions do not disturb each other.
 */
public interface GenerationSession extends AutoCloseable {
  /** The number of independent streams. */
  int batchSize();

  /**
   * Feeds one token per stream and returns, per stream, the logits of the next token (raw scores; core samples
   * from them, see {@link Logits}).
   *
   * @throws IllegalArgumentException if the model reads frames, or the array is not one per stream
   */
  float[][] next(int[] tokens);

  /**
   * Feeds one frame per stream and returns, per stream, a logit for each value of the next frame (a sigmoid of it is
   * the value's probability).
   *
   * @throws IllegalArgumentException if the model reads tokens, or the array is not one per stream
   */
  float[][] next(float[][] frames);

  /** Forgets everything fed so far. */
  void reset();

  @Override
  void close();
}
