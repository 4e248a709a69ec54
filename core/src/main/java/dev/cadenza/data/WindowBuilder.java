package dev.cadenza.data;

/**
 * What {@link SequenceDataset.Builder} and {@link ShardedDataset.Builder} share: how windows are cut, batched, shuffled
 * and transposed, with the same defaults and checks.
 *
 * @param <B> the builder itself, for chaining
 */
abstract class WindowBuilder<B extends WindowBuilder<B>> {
  int sequenceLength = 64;
  int stride = -1;
  int batchSize = 32;
  long seed = 42;
  int lowestShift;
  int highestShift;

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Steps per window (default 64). */
  public B sequenceLength(int steps) {
    this.sequenceLength = steps;
    return self();
  }

  /** Steps between the starts of consecutive windows of a piece (default: the sequence length). */
  public B stride(int steps) {
    this.stride = steps;
    return self();
  }

  /** Windows per batch (default 32); the last batch of an epoch may be smaller. */
  public B batchSize(int windows) {
    this.batchSize = windows;
    return self();
  }

  /** The seed of the split, the shuffles and the transpositions (default 42). */
  public B seed(long value) {
    this.seed = value;
    return self();
  }

  /** Transposes each training window by a number of semitones drawn from {@code lowest..highest} (default 0..0). */
  public B transpose(int lowest, int highest) {
    this.lowestShift = lowest;
    this.highestShift = highest;
    return self();
  }

  /**
   * Sets the default stride and checks the window settings.
   *
   * @throws IllegalArgumentException naming a setting out of range
   */
  void checkWindows() {
    if (sequenceLength < 1) {
      throw new IllegalArgumentException("sequenceLength must be at least 1, was " + sequenceLength);
    }
    if (stride == -1) {
      stride = sequenceLength;
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be at least 1, was " + stride);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    if (lowestShift > highestShift || lowestShift < -24 || highestShift > 24) {
      throw new IllegalArgumentException("the transposition range must be within -24..24 semitones, lowest first, was "
          + lowestShift + ".." + highestShift);
    }
  }
}
