package dev.cadenza.midi;

import dev.cadenza.AtomicFiles;
import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.PitchBend;
import dev.cadenza.music.Score;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes scores as Standard MIDI Files. Format 1 (the default): a first track with the tempo map and the time
 * and key signatures, then one track per {@link Track} with its name, its program and its events. Format 0
 * ({@link #format0()}): everything in one track, for players that want it; track names are lost and tracks that
 * share a channel and program merge. Running status throughout; each track keeps its channel index (drums on 10).
 *
 * <p>Reading a format 1 file this writer wrote with {@link MidiReader} gives back an equal score for every
 * score that reading produces. Instances are immutable and thread-safe.
 */
public final class MidiWriter {
  private static final long MAX_DELTA = 0x0FFFFFFF;

  private final boolean singleTrack;

  /** A writer of format 1 files. */
  public MidiWriter() {
    this(false);
  }

  private MidiWriter(boolean singleTrack) {
    this.singleTrack = singleTrack;
  }

  /** A writer of format 0 files: one track holding everything. */
  public static MidiWriter format0() {
    return new MidiWriter(true);
  }

  /**
   * Writes a score to a file, atomically: the file is either the complete new file or untouched.
   *
   * @throws IOException if the file cannot be written
   */
  public void write(Score score, Path file) throws IOException {
    AtomicFiles.write(file, toBytes(score));
  }

  /** The bytes of the file that {@link #write(Score, Path)} would write. */
  public byte[] toBytes(Score score) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (singleTrack) {
      List<Event> events = conductorTrack(score);
      score.tracks().forEach(t -> events.addAll(track(t.withName(""))));
      writeHeader(out, 0, 1, score.resolution());
      writeChunk(out, events);
    } else {
      writeHeader(out, 1, score.tracks().size() + 1, score.resolution());
      writeChunk(out, conductorTrack(score));
      for (Track track : score.tracks()) {
        writeChunk(out, track(track));
      }
    }
    return out.toByteArray();
  }

  /** One event to write: its tick, where it sorts among events of that tick, and its bytes. */
  private record Event(long tick, int rank, byte[] bytes) {}

  private static final int RANK_META = 0;
  private static final int RANK_NOTE_END = 1;
  private static final int RANK_CONTROL = 2;
  private static final int RANK_NOTE_START = 3;

  private static List<Event> conductorTrack(Score score) {
    List<Event> events = new ArrayList<>();
    for (Tempo t : score.tempoMap().tempos()) {
      int m = t.microsPerQuarter();
      events.add(meta(t.tick(), 0x51, new byte[] {(byte) (m >> 16), (byte) (m >> 8), (byte) m}));
    }
    for (TimeSignature ts : score.timeSignatures()) {
      int power = Integer.numberOfTrailingZeros(ts.denominator());
      events.add(meta(ts.tick(), 0x58, new byte[] {(byte) ts.numerator(), (byte) power, 24, 8}));
    }
    for (KeySignature k : score.keySignatures()) {
      events.add(meta(k.tick(), 0x59, new byte[] {(byte) k.sharps(), (byte) (k.minor() ? 1 : 0)}));
    }
    return events;
  }

  private static List<Event> track(Track track) {
    List<Event> events = new ArrayList<>();
    int ch = track.channel();
    if (!track.name().isEmpty()) {
      events.add(meta(0, 0x03, track.name().getBytes(StandardCharsets.UTF_8)));
    }
    events.add(new Event(0, RANK_META, new byte[] {(byte) (0xC0 | ch), (byte) track.program()}));
    for (ControlChange c : track.controlChanges()) {
      events.add(new Event(c.tick(), RANK_CONTROL, new byte[] {(byte) (0xB0 | ch), (byte) c.controller(), (byte) c.value()}));
    }
    for (PitchBend b : track.pitchBends()) {
      int v = b.value() + 8192;
      events.add(new Event(b.tick(), RANK_CONTROL, new byte[] {(byte) (0xE0 | ch), (byte) (v & 0x7F), (byte) (v >> 7)}));
    }
    for (Note n : track.notes()) {
      events.add(new Event(n.startTick(), RANK_NOTE_START, new byte[] {(byte) (0x90 | ch), (byte) n.pitch(), (byte) n.velocity()}));
      events.add(new Event(n.endTick(), RANK_NOTE_END, new byte[] {(byte) (0x90 | ch), (byte) n.pitch(), 0}));
    }
    return events;
  }

  private static Event meta(long tick, int type, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0xFF);
    b.write(type);
    writeVarLen(b, payload.length);
    b.writeBytes(payload);
    return new Event(tick, RANK_META, b.toByteArray());
  }

  private static void writeHeader(ByteArrayOutputStream out, int format, int tracks, int resolution) {
    if (tracks > 0xFFFF) {
      throw new IllegalArgumentException("a MIDI file holds at most 65535 tracks; this score needs " + tracks);
    }
    out.writeBytes("MThd".getBytes(StandardCharsets.US_ASCII));
    writeInt(out, 6);
    out.write(0);
    out.write(format);
    out.write(tracks >> 8);
    out.write(tracks);
    out.write(resolution >> 8);
    out.write(resolution);
  }

  private static void writeChunk(ByteArrayOutputStream out, List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::tick).thenComparingInt(Event::rank)); // stable within a rank
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long tick = 0;
    int running = 0;
    for (Event e : sorted) {
      long delta = e.tick() - tick;
      if (delta > MAX_DELTA) {
        throw new IllegalArgumentException("a gap of " + delta + " ticks does not fit a MIDI delta time");
      }
      writeVarLen(body, delta);
      tick = e.tick();
      int status = e.bytes()[0] & 0xFF;
      if (status < 0xF0 && status == running) {
        body.write(e.bytes(), 1, e.bytes().length - 1);
      } else {
        body.writeBytes(e.bytes());
        running = status < 0xF0 ? status : 0;
      }
    }
    body.writeBytes(new byte[] {0, (byte) 0xFF, 0x2F, 0});
    out.writeBytes("MTrk".getBytes(StandardCharsets.US_ASCII));
    writeInt(out, body.size());
    out.writeBytes(body.toByteArray());
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  private static void writeVarLen(ByteArrayOutputStream out, long value) {
    int shift = 21;
    while (shift > 0 && (value >> shift) == 0) {
      shift -= 7;
    }
    for (; shift > 0; shift -= 7) {
      out.write((int) (value >> shift) & 0x7F | 0x80);
    }
    out.write((int) value & 0x7F);
  }
}
