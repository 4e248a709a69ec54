package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.PitchBend;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reader makes of hand-made bytes, one behaviour at a time. */
class MidiReaderTest {
  private static final int EOT_0 = 0x00;

  private static MidiFile lenient(SmfBytes bytes) throws MidiFormatException {
    return MidiReader.lenient().read(bytes.bytes(), "test.mid");
  }

  private static List<Note> notes(MidiFile file) {
    return file.score().tracks().stream().flatMap(t -> t.notes().stream()).sorted().toList();
  }

  @Test
  void runningStatusAndVelocityZeroNoteOffsMakeNotes() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0x90, 60, 100, // note-on
        0x00, 64, 90, // running status: another note-on
        0x60, 60, 0, // running status, velocity 0: note-off of 60
        0x10, 0x80, 64, 0, // real note-off of 64
        EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).isEmpty();
    assertThat(notes(f)).containsExactly(new Note(60, 100, 0, 96), new Note(64, 90, 0, 112));
  }

  @Test
  void overlappingNotesOfOneKeyEndTogetherAtTheFirstNoteOffAsInPrettyMidi() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0x90, 60, 100,
        0x10, 0x90, 60, 80, // the key struck again while sounding
        0x10, 0x80, 60, 0, // ends both
        0x10, 0x80, 60, 0, // nothing left to end: ignored
        EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).isEmpty();
    assertThat(notes(f)).containsExactly(new Note(60, 100, 0, 32), new Note(60, 80, 16, 16));
  }

  @Test
  void aNoteStruckOnTheTickOfAnotherNotesEndKeepsSounding() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0x90, 60, 100,
        0x20, 0x90, 60, 90, // restrike written before the old note's off
        0x00, 0x80, 60, 0, // ends the first note only
        0x20, 0x80, 60, 0,
        EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(notes(f)).containsExactly(new Note(60, 100, 0, 32), new Note(60, 90, 32, 32));
  }

  @Test
  void notesLeftSoundingEndWithTheTrackAndNoteOffsWithoutNoteOnsAreIgnored() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0x80, 50, 0, // off without on
        0x00, 0x90, 60, 100,
        0x60, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).isEmpty();
    assertThat(notes(f)).containsExactly(new Note(60, 100, 0, 96));
  }

  @Test
  void tracksAreSplitByChannelAndProgramAndKeepNameControllersAndBends() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0xFF, 0x03, 0x04, 'L', 'e', 'a', 'd',
        0x00, 0xC0, 40, // violin on channel 1
        0x00, 0xB0, 64, 127, // sustain down
        0x00, 0xB0, 0, 5, // bank select: not kept
        0x00, 0xE0, 0x00, 0x50, // bend up
        0x00, 0x90, 60, 100,
        0x00, 0x99, 36, 110, // kick on the drum channel
        0x10, 0x89, 36, 0,
        0x10, 0x80, 60, 0,
        0x00, 0xC0, 41, // program change mid-track
        0x00, 0x90, 62, 100,
        0x10, 0x80, 62, 0,
        EOT_0, 0xFF, 0x2F, 0x00));
    List<Track> tracks = f.score().tracks();
    assertThat(tracks).extracting(Track::program, Track::channel, Track::isDrum).containsExactly(
        org.assertj.core.groups.Tuple.tuple(40, 0, false),
        org.assertj.core.groups.Tuple.tuple(0, 9, true),
        org.assertj.core.groups.Tuple.tuple(41, 0, false));
    assertThat(tracks).allMatch(t -> t.name().equals("Lead"));
    assertThat(tracks.get(0).controlChanges()).containsExactly(new ControlChange(0, 64, 127));
    assertThat(tracks.get(0).pitchBends()).containsExactly(new PitchBend(0, (0x50 << 7) - 8192));
    assertThat(tracks.get(2).notes()).containsExactly(new Note(62, 100, 32, 16));
  }

  @Test
  void tempoTimeAndKeySignaturesComeFromAnyTrack() throws Exception {
    MidiFile f = lenient(SmfBytes.header(1, 2, 480)
        .track(0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, // 500000
            0x00, 0xFF, 0x58, 0x04, 3, 2, 24, 8, // 3/4
            0x83, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, // at 480: 1000000
            EOT_0, 0xFF, 0x2F, 0x00)
        .track(0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01, // 3 flats, minor
            0x00, 0x90, 60, 100, 0x87, 0x40, 0x80, 60, 0, EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).isEmpty();
    assertThat(f.score().tempoMap().tempos()).containsExactly(new Tempo(0, 500_000), new Tempo(480, 1_000_000));
    assertThat(f.score().timeSignatures()).containsExactly(new TimeSignature(0, 3, 4));
    assertThat(f.score().keySignatures()).containsExactly(new KeySignature(0, -3, true));
    assertThat(f.score().keySignatures().get(0).name()).isEqualTo("C minor");
    assertThat(f.score().durationSeconds()).isEqualTo(0.5 + 1.0);
  }

  @Test
  void unknownChunksAreSkippedSilently() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96)
        .chunk("XFIH", 3, 1, 2, 3)
        .track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).isEmpty();
    assertThat(f.trackChunks()).isEqualTo(1);
    assertThat(notes(f)).hasSize(1);
  }

  @Test
  void aChunkLengthThatLiesIsBoundedByTheBytesThere() throws Exception {
    byte[] bytes = SmfBytes.header(0, 1, 96)
        .chunk("MTrk", 0xFFFF_FFFFL, 0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0).bytes();
    MidiFile f = MidiReader.lenient().read(bytes, "liar.mid");
    assertThat(f.truncated()).isTrue();
    assertThat(notes(f)).containsExactly(new Note(60, 100, 0, 16));
    assertThat(f.warnings()).extracting(MidiWarning::message).anyMatch(m -> m.contains("declares 4294967295 bytes"));
    assertThatThrownBy(() -> MidiReader.strict().read(bytes, "liar.mid"))
        .isInstanceOf(MidiFormatException.class).hasMessageStartingWith("liar.mid: byte 18: ");
  }

  @Test
  void aMetaLengthThatLiesEndsTheTrackKeepingWhatCameBefore() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0,
        0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 'x')); // text of 268 million bytes
    assertThat(f.truncated()).isTrue();
    assertThat(notes(f)).hasSize(1);
  }

  @Test
  void systemMessagesInsideATrackAreSkippedWithTheirDataBytes() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 96).track(
        0x00, 0x90, 60, 100,
        0x00, 0xF2, 0x01, 0x02, // song position pointer and its two data bytes
        0x00, 0xF8, // timing clock
        0x10, 0x90, 60, 0,
        EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).hasSize(2);
    assertThat(notes(f)).containsExactly(new Note(60, 100, 0, 16));
  }

  @Test
  void dataByteWithoutRunningStatusStopsTheTrackNotTheFile() throws Exception {
    MidiFile f = lenient(SmfBytes.header(1, 2, 96)
        .track(0x00, 0x40, 0x40, EOT_0, 0xFF, 0x2F, 0x00)
        .track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, EOT_0, 0xFF, 0x2F, 0x00));
    assertThat(f.warnings()).singleElement().extracting(MidiWarning::message).asString().contains("no running status");
    assertThat(notes(f)).hasSize(1);
  }

  @Test
  void smpteDivisionsOtherThanTheFourStandardRatesAndUnknownFormatsAreRejectedInEveryMode() {
    byte[] badRate = SmfBytes.header(0, 1, 0xF060).track(EOT_0, 0xFF, 0x2F, 0x00).bytes();
    byte[] badFormat = SmfBytes.header(3, 1, 96).track(EOT_0, 0xFF, 0x2F, 0x00).bytes();
    assertThatThrownBy(() -> MidiReader.lenient().read(badRate, "rate.mid")).hasMessageContaining("16 frames per second");
    assertThatThrownBy(() -> MidiReader.lenient().read(badFormat, "format.mid")).hasMessageContaining("format 3");
  }

  @Test
  void twentyFiveFramesPerSecondCountsAbsoluteTime() throws Exception {
    MidiFile f = lenient(SmfBytes.header(0, 1, 0xE728).track( // -25 fps, 40 ticks per frame: 1000 ticks/s
        0x00, 0x90, 60, 100, 0x87, 0x68, 0x80, 60, 0, EOT_0, 0xFF, 0x2F, 0x00)); // 1000 ticks
    assertThat(f.division()).isEqualTo(new TimeDivision.Timecode(25, 40));
    assertThat(f.score().durationSeconds()).isEqualTo(1.0);
  }

  @Test
  void riffWrapperIsUnwrapped() throws Exception {
    byte[] smf = SmfBytes.header(0, 1, 96).track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, EOT_0, 0xFF, 0x2F, 0x00).bytes();
    SmfBytes riff = new SmfBytes().ascii("RIFF").raw(0, 0, 0, 0).ascii("RMID").ascii("data")
        .raw(smf.length & 0xFF, smf.length >> 8, 0, 0).raw(toInts(smf));
    assertThat(notes(lenient(riff))).containsExactly(new Note(60, 100, 0, 16));
  }

  @Test
  void trackNamesThatAreNotUtf8FallBackToTheChosenCharset() throws Exception {
    byte[] latin1 = "Clé".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf8 = "Clé".getBytes(StandardCharsets.UTF_8);
    for (byte[] name : List.of(latin1, utf8)) {
      int[] body = new int[3 + 1 + name.length + 11];
      int i = 0;
      for (int b : new int[] {0x00, 0xFF, 0x03, name.length}) {
        body[i++] = b;
      }
      for (byte b : name) {
        body[i++] = b & 0xFF;
      }
      for (int b : new int[] {0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, 0x00, 0xFF, 0x2F}) {
        body[i++] = b;
      }
      body = java.util.Arrays.copyOf(body, i + 1);
      assertThat(lenient(SmfBytes.header(0, 1, 96).track(body)).score().tracks().get(0).name()).isEqualTo("Clé");
    }
  }

  @Test
  void everyPrefixOfAFileReadsOrFailsWithMidiFormatException() throws Exception {
    byte[] file = SmfBytes.header(1, 2, 96)
        .track(0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, EOT_0, 0xFF, 0x2F, 0x00)
        .track(0x00, 0xF0, 0x03, 0x7E, 0x09, 0xF7, 0x00, 0x90, 60, 100, 0x10, 60, 0, EOT_0, 0xFF, 0x2F, 0x00).bytes();
    for (int length = 0; length <= file.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(file, length);
      try {
        MidiFile f = MidiReader.lenient().read(prefix, "prefix.mid");
        assertThat(f.truncated() || length == file.length || !f.warnings().isEmpty()).isTrue();
      } catch (MidiFormatException expected) {
        assertThat(expected.source()).isEqualTo("prefix.mid");
      }
    }
  }

  @Test
  void streamsAndFilesReadTheSameAsBytes(@TempDir Path dir) throws Exception {
    byte[] bytes = SmfBytes.header(0, 1, 96).track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, EOT_0, 0xFF, 0x2F, 0x00).bytes();
    Path file = Files.write(dir.resolve("a.mid"), bytes);
    MidiFile fromBytes = MidiReader.lenient().read(bytes, file.toString());
    assertThat(MidiReader.lenient().read(file)).isEqualTo(fromBytes);
    assertThat(MidiReader.lenient().read(new ByteArrayInputStream(bytes), file.toString())).isEqualTo(fromBytes);
  }

  @Test
  void filesOverTheSizeLimitAreRefusedBeforeReading(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("big.mid"), new byte[2048]);
    MidiReader small = MidiReader.withOptions(new MidiReader.Options(false, StandardCharsets.ISO_8859_1, 1024));
    assertThatThrownBy(() -> small.read(file)).isInstanceOf(MidiFormatException.class).hasMessageContaining("2048 bytes");
  }

  private static int[] toInts(byte[] bytes) {
    int[] ints = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ints[i] = bytes[i] & 0xFF;
    }
    return ints;
  }
}
