package dev.cadenza.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceLeadingTest {
  /** Four voices in half notes (two per voice), soprano first. */
  private static Score chords(int[] first, int[] second) {
    List<Track> tracks = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      tracks.add(Track.of("v" + v, 0, v, List.of(new Note(first[v], 80, 0, 960), new Note(second[v], 80, 960, 960))));
    }
    return Score.of(TempoMap.constant(480, 90), tracks);
  }

  @Test
  void parallelFifthsAndOctavesAreCountedAmongMovesWhereBothVoicesMove() {
    // Soprano and bass: C5 over F3 (a fifth, compound) to D5 over G3: parallel fifths; alto and tenor hold.
    VoiceLeading fifths = VoiceLeading.of(List.of(chords(new int[] {72, 65, 60, 53}, new int[] {74, 65, 60, 55})));
    assertThat(fifths.pairMoves()).isEqualTo(1);
    assertThat(fifths.parallelFifths()).isEqualTo(1);
    assertThat(fifths.parallelOctaves()).isZero();
    // Soprano and tenor an octave apart, both up a step: parallel octaves.
    VoiceLeading octaves = VoiceLeading.of(List.of(chords(new int[] {72, 65, 60, 53}, new int[] {74, 65, 62, 53})));
    assertThat(octaves.parallelOctaves()).isEqualTo(1);
    assertThat(octaves.octaveShare()).isEqualTo(1.0);
  }

  @Test
  void contraryMotionIntoAFifthIsNoParallel() {
    // Soprano up, bass down, from a sixth into a fifth and nothing parallel.
    VoiceLeading leading = VoiceLeading.of(List.of(chords(new int[] {72, 67, 64, 48}, new int[] {74, 67, 64, 43})));
    assertThat(leading.pairMoves()).isEqualTo(1);
    assertThat(leading.parallelFifths() + leading.parallelOctaves()).isZero();
  }

  @Test
  void aVoiceBelowTheOneUnderItIsACrossing() {
    // The alto goes above the soprano... in the second half note only; voices are told by their average pitch.
    VoiceLeading leading = VoiceLeading.of(List.of(chords(new int[] {76, 72, 60, 48}, new int[] {73, 74, 60, 48})));
    assertThat(leading.fourVoiceSteps()).isEqualTo(8);
    assertThat(leading.crossings()).isEqualTo(4);
    assertThat(leading.crossingShare()).isEqualTo(0.5);
    assertThat(VoiceLeading.of(List.of(Score.of(TempoMap.constant(480, 90), List.of()))).pieces()).isZero();
  }
}
