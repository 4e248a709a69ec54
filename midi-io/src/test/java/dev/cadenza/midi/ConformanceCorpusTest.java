package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.music.Note;
import dev.cadenza.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every file of {@code ../shared/data/midi-conformance} (MIDI or not) through both readers, against what
 * {@code NOTES.md} there documents about it.
 */
class ConformanceCorpusTest {
  private static final String CORPUS = "midi-conformance";

  /**
   * The files NOTES.md documents as valid Standard MIDI Files; each must read with no warning. Not listed:
   * the files it documents as malformed or illegal, the non-SMF files (.midi2, .syx, text), midly's
   * SysExTest (tracks without end-of-track), midiasm's reference files (a one-byte poly pressure, which the
   * standard gives two), mido's vectors that mido itself only parses leniently.
   */
  private static final Pattern DOCUMENTED_VALID = Pattern.compile(String.join("|",
      "jazzsoft_test_midi_files/midi/test-(?!2-tracks-type-0|corrupt|empty-file|not-a-midi|illegal|running-status).*\\.mid",
      "shkyrockett_midi_unit_test_cases/test-cases/(header|tracks|misc)/.*\\.mid",
      "shkyrockett_midi_unit_test_cases/test-cases/track-events/(0x0.*|control-change/.*|program-change/.*|system-common/0xF[07].*|system-common/meta/.*)\\.mid",
      "midly_test_asset/test-asset/(Clementi|ClementiRewritten|CrabRave|Levels|RiverFlowsInYou|Sandstorm)\\.mid",
      "midly_test_asset/test-asset/Beethoven\\.rmi",
      "mido_hexdump_vectors/(no_tracks|meta_messages|meta_messages_with_length_0)\\.mid",
      "music21_testPrimitive/music21/midi/testPrimitive/test(?!04).*\\.mid",
      "nfroidure_midifile/sounds/(MIDIOkFormat.*|Avgvst/.*|GerardoMarset/.*|HorrorPen/.*|Yubatake/.*)\\.mid",
      "openjdk_inline/(MidiSMPTE_smpte30_120|SMFInterruptedRunningStatus_1_no_running_status)\\.mid",
      "midiasm/examples/(example-01|greensleeves.*)\\.mid",
      "midiasm/ops/notes/test-files/.*\\.mid",
      "pretty_midi/example\\.mid",
      "tonejs_midi_tests/.*\\.mid"));

  private static String relative(Path file) {
    return SharedData.dir(CORPUS).relativize(file).toString().replace('\\', '/');
  }

  @Test
  void everyFileReadsOrFailsWithMidiFormatExceptionAndStrictRejectsExactlyWhatLenientWarnsAbout() throws IOException {
    int clean = 0;
    int warned = 0;
    int rejected = 0;
    List<String> report = new ArrayList<>();
    for (Path file : SharedData.files(CORPUS)) {
      String name = relative(file);
      MidiFile lenient;
      try {
        lenient = MidiReader.lenient().read(file);
      } catch (MidiFormatException e) {
        // MidiFormatException is the only exception allowed to escape; it names the file.
        assertThat(e.getMessage()).startsWith(file.toString());
        assertThatThrownBy(() -> MidiReader.strict().read(file)).isInstanceOf(MidiFormatException.class);
        rejected++;
        report.add("rejected\t" + name + "\t" + e.reason());
        continue;
      }
      if (lenient.warnings().isEmpty()) {
        clean++;
        assertThat(MidiReader.strict().read(file).score()).as(name).isEqualTo(lenient.score());
        report.add("clean\t" + name);
      } else {
        warned++;
        assertThatThrownBy(() -> MidiReader.strict().read(file)).as(name).isInstanceOf(MidiFormatException.class);
        report.add("warnings\t" + name + "\t" + lenient.warnings().get(0));
      }
    }
    Path out = Path.of("target", "conformance-report.tsv");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
    System.out.printf("midi-conformance: %d files: %d clean, %d read with warnings, %d rejected (report: %s)%n",
        clean + warned + rejected, clean, warned, rejected, out.toAbsolutePath());
    assertThat(clean).isPositive();
  }

  @Test
  void documentedValidFilesReadWithoutWarnings() throws IOException {
    Predicate<String> valid = DOCUMENTED_VALID.asMatchPredicate();
    List<Path> files = SharedData.files(CORPUS, ".mid", ".rmi").stream().filter(f -> valid.test(relative(f))).toList();
    assertThat(files).hasSizeGreaterThan(400);
    for (Path file : files) {
      MidiFile read = MidiReader.lenient().read(file);
      assertThat(read.warnings()).as(relative(file)).isEmpty();
      assertThat(read.truncated()).as(relative(file)).isFalse();
    }
  }

  @Test
  void documentedMalformedFilesAreRejectedByTheStrictReader() {
    for (String name : List.of(
        "jazzsoft_test_midi_files/midi/test-2-tracks-type-0.mid",
        "jazzsoft_test_midi_files/midi/test-corrupt-file-extra-byte.mid",
        "jazzsoft_test_midi_files/midi/test-corrupt-file-missing-byte.mid",
        "jazzsoft_test_midi_files/midi/test-empty-file.mid",
        "jazzsoft_test_midi_files/midi/test-not-a-midi-file.mid",
        "jazzsoft_test_midi_files/midi/test-illegal-message-all.mid",
        "jazzsoft_test_midi_files/midi/test-running-status-metaevent.mid",
        "midly_test_asset/test-asset/PiDamaged.mid",
        "midly_test_asset/test-asset/colorlist.txt",
        "mido_hexdump_vectors/empty_file.mid",
        "mido_hexdump_vectors/eof_in_track.mid",
        "mido_hexdump_vectors/too_long_message.mid",
        "mido_hexdump_vectors/invalid_data_byte_no_clipping.mid",
        "mido_hexdump_vectors/meta_message_bad_key_sig_throws_key_signature_error_sharps.mid",
        "mido_hexdump_vectors/meta_message_bad_key_sig_throws_key_signature_error_flats.mid",
        "music21_testPrimitive/music21/midi/testPrimitive/test04.mid",
        "nfroidure_midifile/sounds/MIDIBadHeaderChunk.mid",
        "nfroidure_midifile/sounds/MIDIBadHeaderFormat.mid",
        "nfroidure_midifile/sounds/MIDIBadHeaderLength.mid",
        "nfroidure_midifile/sounds/MIDIBadHeaderSMTPE.mid",
        "nfroidure_midifile/sounds/MIDIBadHeaderTracksNum.mid",
        "nfroidure_midifile/sounds/MIDIBadTrackHdr.mid",
        "nfroidure_midifile/sounds/MIDIBadTrackLength.mid",
        "midiasm/ops/disassemble/test-files/reference.mid")) {
      Path file = SharedData.dir(CORPUS).resolve(name);
      assertThatThrownBy(() -> MidiReader.strict().read(file)).as(name)
          .isInstanceOf(MidiFormatException.class).hasMessageStartingWith(file.toString());
    }
  }

  @Test
  void truncatedFileKeepsWhatWasReadAndSaysSo() throws IOException {
    MidiFile damaged = MidiReader.lenient().read(SharedData.dir(CORPUS).resolve("midly_test_asset/test-asset/PiDamaged.mid"));
    assertThat(damaged.truncated()).isTrue();
    assertThat(damaged.score().noteCount()).isGreaterThan(1000);
    assertThat(damaged.warnings()).anyMatch(w -> w.message().contains("declares 1194067 bytes"));
  }

  @Test
  void headerThatMiscountsTracksReadsEveryTrackChunk() throws IOException {
    MidiFile test04 = MidiReader.lenient().read(
        SharedData.dir(CORPUS).resolve("music21_testPrimitive/music21/midi/testPrimitive/test04.mid"));
    assertThat(test04.trackChunks()).isEqualTo(19);
    assertThat(test04.warnings()).singleElement().extracting(MidiWarning::message).asString().contains("declares 18");
  }

  @Test
  void sixtyFiveThousandEmptyTracksReadQuicklyIntoAnEmptyScore() throws IOException {
    MidiFile many = MidiReader.lenient().read(
        SharedData.dir(CORPUS).resolve("shkyrockett_midi_unit_test_cases/test-cases/tracks/empty-65535-tracks.mid"));
    assertThat(many.trackChunks()).isEqualTo(65535);
    assertThat(many.score().tracks()).isEmpty();
    assertThat(many.warnings()).isEmpty();
  }

  @Test
  void smpteTimeDivisionGivesAbsoluteTime() throws IOException {
    MidiFile smpte = MidiReader.lenient().read(SharedData.dir(CORPUS).resolve("openjdk_inline/MidiSMPTE_smpte30_120.mid"));
    assertThat(smpte.division()).isEqualTo(new TimeDivision.Timecode(30, 120));
    assertThat(smpte.score().resolution()).isEqualTo(3600);
    assertThat(smpte.score().durationSeconds()).isPositive().isLessThanOrEqualTo(14.0); // what the JDK's test expects
  }

  @Test
  void runningStatusAfterMetaEventReadsTheSameNotesAsWithout() throws IOException {
    // The JDK's test expects status bytes 90 FF 90 90 90 FF FF: two notes, each with its note-off.
    Path dir = SharedData.dir(CORPUS).resolve("openjdk_inline");
    for (String variant : List.of("SMFInterruptedRunningStatus_1_no_running_status.mid",
        "SMFInterruptedRunningStatus_2_rs_after_meta.mid", "SMFInterruptedRunningStatus_3_rs_after_meta_delta0D.mid")) {
      List<Note> notes = MidiReader.lenient().read(dir.resolve(variant)).score().tracks().get(0).notes();
      assertThat(notes).as(variant).extracting(Note::pitch).containsExactly(60, 62);
      assertThat(notes).as(variant).extracting(Note::durationTicks).containsExactly(96L, 96L);
    }
  }

  @Test
  void riffWrappedFileReadsTheMidiInside() throws IOException {
    MidiFile rmi = MidiReader.lenient().read(SharedData.dir(CORPUS).resolve("midly_test_asset/test-asset/Beethoven.rmi"));
    assertThat(rmi.score().noteCount()).isGreaterThan(100);
  }

  @Test
  void textThatIsNotUtf8IsDecodedWithTheChosenCharset() throws IOException {
    Path gbk = SharedData.dir(CORPUS).resolve("music21_testPrimitive/music21/midi/testPrimitive/test19.mid");
    MidiFile latin = MidiReader.lenient().read(gbk);
    MidiFile chinese = MidiReader.lenient().withTextCharset(java.nio.charset.Charset.forName("GBK")).read(gbk);
    assertThat(chinese.score().noteCount()).isEqualTo(latin.score().noteCount());
    assertThat(chinese.warnings()).isEmpty();
  }
}
