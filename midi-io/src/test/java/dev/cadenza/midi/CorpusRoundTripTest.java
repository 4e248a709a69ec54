package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Score;
import dev.cadenza.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Read, write, read again: every file of the three real corpora gives back an equal score. */
class CorpusRoundTripTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bach-chorales-midi", "nottingham-midi", "groove-midi"})
  void readWriteReadGivesAnEqualScore(String corpus) throws Exception {
    List<Path> files = SharedData.files(corpus, ".mid", ".midi");
    assertThat(files).hasSizeGreaterThan(400);
    MidiWriter writer = new MidiWriter();
    long notes = 0;
    for (Path file : files) {
      MidiFile first = MidiReader.lenient().read(file);
      assertThat(first.warnings()).as(file.toString()).isEmpty();
      byte[] written = writer.toBytes(first.score());
      MidiFile second = MidiReader.strict().read(written, file + " (rewritten)");
      assertThat(second.score()).as(file.toString()).isEqualTo(first.score());
      notes += first.score().noteCount();
    }
    assertThat(notes).isGreaterThan(10_000);
  }

  /** The JDK's own reader, a second opinion on what the writer wrote, on a sample of each corpus. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bach-chorales-midi", "nottingham-midi", "groove-midi"})
  void writtenFilesHoldTheSameNoteOnsForTheJdkReader(String corpus) throws Exception {
    List<Path> files = SharedData.files(corpus, ".mid", ".midi");
    for (Path file : Stream.iterate(0, i -> i < files.size(), i -> i + 25).map(files::get).toList()) {
      Score score = MidiReader.lenient().read(file).score();
      Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(new MidiWriter().toBytes(score)));
      assertThat(sequence.getResolution()).isEqualTo(score.resolution());
      assertThat(noteOns(sequence)).as(file.toString()).isEqualTo(score.noteCount());
    }
  }

  private static int noteOns(Sequence sequence) {
    int count = 0;
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        if (track.get(i).getMessage() instanceof ShortMessage m
            && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
          count++;
        }
      }
    }
    return count;
  }
}
