package dev.cadenza.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreTest {
  private static final TempoMap MAP = TempoMap.constant(480, 120);

  private static Score score(Track... tracks) {
    return new Score(MAP, List.of(tracks), List.of(new TimeSignature(0, 4, 4)), List.of(new KeySignature(0, 0, false)));
  }

  @Test
  void tracksKeepNotesInCanonicalOrderAndScoresKeepTheLastSignaturePerTick() {
    Track t = Track.of("", 0, 0, List.of(new Note(64, 80, 10, 5), new Note(60, 80, 10, 5), new Note(60, 80, 0, 5)));
    assertThat(t.notes()).extracting(Note::startTick, Note::pitch).containsExactly(
        org.assertj.core.groups.Tuple.tuple(0L, 60), org.assertj.core.groups.Tuple.tuple(10L, 60),
        org.assertj.core.groups.Tuple.tuple(10L, 64));
    Score s = new Score(MAP, List.of(t), List.of(new TimeSignature(0, 4, 4), new TimeSignature(0, 3, 4)), List.of());
    assertThat(s.timeSignatures()).containsExactly(new TimeSignature(0, 3, 4));
  }

  @Test
  void quantizeSnapsToTheNearestStepAndKeepsAtLeastOneStep() {
    Score s = score(Track.of("", 0, 0, List.of(new Note(60, 80, 130, 20), new Note(62, 80, 110, 300))));
    List<Note> notes = s.quantize(120).tracks().get(0).notes();
    assertThat(notes).containsExactly(new Note(60, 80, 120, 120), new Note(62, 80, 120, 240));
  }

  @Test
  void transposeMovesPitchedTracksAndKeysButNotDrums() {
    Score s = score(Track.of("p", 0, 0, List.of(new Note(60, 80, 0, 10))), Track.of("d", 0, 9, List.of(new Note(36, 80, 0, 10))));
    Score up = s.transpose(2);
    assertThat(up.tracks().get(0).notes().get(0).pitch()).isEqualTo(62);
    assertThat(up.tracks().get(1).notes().get(0).pitch()).isEqualTo(36);
    assertThat(up.keySignatures().get(0).name()).isEqualTo("D major");
    assertThat(s.transpose(1).keySignatures().get(0).name()).isEqualTo("Db major");
    assertThat(up.transpose(-2)).isEqualTo(s);
  }

  @Test
  void transposeOutOfRangeIsRefusedUpFront() {
    Score s = score(Track.of("", 0, 0, List.of(new Note(120, 80, 0, 10))));
    assertThat(s.canTranspose(7)).isTrue();
    assertThat(s.canTranspose(8)).isFalse();
    assertThatThrownBy(() -> s.transpose(8)).hasMessageContaining("outside 0..127");
  }

  @Test
  void sliceMovesTheRangeToZeroCutsNotesAndRestatesWhatIsInForce() {
    Track t = new Track("", 0, 0,
        List.of(new Note(60, 80, 0, 100), new Note(62, 80, 100, 300), new Note(64, 80, 500, 10)),
        List.of(new ControlChange(0, 64, 127), new ControlChange(150, 7, 90), new ControlChange(450, 64, 0)),
        List.of(new PitchBend(50, 100), new PitchBend(200, 0)));
    Score s = new Score(TempoMap.of(480, List.of(new Tempo(0, 500_000), new Tempo(120, 250_000))), List.of(t),
        List.of(new TimeSignature(0, 3, 4)), List.of());
    Score slice = s.slice(100, 300);
    Track sliced = slice.tracks().get(0);
    assertThat(sliced.notes()).containsExactly(new Note(62, 80, 0, 200));
    assertThat(sliced.controlChanges()).containsExactly(new ControlChange(0, 64, 127), new ControlChange(50, 7, 90));
    assertThat(sliced.pitchBends()).containsExactly(new PitchBend(0, 100), new PitchBend(100, 0));
    assertThat(slice.tempoMap().tempos()).containsExactly(new Tempo(0, 500_000), new Tempo(20, 250_000));
    assertThat(slice.timeSignatures()).containsExactly(new TimeSignature(0, 3, 4));
    assertThat(slice.tempoMap().secondsAt(200)).isEqualTo(s.tempoMap().secondsAt(300) - s.tempoMap().secondsAt(100));
  }

  @Test
  void sliceSecondsUsesTheTempoMap() {
    Score s = score(Track.of("", 0, 0, List.of(new Note(60, 80, 0, 480), new Note(62, 80, 480, 480))));
    assertThat(s.sliceSeconds(0.5, 1.0).tracks().get(0).notes()).containsExactly(new Note(62, 80, 0, 480));
  }

  @Test
  void mergeKeepsDrumsApartAndSplitDividesAtAPitch() {
    Track low = Track.of("left", 0, 0, List.of(new Note(40, 80, 0, 10)));
    Track high = Track.of("right", 0, 1, List.of(new Note(70, 80, 0, 10)));
    Track drums = Track.of("drums", 0, 9, List.of(new Note(36, 80, 0, 10)));
    Score merged = score(low, high, drums).mergeTracks();
    assertThat(merged.tracks()).hasSize(2);
    assertThat(merged.tracks().get(0).notes()).extracting(Note::pitch).containsExactly(40, 70);
    assertThat(merged.tracks().get(1).isDrum()).isTrue();
    List<Track> hands = merged.tracks().get(0).splitAtPitch(60);
    assertThat(hands.get(0).notes()).containsExactly(low.notes().get(0));
    assertThat(hands.get(1).notes()).containsExactly(high.notes().get(0));
    assertThat(merged.noteCount()).isEqualTo(3);
  }

  @Test
  void valuesRejectWhatMidiCannotHold() {
    assertThatThrownBy(() -> new Note(128, 80, 0, 1)).hasMessageContaining("pitch");
    assertThatThrownBy(() -> new Note(60, 0, 0, 1)).hasMessageContaining("velocity");
    assertThatThrownBy(() -> new Note(60, 80, 0, 0)).hasMessageContaining("durationTicks");
    assertThatThrownBy(() -> new TimeSignature(0, 4, 3)).hasMessageContaining("power of two");
    assertThatThrownBy(() -> new KeySignature(0, 8, false)).hasMessageContaining("-7..7");
    assertThatThrownBy(() -> Track.of("", 0, 16, List.of())).hasMessageContaining("channel");
  }

  @Test
  void aBarIsTheFirstTimeSignaturesBarOrCommonTime() {
    Score none = Score.of(TempoMap.constant(480, 120), List.of());
    assertThat(none.barTicks()).isEqualTo(4 * 480);
    Score waltz = new Score(TempoMap.constant(480, 120), List.of(), List.of(new TimeSignature(0, 3, 4), new TimeSignature(1440, 4, 4)),
        List.of());
    assertThat(waltz.barTicks()).isEqualTo(3 * 480);
    Score sevenEight = new Score(TempoMap.constant(96, 120), List.of(), List.of(new TimeSignature(0, 7, 8)), List.of());
    assertThat(sevenEight.barTicks()).isEqualTo(7 * 48);
  }
}
