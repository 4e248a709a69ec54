package dev.cadenza.generation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pitches generated notes may have: those of a key (its scale's pitch classes) within a range. Tokens that
 * would start another pitch are never drawn; notes already sounding (from the primer) may still end.
 *
 * @param pitchClasses the allowed pitch classes, 0 (C) to 11 (B), sorted
 * @param lowest the lowest allowed MIDI pitch
 * @param highest the highest allowed MIDI pitch
 */
public record PitchConstraint(int[] pitchClasses, int lowest, int highest) {
  /** Every pitch. */
  public static final PitchConstraint ANY = new PitchConstraint(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0, 127);

  private static final List<String> LETTERS = List.of("C", "D", "E", "F", "G", "A", "B");
  private static final int[] LETTER_PITCH = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
  private static final Pattern KEY = Pattern.compile("([A-Ga-g])([#b]?)\\s*(major|minor|maj|min|m)?");
  private static final Pattern NOTE = Pattern.compile("([A-Ga-g])([#b]?)(-?\\d+)");

  /** Checks the fields and copies the pitch classes, sorted. */
  public PitchConstraint {
    pitchClasses = Arrays.stream(pitchClasses).sorted().distinct().toArray();
    if (pitchClasses.length == 0 || pitchClasses[0] < 0 || pitchClasses[pitchClasses.length - 1] > 11) {
      throw new IllegalArgumentException("pitch classes run from 0 to 11 and there must be one at least");
    }
    if (lowest < 0 || highest > 127 || lowest > highest) {
      throw new IllegalArgumentException("a pitch range runs from 0 to 127, low to high; was " + lowest + " to " + highest);
    }
  }

  @Override
  public int[] pitchClasses() {
    return pitchClasses.clone();
  }

  /**
   * The pitches of a major or natural minor key: "C major", "D minor", "F# minor", "Bb major", "Am"; a bare
   * letter is major.
   *
   * @throws IllegalArgumentException if the text names no key
   */
  public static PitchConstraint key(String text) {
    Matcher m = KEY.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a key: '" + text + "' (say, 'C major', 'F# minor', 'Bb major')");
    }
    int tonic = Math.floorMod(pitch(m.group(1), m.group(2)), 12);
    String mode = m.group(3) == null ? "major" : m.group(3).toLowerCase(Locale.ROOT);
    int[] steps = mode.startsWith("min") || mode.equals("m") ? MINOR : MAJOR;
    return new PitchConstraint(Arrays.stream(steps).map(s -> (tonic + s) % 12).toArray(), 0, 127);
  }

  /**
   * A range given as two notes or MIDI numbers, such as "C3-C6" or "48-84" (C4 is middle C, 60).
   *
   * @throws IllegalArgumentException if the text is not a range from low to high
   */
  public static PitchConstraint range(String text) {
    String[] ends = text.strip().split("(?<=\\d)\\s*(-|\\.\\.|to)\\s*", 2);
    if (ends.length != 2) {
      throw new IllegalArgumentException("not a range: '" + text + "' (say, 'C3-C6' or '48-84')");
    }
    return ANY.withRange(note(ends[0]), note(ends[1]));
  }

  /** This constraint within another range. */
  public PitchConstraint withRange(int low, int high) {
    return new PitchConstraint(pitchClasses, low, high);
  }

  /** This constraint with another key's pitch classes. */
  public PitchConstraint withKey(String text) {
    return new PitchConstraint(key(text).pitchClasses, lowest, highest);
  }

  /** Whether a note of this pitch may start. */
  public boolean allows(int pitch) {
    return pitch >= lowest && pitch <= highest && Arrays.binarySearch(pitchClasses, Math.floorMod(pitch, 12)) >= 0;
  }

  /** Whether it allows every pitch. */
  public boolean isAny() {
    return equals(ANY);
  }

  private static int note(String text) {
    String t = text.strip();
    if (t.matches("\\d+")) {
      return Integer.parseInt(t);
    }
    Matcher m = NOTE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a note: '" + text + "' (say, 'C4' or '60')");
    }
    return (Integer.parseInt(m.group(3)) + 1) * 12 + pitch(m.group(1), m.group(2));
  }

  private static int pitch(String letter, String accidental) {
    int base = LETTER_PITCH[LETTERS.indexOf(letter.toUpperCase(Locale.ROOT))];
    return base + (accidental.equals("#") ? 1 : accidental.equals("b") ? -1 : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PitchConstraint c && Arrays.equals(pitchClasses, c.pitchClasses) && lowest == c.lowest
        && highest == c.highest;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(pitchClasses) + lowest) + highest;
  }

  @Override
  public String toString() {
    return "PitchConstraint" + Arrays.toString(pitchClasses) + " " + lowest + ".." + highest;
  }
}
