package dev.cadenza.music;

/**
 * One sounding note: a MIDI pitch and velocity over a span of ticks.
 *
 * @param pitch MIDI key number, 0..127 (60 is middle C)
 * @param velocity MIDI velocity, 1..127
 * @param startTick onset in ticks from the start of the score, at least 0
 * @param durationTicks length in ticks, at least 1 (a note whose on and off fall on the same tick does not sound)
 */
public record Note(int pitch, int velocity, long startTick, long durationTicks) implements Comparable<Note> {

  /** Validates the fields. */
  public Note {
    MidiRanges.checkDataByte("pitch", pitch);
    if (velocity < 1 || velocity > 127) {
      throw new IllegalArgumentException("velocity must be 1..127, was " + velocity);
    }
    MidiRanges.checkTick("startTick", startTick);
    if (durationTicks < 1) {
      throw new IllegalArgumentException("durationTicks must be at least 1, was " + durationTicks);
    }
  }

  /** The tick at which the note stops sounding. */
  public long endTick() {
    return startTick + durationTicks;
  }

  /** This note moved by {@code semitones}; fails if the result leaves 0..127. */
  public Note transpose(int semitones) {
    return new Note(pitch + semitones, velocity, startTick, durationTicks);
  }

  /** This note with another start and duration. */
  public Note withSpan(long newStartTick, long newDurationTicks) {
    return new Note(pitch, velocity, newStartTick, newDurationTicks);
  }

  /** Orders by start, then pitch, then duration, then velocity: the canonical order inside a track. */
  @Override
  public int compareTo(Note other) {
    int c = Long.compare(startTick, other.startTick);
    if (c == 0) {
      c = Integer.compare(pitch, other.pitch);
    }
    if (c == 0) {
      c = Long.compare(durationTicks, other.durationTicks);
    }
    return c != 0 ? c : Integer.compare(velocity, other.velocity);
  }
}
