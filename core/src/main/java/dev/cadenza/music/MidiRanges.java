package dev.cadenza.music;

/** Range checks shared by the value records of this package. */
final class MidiRanges {
  private MidiRanges() {}

  static void checkDataByte(String what, int value) {
    if (value < 0 || value > 127) {
      throw new IllegalArgumentException(what + " must be 0..127, was " + value);
    }
  }

  static void checkTick(String what, long tick) {
    if (tick < 0) {
      throw new IllegalArgumentException(what + " must not be negative, was " + tick);
    }
  }
}
