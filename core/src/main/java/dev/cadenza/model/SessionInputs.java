package dev.cadenza.model;

/**
 * The checks every {@link GenerationSession} makes on what it is fed, so that all backends refuse the same
 * mistakes with the same words, and the split of what it returns into one row per stream.
 */
public final class SessionInputs {
  private SessionInputs() {}

  /**
   * Checks one token per stream, each inside the vocabulary.
   *
   * @throws IllegalArgumentException if the model reads frames, the count is wrong, or a token is out of range
   */
  public static void checkTokens(ArchitectureSpec spec, int batchSize, int[] tokens) {
    if (spec.input() != ArchitectureSpec.InputKind.TOKENS) {
      throw new IllegalArgumentException("this model reads frames, not tokens");
    }
    if (tokens.length != batchSize) {
      throw new IllegalArgumentException("one token per stream: expected " + batchSize + ", got " + tokens.length);
    }
    for (int token : tokens) {
      if (token < 0 || token >= spec.inputSize()) {
        throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + spec.inputSize());
      }
    }
  }

  /**
   * Checks one frame per stream, each of the model's frame size.
   *
   * @throws IllegalArgumentException if the model reads tokens, the count is wrong, or a frame has the wrong size
   */
  public static void checkFrames(ArchitectureSpec spec, int batchSize, float[][] frames) {
    if (spec.input() != ArchitectureSpec.InputKind.FRAMES) {
      throw new IllegalArgumentException("this model reads tokens, not frames");
    }
    if (frames.length != batchSize) {
      throw new IllegalArgumentException("one frame per stream: expected " + batchSize + ", got " + frames.length);
    }
    for (int b = 0; b < batchSize; b++) {
      if (frames[b].length != spec.inputSize()) {
        throw new IllegalArgumentException("frames have " + spec.inputSize() + " values, stream " + b + " got " + frames[b].length);
      }
    }
  }

  /**
   * Checks one frame per stream ({@link #checkFrames}) and returns them end to end, [batch x frame size].
   *
   * @throws IllegalArgumentException if the model reads tokens, the count is wrong, or a frame has the wrong size
   */
  public static float[] flatFrames(ArchitectureSpec spec, int batchSize, float[][] frames) {
    checkFrames(spec, batchSize, frames);
    int size = spec.inputSize();
    float[] flat = new float[batchSize * size];
    for (int b = 0; b < batchSize; b++) {
      System.arraycopy(frames[b], 0, flat, b * size, size);
    }
    return flat;
  }

  /** A flat [streams x width] output as one row per stream. */
  public static float[][] perStream(float[] flat, int streams) {
    int width = flat.length / streams;
    float[][] rows = new float[streams][];
    for (int s = 0; s < streams; s++) {
      rows[s] = java.util.Arrays.copyOfRange(flat, s * width, (s + 1) * width);
    }
    return rows;
  }
}
