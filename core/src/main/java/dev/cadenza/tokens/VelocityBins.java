package dev.cadenza.tokens;

/**
 * Velocities grouped into equal bins, as Performance RNN groups them: with 32 bins, 1-4 is bin 1 and reads
 * back as 1, 5-8 is bin 2 and reads back as 5, and so on.
 */
final class VelocityBins {
  private final int bins;
  private final int size;

  VelocityBins(int bins) {
    if (bins < 1 || bins > 127) {
      throw new IllegalArgumentException("velocityBins must be 1..127, was " + bins);
    }
    this.bins = bins;
    this.size = (127 + bins - 1) / bins;
  }

  int count() {
    return bins;
  }

  /** The bin of a velocity, 1..bins. */
  int bin(int velocity) {
    return Math.min(bins, (velocity - 1) / size + 1);
  }

  /** The velocity a bin reads back as. */
  int velocity(int bin) {
    return 1 + (bin - 1) * size;
  }

  /** A velocity as it reads back after binning. */
  int quantize(int velocity) {
    return velocity(bin(velocity));
  }
}
