package dev.cadenza.midi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads Standard MIDI Files (formats 0, 1 and 2, also inside a RIFF {@code .rmi} wrapper) into scores.
 *
 * <p>The {@linkplain #lenient() lenient} reader, the default, reads what mature readers read: running status
 * (also after meta and sysex events), note-on with velocity 0 as note-off, overlapping notes of one key,
 * note-offs without note-ons, notes still sounding at the end of a track, SMPTE time division, unknown
 * chunks, a header that miscounts its tracks, system messages that do not belong in files, truncated files
 * and chunk lengths that lie. What it had to repair is listed in {@link MidiFile#warnings()}. The
 * {@linkplain #strict() strict} reader fails with a {@link MidiFormatException} on exactly those things.
 *
 * <p>Notes are grouped into {@link dev.cadenza.music.Track tracks} by track chunk, channel and program, as
 * pretty_midi groups them into instruments. Instances are immutable and thread-safe.
 */
public final class MidiReader {
  /** The largest file read by default: far beyond any real MIDI file, small enough to never hurt. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  /**
   * How a reader treats what it reads.
   *
   * @param strict whether problems are errors rather than warnings
   * @param textCharset how track names that are not valid UTF-8 are decoded
   * @param maxFileBytes files larger than this are refused before they are read
   */
  public record Options(boolean strict, Charset textCharset, long maxFileBytes) {
    /** Validates the fields. */
    public Options {
      Objects.requireNonNull(textCharset, "textCharset");
      if (maxFileBytes < 1) {
        throw new IllegalArgumentException("maxFileBytes must be positive, was " + maxFileBytes);
      }
    }
  }

  private static final MidiReader LENIENT =
      new MidiReader(new Options(false, StandardCharsets.ISO_8859_1, DEFAULT_MAX_FILE_BYTES));

  private final Options options;

  private MidiReader(Options options) {
    this.options = options;
  }

  /** The forgiving reader: recovers from what it can and records warnings. */
  public static MidiReader lenient() {
    return LENIENT;
  }

  /** A reader that rejects everything the standard forbids. */
  public static MidiReader strict() {
    return LENIENT.withStrict(true);
  }

  /** A reader with the given options. */
  public static MidiReader withOptions(Options options) {
    return new MidiReader(Objects.requireNonNull(options, "options"));
  }

  /** This reader, strict or lenient. */
  public MidiReader withStrict(boolean strict) {
    return new MidiReader(new Options(strict, options.textCharset(), options.maxFileBytes()));
  }

  /**
   * This reader, decoding text that is not valid UTF-8 with another charset (ISO-8859-1 by default, which
   * never fails; name the file's real charset, such as {@code Shift_JIS} or {@code GBK}, when you know it).
   */
  public MidiReader withTextCharset(Charset charset) {
    return new MidiReader(new Options(options.strict(), charset, options.maxFileBytes()));
  }

  /** This reader's options. */
  public Options options() {
    return options;
  }

  /**
   * Reads a file.
   *
   * @throws MidiFormatException if the file is not a MIDI file this reader accepts
   * @throws IOException if the file cannot be read at all
   */
  public MidiFile read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > options.maxFileBytes()) {
      throw new MidiFormatException(file.toString(), 0,
          "the file is " + size + " bytes, more than the " + options.maxFileBytes() + " this reader accepts");
    }
    return read(Files.readAllBytes(file), file.toString());
  }

  /** Reads a file from a stream, which is read to its end but not closed. */
  public MidiFile read(InputStream in, String sourceName) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxFileBytes() + 1));
    if (bytes.length > options.maxFileBytes()) {
      throw new MidiFormatException(sourceName, options.maxFileBytes(),
          "the stream holds more than the " + options.maxFileBytes() + " bytes this reader accepts");
    }
    return read(bytes, sourceName);
  }

  /**
   * Reads a file held in memory.
   *
   * @param bytes the file's bytes
   * @param sourceName the name to give in errors and in {@link MidiFile#source()}
   */
  public MidiFile read(byte[] bytes, String sourceName) throws MidiFormatException {
    try {
      return new SmfParser(bytes, sourceName, options).parse();
    } catch (RuntimeException bug) {
      // The parser checks every length against the bytes there; reaching this is a bug, but the caller
      // still gets the one exception type it was promised, with the file named.
      throw new MidiFormatException(sourceName, 0, "unreadable: " + bug, bug);
    }
  }
}
