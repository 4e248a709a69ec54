package dev.cadenza.music;

/**
 * A pitch-wheel position set at a tick.
 *
 * @param tick when the bend takes effect
 * @param value bend amount, -8192..8191, 0 being the centre
 */
public record PitchBend(long tick, int value) {
  /** Validates the fields. */
  public PitchBend {
    MidiRanges.checkTick("tick", tick);
    if (value < -8192 || value > 8191) {
      throw new IllegalArgumentException("pitch bend must be -8192..8191, was " + value);
    }
  }
}
