package dev.cadenza.tokens;

import java.util.List;

/**
 * Pitch names as music21 spells MIDI numbers, the spelling of the first seed's encoding: sharps {@code #}, flats
 * {@code -}, octave 4 from middle C ({@code C4} is 60, {@code E-4} is 63, {@code B-4} is 70).
 */
final class PitchNames {
  private static final List<String> NAMES = List.of("C", "C#", "D", "E-", "E", "F", "F#", "G", "G#", "A", "B-", "B");

  private static final int[] PARSE_ORDER = {1, 3, 6, 8, 10, 0, 2, 4, 5, 7, 9, 11};

  private PitchNames() {}

  static String name(int pitch) {
    return NAMES.get(pitch % 12) + (pitch / 12 - 1);
  }

  /** The lowest pitch with an unambiguous name: below C0, music21's "E-1" could be E-flat 1 or E in octave -1. */
  static final int LOWEST = 12;

  /** The MIDI number of a name this class writes (for pitches from {@link #LOWEST}), or -1 if the text is not one. */
  static int parse(String text) {
    for (int pc : PARSE_ORDER) { // two-letter names ("B-") before their one-letter prefixes ("B")
      String n = NAMES.get(pc);
      if (text.startsWith(n) && text.length() > n.length()) {
        try {
          int octave = Integer.parseInt(text.substring(n.length()));
          int pitch = (octave + 1) * 12 + pc;
          return pitch >= LOWEST && pitch <= 127 ? pitch : -1;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
