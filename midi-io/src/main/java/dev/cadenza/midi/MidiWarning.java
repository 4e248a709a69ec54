package dev.cadenza.midi;

/**
 * Something a lenient read found wrong with a file and recovered from; a strict read fails on the same thing.
 *
 * @param offset byte offset in the file where the problem was found
 * @param message what was wrong and what the reader did about it
 */
public record MidiWarning(long offset, String message) {
  @Override
  public String toString() {
    return "byte " + offset + ": " + message;
  }
}
