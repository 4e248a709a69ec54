package dev.cadenza.music;

/**
 * A key that starts at a tick, as a Standard MIDI File states it.
 *
 * @param tick where the key starts
 * @param sharps number of sharps (positive) or flats (negative), -7..7
 * @param minor whether the key is minor
 */
public record KeySignature(long tick, int sharps, boolean minor) {
  private static final String[] MAJOR = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"};
  private static final String[] MINOR = {"Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#"};

  /** Validates the fields. */
  public KeySignature {
    MidiRanges.checkTick("tick", tick);
    if (sharps < -7 || sharps > 7) {
      throw new IllegalArgumentException("key signature must have -7..7 sharps, was " + sharps);
    }
  }

  /** The key's name, such as {@code "Eb major"} or {@code "F# minor"}. */
  public String name() {
    return (minor ? MINOR : MAJOR)[sharps + 7] + (minor ? " minor" : " major");
  }
}
