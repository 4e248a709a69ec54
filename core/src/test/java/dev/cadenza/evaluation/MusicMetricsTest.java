package dev.cadenza.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each metric on hand-made scores with known answers. */
class MusicMetricsTest {
  private static final int Q = 480;
  private static final int[] C_MAJOR = {60, 62, 64, 65, 67, 69, 71, 72};

  private static Score piano(List<Note> notes) {
    return Score.of(TempoMap.constant(Q, 120), List.of(Track.of("", 0, 0, notes)));
  }

  private static Score scale(int... pitches) {
    return piano(IntStream.range(0, pitches.length).mapToObj(i -> new Note(pitches[i], 80, (long) i * Q, Q)).toList());
  }

  @Test
  void aCMajorScale() {
    Map<String, Double> f = MusicFeatures.of(scale(C_MAJOR));
    assertThat(f.get("scaleConsistency")).isEqualTo(1.0);
    assertThat(f.get("pitchRange")).isEqualTo(12.0);
    assertThat(f.get("pitchesUsed")).isEqualTo(8.0);
    assertThat(f.get("pitchClassesUsed")).isEqualTo(7.0);
    assertThat(f.get("polyphony")).as("one note at a time").isEqualTo(1.0);
    assertThat(f.get("polyphonyRate")).isEqualTo(0.0);
    assertThat(f.get("emptyBeatRate")).as("a note on every beat").isEqualTo(0.0);
    assertThat(f.get("noteDensity")).as("8 notes in 4 s").isEqualTo(2.0);
    assertThat(f.get("meanDuration")).isEqualTo(1.0);
    assertThat(f.get("drumPatternConsistency")).as("no drums").isNaN();
  }

  @Test
  void aHeldChordAndAChromaticScale() {
    Map<String, Double> chord = MusicFeatures.of(piano(List.of(new Note(60, 80, 0, 4 * Q), new Note(64, 80, 0, 4 * Q),
        new Note(67, 80, 0, 4 * Q))));
    assertThat(chord.get("polyphony")).isEqualTo(3.0);
    assertThat(chord.get("polyphonyRate")).isEqualTo(1.0);
    assertThat(chord.get("emptyBeatRate")).as("struck on beat 1 of 4").isEqualTo(0.75);
    Map<String, Double> chromatic = MusicFeatures.of(scale(IntStream.range(60, 72).toArray()));
    assertThat(chromatic.get("pitchClassEntropy")).isCloseTo(Math.log(12) / Math.log(2), within(1e-12));
    assertThat(chromatic.get("scaleConsistency")).isCloseTo(7 / 12.0, within(1e-12));
  }

  @Test
  void aSteadyGrooveIsConsistentAndARandomOneLess() {
    List<Note> steady = new ArrayList<>();
    List<Note> random = new ArrayList<>();
    Random r = new Random(3);
    for (int bar = 0; bar < 8; bar++) {
      for (int beat = 0; beat < 4; beat++) {
        steady.add(new Note(36, 100, (bar * 4L + beat) * Q, Q / 4));
        random.add(new Note(36, 100, bar * 4L * Q + r.nextInt(16) * (Q / 4), Q / 4));
      }
    }
    Score drums = Score.of(TempoMap.constant(Q, 120), List.of(Track.of("", 0, Track.DRUM_CHANNEL, steady)));
    assertThat(MusicFeatures.of(drums).get("drumPatternConsistency")).isEqualTo(1.0);
    assertThat(MusicFeatures.of(drums).get("grooveConsistency")).isEqualTo(1.0);
    Score loose = Score.of(TempoMap.constant(Q, 120), List.of(Track.of("", 0, Track.DRUM_CHANNEL, random)));
    assertThat(MusicFeatures.of(loose).get("drumPatternConsistency")).isLessThan(0.9);
    assertThat(MusicFeatures.of(drums).get("pitchRange")).as("drums have no pitch range").isNaN();
  }

  @Test
  void aCopiedPieceIsMemorizedAndAFreshOneIsNot() {
    List<Score> reference = new ArrayList<>();
    Random r = new Random(7);
    for (int p = 0; p < 10; p++) {
      reference.add(scale(IntStream.range(0, 40).map(i -> 48 + r.nextInt(36)).toArray()));
    }
    Memorization copied = Memorization.of(List.of(reference.get(3)), reference);
    assertThat(copied.longestRun()).isEqualTo(40);
    assertThat(copied.ngramShare()).isEqualTo(1.0);
    Memorization fresh = Memorization.of(List.of(scale(IntStream.range(0, 40).map(i -> 48 + r.nextInt(36)).toArray())), reference);
    assertThat(fresh.longestRun()).isLessThan(4);
    assertThat(fresh.ngramShare()).isEqualTo(0.0);
    assertThat(copied.heldOutLongestRun()).as("random reference pieces share little").isLessThan(4);
    assertThat(copied.heldOutNgramShare()).isEqualTo(0.0);
    assertThat(Memorization.longestCommonRun(new long[] {1, 2, 3, 4, 9}, new long[] {7, 2, 3, 4, 8})).isEqualTo(3);
  }

  @Test
  void setsAlikeOverlapAndSetsApartDoNot() {
    Random r = new Random(11);
    List<Score> reference = new ArrayList<>();
    List<Score> alike = new ArrayList<>();
    List<Score> apart = new ArrayList<>();
    for (int p = 0; p < 30; p++) {
      reference.add(scale(IntStream.range(0, 16).map(i -> 60 + r.nextInt(12)).toArray()));
      alike.add(scale(IntStream.range(0, 16).map(i -> 60 + r.nextInt(12)).toArray()));
      apart.add(scale(IntStream.range(0, 16).map(i -> 24 + r.nextInt(90)).toArray()));
    }
    SetComparison.Feature sameRange = feature(SetComparison.compare(alike, reference), "pitchRange");
    SetComparison.Feature wideRange = feature(SetComparison.compare(apart, reference), "pitchRange");
    assertThat(sameRange.overlappedArea()).isGreaterThan(0.8);
    assertThat(wideRange.overlappedArea()).isLessThan(0.2);
    assertThat(wideRange.klDivergence()).isGreaterThan(sameRange.klDivergence());
    assertThat(wideRange.generatedMean()).isGreaterThan(wideRange.referenceMean());
    double[] identical = SetComparison.overlap(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4});
    assertThat(identical[0]).as("up to the grid's sum").isCloseTo(1.0, within(1e-4));
    assertThat(identical[1]).isCloseTo(0.0, within(1e-6));
  }

  private static SetComparison.Feature feature(List<SetComparison.Feature> features, String name) {
    return features.stream().filter(f -> f.feature().equals(name)).findFirst().orElseThrow();
  }
}
