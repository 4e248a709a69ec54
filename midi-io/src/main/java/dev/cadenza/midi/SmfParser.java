package dev.cadenza.midi;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.PitchBend;
import dev.cadenza.music.Score;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of one file's bytes. Every length the file states is checked against the bytes actually there
 * before it is used, so a lying file can make the parser neither allocate nor loop beyond its own size.
 */
final class SmfParser {
  private static final int MAX_WARNINGS = 100;

  private final byte[] data;
  private final String source;
  private final MidiReader.Options options;
  private final List<MidiWarning> warnings = new ArrayList<>();
  private int unlistedWarnings;
  private boolean truncated;

  private final List<Tempo> tempos = new ArrayList<>();
  private final List<TimeSignature> timeSignatures = new ArrayList<>();
  private final List<KeySignature> keySignatures = new ArrayList<>();
  private final List<Track> tracks = new ArrayList<>();
  private boolean timecode;

  /** The read position inside the current track chunk, and the chunk's end. */
  private int pos;
  private int limit;

  SmfParser(byte[] data, String source, MidiReader.Options options) {
    this.data = data;
    this.source = source;
    this.options = options;
  }

  MidiFile parse() throws MidiFormatException {
    if (data.length == 0) {
      throw fatal(0, "the file is empty");
    }
    int start = 0;
    int end = data.length;
    if (hasId(0, end, "RIFF")) {
      int[] span = riffDataChunk();
      start = span[0];
      end = span[1];
    }
    if (!hasId(start, end, "MThd")) {
      throw fatal(start, "not a Standard MIDI File: it does not start with an MThd header");
    }
    if (end - start < 14) {
      throw fatal(start, "the MThd header is cut off: " + (end - start) + " bytes where 14 are needed");
    }
    long headerLength = u32(start + 4);
    if (headerLength < 6) {
      throw fatal(start + 4, "the MThd header declares " + headerLength + " bytes; it needs at least 6");
    }
    int format = u16(start + 8);
    int declaredTracks = u16(start + 10);
    int divisionWord = u16(start + 12);
    if (format > 2) {
      throw fatal(start + 8, "unknown SMF format " + format + " (only 0, 1 and 2 exist)");
    }
    TimeDivision division = division(start + 12, divisionWord);
    timecode = division instanceof TimeDivision.Timecode;

    int p = start + 8 + 6;
    if (headerLength > 6) {
      long declaredEnd = start + 8 + headerLength;
      if (declaredEnd <= end - 8 && isChunkId(declaredEnd)) {
        p = (int) declaredEnd; // a longer header is allowed: newer fields are skipped
      } else if (hasId(p, end, "MTrk")) {
        problem(start + 4, "the MThd header declares " + headerLength
            + " bytes, but a track chunk follows its 6 standard bytes; reading from there");
      } else {
        p = (int) Math.min(declaredEnd, end);
      }
    }

    int trackChunks = 0;
    while (p < end) {
      if (end - p < 8) {
        problem(p, (end - p) + " stray bytes after the last chunk ignored");
        break;
      }
      if (!isChunkId(p)) {
        int next = find("MTrk", p + 1, end);
        if (next < 0) {
          problem(p, (end - p) + " bytes that are not a chunk ignored at the end of the file");
          break;
        }
        problem(p, (next - p) + " bytes that are not a chunk skipped up to the next track chunk");
        p = next;
      }
      long declared = u32(p + 4);
      int body = p + 8;
      int length = (int) Math.min(declared, end - body);
      if (declared > end - body) {
        truncated = true;
        problem(p + 4, "the " + ascii(p) + " chunk declares " + declared + " bytes but only " + (end - body)
            + " remain in the file; reading what is there");
      }
      if (hasId(p, end, "MTrk")) {
        readTrack(body, body + length, trackChunks++);
      } else if (hasId(p, end, "MThd")) {
        problem(p, "a second MThd header ignored");
      }
      p = body + length; // unknown chunks are skipped, as the standard asks
    }
    if (trackChunks != declaredTracks) {
      problem(start + 10, "the header declares " + declaredTracks + " tracks but the file holds " + trackChunks);
    }
    if (format == 0 && trackChunks > 1) {
      problem(start + 8, "a format 0 file must hold one track, this one holds " + trackChunks);
    }
    if (unlistedWarnings > 0) {
      warnings.add(new MidiWarning(end, unlistedWarnings + " more warnings not listed"));
    }
    return new MidiFile(source, format, division, trackChunks, score(division), warnings, truncated);
  }

  private Score score(TimeDivision division) {
    TempoMap tempoMap;
    if (division instanceof TimeDivision.Timecode tc) {
      // Ticks counted in absolute time become a fixed tempo: one "quarter" lasts one nominal second
      // (1.001 s for 29.97 drop-frame), made of framesPerSecond x ticksPerFrame ticks.
      int fps = tc.framesPerSecond() == 29 ? 30 : tc.framesPerSecond();
      int micros = tc.framesPerSecond() == 29 ? 1_001_000 : 1_000_000;
      tempoMap = TempoMap.of(fps * tc.ticksPerFrame(), List.of(new Tempo(0, micros)));
    } else {
      tempoMap = TempoMap.of(((TimeDivision.Metrical) division).ticksPerQuarter(), tempos);
    }
    return new Score(tempoMap, tracks, timeSignatures, keySignatures);
  }

  private TimeDivision division(int offset, int word) throws MidiFormatException {
    if ((word & 0x8000) == 0) {
      if (word == 0) {
        throw fatal(offset, "the time division is 0 ticks per quarter note");
      }
      return new TimeDivision.Metrical(word);
    }
    int fps = -(byte) (word >> 8);
    int ticksPerFrame = word & 0xFF;
    if (fps != 24 && fps != 25 && fps != 29 && fps != 30) {
      throw fatal(offset, "the SMPTE time division names " + fps + " frames per second (only 24, 25, 29 and 30 exist)");
    }
    if (ticksPerFrame == 0) {
      throw fatal(offset, "the SMPTE time division has 0 ticks per frame");
    }
    return new TimeDivision.Timecode(fps, ticksPerFrame);
  }

  /** Finds the MIDI data inside a RIFF RMID wrapper and returns its start and end. */
  private int[] riffDataChunk() throws MidiFormatException {
    if (data.length < 12 || !hasId(8, data.length, "RMID")) {
      throw fatal(0, "a RIFF file that is not RIFF MIDI (RMID)");
    }
    long p = 12;
    while (p + 8 <= data.length) {
      long size = u32le((int) p + 4);
      long body = p + 8;
      if (hasId((int) p, data.length, "data")) {
        if (size > data.length - body) {
          truncated = true;
          problem((int) p + 4, "the RIFF data chunk declares " + size + " bytes but only " + (data.length - body) + " remain");
        }
        return new int[] {(int) body, (int) Math.min(body + size, data.length)};
      }
      p = body + size + (size & 1);
    }
    throw fatal(12, "a RIFF MIDI file without a data chunk");
  }

  // ---------------------------------------------------------------------------------------------- tracks

  /** What one track chunk has produced so far. */
  private static final class TrackState {
    String name = "";
    String instrumentName = "";
    final int[] programs = new int[16];
    final Map<Integer, PartBuilder> parts = new LinkedHashMap<>();
    /** Sounding notes per channel and key ({@code channel << 7 | pitch}), oldest first. */
    final Map<Integer, ArrayDeque<long[]>> open = new HashMap<>();

    PartBuilder part(int channel, int program) {
      return parts.computeIfAbsent(channel << 7 | program, k -> new PartBuilder(channel, program));
    }
  }

  /** The events of one channel and program inside one track chunk. */
  private static final class PartBuilder {
    final int channel;
    final int program;
    final List<Note> notes = new ArrayList<>();
    final List<ControlChange> controls = new ArrayList<>();
    final List<PitchBend> bends = new ArrayList<>();

    PartBuilder(int channel, int program) {
      this.channel = channel;
      this.program = program;
    }
  }

  private void readTrack(int from, int to, int index) throws MidiFormatException {
    TrackState track = new TrackState();
    pos = from;
    limit = to;
    long tick = 0;
    int running = 0;
    boolean runningCancelled = false;
    boolean ended = false;
    boolean stopped = false;
    while (pos < limit && !ended && !stopped) {
      int eventStart = pos;
      long delta = readVarLen();
      if (delta < 0) {
        stopped = cutOff(eventStart, "a delta time");
        break;
      }
      tick += delta;
      if (pos >= limit) {
        stopped = cutOff(eventStart, "an event");
        break;
      }
      int status = data[pos] & 0xFF;
      if (status < 0x80) {
        if (running == 0) {
          problem(pos, String.format("data byte 0x%02X where an event should start, with no running status;"
              + " the rest of track %d is skipped", status, index));
          stopped = true;
          break;
        }
        if (runningCancelled) {
          problem(pos, "running status continues after a meta or sysex event, which cancels it in SMF 1.0");
          runningCancelled = false;
        }
        status = running;
      } else {
        pos++;
      }
      if (status < 0xF0) {
        running = status;
        runningCancelled = false;
        int count = (status & 0xE0) == 0xC0 ? 1 : 2;
        if (limit - pos < count) {
          stopped = cutOff(eventStart, "a channel message");
          break;
        }
        int d1 = dataByte(pos++, status);
        int d2 = count == 2 ? dataByte(pos++, status) : 0;
        channelEvent(track, tick, status, d1, d2);
      } else if (status == 0xFF) {
        if (limit - pos < 1) {
          stopped = cutOff(eventStart, "a meta event");
          break;
        }
        int type = data[pos++] & 0xFF;
        long length = readVarLen();
        if (length < 0 || length > limit - pos) {
          stopped = cutOff(eventStart, "a meta event of type " + String.format("0x%02X", type));
          break;
        }
        ended = metaEvent(track, tick, type, pos, (int) length);
        pos += (int) length;
        runningCancelled = running != 0;
      } else if (status == 0xF0 || status == 0xF7) {
        long length = readVarLen();
        if (length < 0 || length > limit - pos) {
          stopped = cutOff(eventStart, "a system exclusive event");
          break;
        }
        pos += (int) length;
        runningCancelled = running != 0;
      } else {
        int dataBytes = status == 0xF2 ? 2 : status == 0xF1 || status == 0xF3 ? 1 : 0;
        problem(pos - 1, String.format("system message 0x%02X does not belong in a file; skipped", status));
        for (int i = 0; i < dataBytes && pos < limit && (data[pos] & 0x80) == 0; i++) {
          pos++;
        }
        if (status < 0xF8) {
          running = 0; // system common messages cancel running status; real-time ones do not
        }
      }
    }
    if (ended && pos < limit) {
      problem(pos, (limit - pos) + " bytes after the end-of-track event ignored");
    } else if (!ended && !stopped) {
      problem(limit, "track " + index + " has no end-of-track event");
    }
    finishTrack(track, tick);
  }

  private boolean cutOff(int eventStart, String what) throws MidiFormatException {
    truncated = true;
    problem(eventStart, "track cut off inside " + what + "; keeping what came before");
    return true;
  }

  private int dataByte(int at, int status) throws MidiFormatException {
    int value = data[at] & 0xFF;
    if (value > 0x7F) {
      problem(at, String.format("data byte 0x%02X of message 0x%02X is above 127; read as 127", value, status));
      return 0x7F;
    }
    return value;
  }

  private void channelEvent(TrackState track, long tick, int status, int d1, int d2) {
    int channel = status & 0x0F;
    switch (status & 0xF0) {
      case 0x80 -> noteOff(track, tick, channel, d1);
      case 0x90 -> {
        if (d2 == 0) {
          noteOff(track, tick, channel, d1);
        } else {
          int program = track.programs[channel];
          track.part(channel, program);
          track.open.computeIfAbsent(channel << 7 | d1, k -> new ArrayDeque<>()).add(new long[] {tick, d2, program});
        }
      }
      case 0xB0 -> {
        if (ControlChange.KEPT_CONTROLLERS.contains(d1)) {
          track.part(channel, track.programs[channel]).controls.add(new ControlChange(tick, d1, d2));
        }
      }
      case 0xC0 -> track.programs[channel] = d1;
      case 0xE0 -> track.part(channel, track.programs[channel]).bends.add(new PitchBend(tick, (d2 << 7 | d1) - 8192));
      default -> { } // polyphonic and channel pressure are not kept
    }
  }

  /**
   * Ends the sounding notes of a key the way pretty_midi does, so that overlapping notes of one key read alike
   * in both: a note-off ends every note of its key that started before it; notes that started on the same tick
   * stay sounding if it ended others, and are dropped if they were the only ones (they never sounded).
   */
  private void noteOff(TrackState track, long tick, int channel, int pitch) {
    ArrayDeque<long[]> sounding = track.open.get(channel << 7 | pitch);
    if (sounding == null) {
      return; // a note-off for a note that is not sounding changes nothing
    }
    ArrayDeque<long[]> startedNow = new ArrayDeque<>();
    boolean endedOthers = false;
    for (long[] n : sounding) {
      if (n[0] == tick) {
        startedNow.add(n);
      } else {
        track.part(channel, (int) n[2]).notes.add(new Note(pitch, (int) n[1], n[0], tick - n[0]));
        endedOthers = true;
      }
    }
    if (endedOthers && !startedNow.isEmpty()) {
      track.open.put(channel << 7 | pitch, startedNow);
    } else {
      track.open.remove(channel << 7 | pitch);
    }
  }

  private boolean metaEvent(TrackState track, long tick, int type, int at, int length) throws MidiFormatException {
    switch (type) {
      case 0x2F -> {
        return true;
      }
      case 0x03 -> {
        if (track.name.isEmpty()) {
          track.name = text(at, length);
        }
      }
      case 0x04 -> {
        if (track.instrumentName.isEmpty()) {
          track.instrumentName = text(at, length);
        }
      }
      case 0x51 -> {
        if (length < 3) {
          problem(at, "a tempo event with " + length + " bytes instead of 3 ignored");
        } else if (!timecode) {
          int micros = (data[at] & 0xFF) << 16 | (data[at + 1] & 0xFF) << 8 | data[at + 2] & 0xFF;
          if (micros == 0) {
            problem(at, "a tempo of 0 microseconds per quarter note ignored");
          } else {
            tempos.add(new Tempo(tick, micros));
          }
        }
      }
      case 0x58 -> {
        int numerator = length >= 2 ? data[at] & 0xFF : 0;
        int power = length >= 2 ? data[at + 1] & 0xFF : 0;
        if (length < 2 || numerator == 0 || power > 30) {
          problem(at, "an invalid time signature ignored");
        } else {
          timeSignatures.add(new TimeSignature(tick, numerator, 1 << power));
        }
      }
      case 0x59 -> {
        int sharps = length >= 2 ? data[at] : 99;
        int mode = length >= 2 ? data[at + 1] & 0xFF : 99;
        if (sharps < -7 || sharps > 7 || mode > 1) {
          problem(at, "an invalid key signature ignored (" + (length >= 2 ? sharps + " sharps, mode " + mode : length + " bytes") + ")");
        } else {
          keySignatures.add(new KeySignature(tick, sharps, mode == 1));
        }
      }
      default -> { } // text, lyrics, markers, SMPTE offset, sequencer-specific: not part of the score
    }
    return false;
  }

  /**
   * Ends the notes still sounding at the end of the track there (the standard lets a file leave them), dropping
   * those that start on that very tick.
   */
  private void finishTrack(TrackState track, long endTick) {
    for (Map.Entry<Integer, ArrayDeque<long[]>> e : track.open.entrySet()) {
      int channel = e.getKey() >> 7;
      for (long[] n : e.getValue()) {
        if (endTick > n[0]) {
          track.part(channel, (int) n[2]).notes.add(new Note(e.getKey() & 0x7F, (int) n[1], n[0], endTick - n[0]));
        }
      }
    }
    String name = track.name.isEmpty() ? track.instrumentName : track.name;
    for (PartBuilder part : track.parts.values()) {
      if (!part.notes.isEmpty() || !part.controls.isEmpty() || !part.bends.isEmpty()) {
        tracks.add(new Track(name, part.program, part.channel, part.notes, part.controls, part.bends));
      }
    }
  }

  private String text(int at, int length) {
    int end = at + length;
    while (end > at && data[end - 1] == 0) {
      end--;
    }
    ByteBuffer bytes = ByteBuffer.wrap(data, at, end - at);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString().strip();
    } catch (CharacterCodingException notUtf8) {
      Charset fallback = options.textCharset();
      return new String(data, at, end - at, fallback).strip();
    }
  }

  // ---------------------------------------------------------------------------------------------- bytes

  /** Reads a variable-length quantity of at most 4 bytes; -1 if the track ends first or it runs longer. */
  private long readVarLen() {
    long value = 0;
    for (int i = 0; i < 4; i++) {
      if (pos >= limit) {
        return -1;
      }
      int b = data[pos++] & 0xFF;
      value = value << 7 | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    return -1;
  }

  private boolean isChunkId(long at) {
    for (int i = 0; i < 4; i++) {
      int c = data[(int) at + i] & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private boolean hasId(int at, int end, String id) {
    if (end - at < 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (data[at + i] != id.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int find(String id, int from, int end) {
    for (int i = from; i + 8 <= end; i++) {
      if (hasId(i, end, id)) {
        return i;
      }
    }
    return -1;
  }

  private String ascii(int at) {
    return new String(data, at, 4, StandardCharsets.US_ASCII);
  }

  private int u16(int at) {
    return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
  }

  private long u32(int at) {
    return (long) u16(at) << 16 | u16(at + 2);
  }

  private long u32le(int at) {
    return (data[at] & 0xFFL) | (data[at + 1] & 0xFFL) << 8 | (data[at + 2] & 0xFFL) << 16 | (data[at + 3] & 0xFFL) << 24;
  }

  // ---------------------------------------------------------------------------------------------- problems

  /** A problem the lenient mode recovers from and the strict mode rejects. */
  private void problem(long offset, String message) throws MidiFormatException {
    if (options.strict()) {
      throw fatal(offset, message);
    }
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(new MidiWarning(offset, message));
    } else {
      unlistedWarnings++;
    }
  }

  private MidiFormatException fatal(long offset, String message) {
    return new MidiFormatException(source, offset, message);
  }
}
