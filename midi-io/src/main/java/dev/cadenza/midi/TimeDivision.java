package dev.cadenza.midi;

/** How a Standard MIDI File counts time: ticks per quarter note, or SMPTE frames per second and ticks per frame. */
public sealed interface TimeDivision {

  /**
   * Musical time: ticks per quarter note, converted to seconds through the file's tempo changes.
   *
   * @param ticksPerQuarter ticks per quarter note, 1..32767
   */
  record Metrical(int ticksPerQuarter) implements TimeDivision {
    @Override
    public String toString() {
      return ticksPerQuarter + " ticks per quarter";
    }
  }

  /**
   * Absolute time: SMPTE frames per second (24, 25, 29 for 29.97 drop-frame, or 30) and ticks per frame.
   *
   * @param framesPerSecond 24, 25, 29 or 30
   * @param ticksPerFrame ticks per frame, 1..255
   */
  record Timecode(int framesPerSecond, int ticksPerFrame) implements TimeDivision {
    /** Frames per second as a number, 29.97 for drop-frame. */
    public double exactFramesPerSecond() {
      return framesPerSecond == 29 ? 30_000.0 / 1001.0 : framesPerSecond;
    }

    @Override
    public String toString() {
      return "SMPTE " + (framesPerSecond == 29 ? "29.97" : framesPerSecond) + " fps, " + ticksPerFrame + " ticks per frame";
    }
  }
}
