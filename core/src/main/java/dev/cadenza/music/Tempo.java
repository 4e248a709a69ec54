package dev.cadenza.music;

/**
 * A tempo that starts at a tick, in the unit Standard MIDI Files use.
 *
 * @param tick where the tempo starts
 * @param microsPerQuarter length of a quarter note in microseconds, 1..16777215
 */
public record Tempo(long tick, int microsPerQuarter) {
  /** The tempo a MIDI file has until it says otherwise: 120 quarter notes per minute. */
  public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

  /** Validates the fields. */
  public Tempo {
    MidiRanges.checkTick("tick", tick);
    if (microsPerQuarter < 1 || microsPerQuarter > 0xFFFFFF) {
      throw new IllegalArgumentException("tempo must be 1..16777215 microseconds per quarter, was " + microsPerQuarter);
    }
  }

  /** The tempo in quarter notes per minute. */
  public double bpm() {
    return 60_000_000.0 / microsPerQuarter;
  }

  /** A tempo given in quarter notes per minute, rounded to whole microseconds. */
  public static Tempo ofBpm(long tick, double bpm) {
    return new Tempo(tick, (int) Math.round(60_000_000.0 / bpm));
  }
}
