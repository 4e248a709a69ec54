package dev.cadenza.music;

/**
 * A metre that starts at a tick.
 *
 * @param tick where the metre starts
 * @param numerator beats per bar, 1..255
 * @param denominator the beat's note value, a power of two (1, 2, 4, 8, ...)
 */
public record TimeSignature(long tick, int numerator, int denominator) {
  /** Validates the fields. */
  public TimeSignature {
    MidiRanges.checkTick("tick", tick);
    if (numerator < 1 || numerator > 255) {
      throw new IllegalArgumentException("time signature numerator must be 1..255, was " + numerator);
    }
    if (denominator < 1 || Integer.bitCount(denominator) != 1 || denominator > 1 << 30) {
      throw new IllegalArgumentException("time signature denominator must be a power of two, was " + denominator);
    }
  }

  /** The length of one bar in ticks at the given resolution (ticks per quarter note). */
  public long ticksPerBar(int resolution) {
    return (long) numerator * resolution * 4 / denominator;
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator + "@" + tick;
  }
}
