package dev.cadenza.midi;

import java.io.IOException;

/** A file that cannot be read as a Standard MIDI File, with the file's name and the byte offset of the problem. */
public final class MidiFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param source the file's name or path, as the caller knows it
   * @param offset the byte offset in the file where the problem was found
   * @param reason what is wrong, in words a user can act on
   */
  public MidiFormatException(String source, long offset, String reason) {
    this(source, offset, reason, null);
  }

  /**
   * Creates the exception with the failure that revealed the problem.
   *
   * @param source the file's name or path, as the caller knows it
   * @param offset the byte offset in the file where the problem was found
   * @param reason what is wrong, in words a user can act on
   * @param cause what failed, kept for a stack trace; may be null
   */
  public MidiFormatException(String source, long offset, String reason, Throwable cause) {
    super(source + ": byte " + offset + ": " + reason, cause);
    this.source = source;
    this.offset = offset;
    this.reason = reason;
  }

  /** The file's name or path. */
  public String source() {
    return source;
  }

  /** The byte offset in the file where the problem was found. */
  public long offset() {
    return offset;
  }

  /** What is wrong, without the file name and offset. */
  public String reason() {
    return reason;
  }
}
