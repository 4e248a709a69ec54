package dev.cadenza.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.DrumGridEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The references {@link BeatEvaluation} compares a beat model with. */
class BeatEvaluationTest {
  private static final int BARS = 8;
  private static final int SIXTEENTH = 120;

  /** A groove of kick on the beats, snare on two and four and closed hi-hat on every eighth, with a little jitter in velocity. */
  private static Score rockBeat(Random random) {
    List<Note> notes = new ArrayList<>();
    for (int step = 0; step < BARS * 16; step++) {
      long tick = (long) step * SIXTEENTH;
      if (step % 4 == 0) {
        notes.add(new Note(36, 90 + random.nextInt(10), tick, SIXTEENTH));
      }
      if (step % 8 == 4) {
        notes.add(new Note(38, 100 + random.nextInt(10), tick, SIXTEENTH));
      }
      if (step % 2 == 0) {
        notes.add(new Note(42, 70 + random.nextInt(10), tick, SIXTEENTH));
      }
    }
    return Score.of(TempoMap.constant(480, 100), List.of(Track.of("", 0, Track.DRUM_CHANNEL, notes)));
  }

  private static int hits(List<Score> scores, String piece) {
    int kit = DrumGridEncoding.kitPieces().indexOf(piece);
    return (int) scores.stream().flatMap(s -> s.tracks().stream()).flatMap(t -> t.notes().stream())
        .filter(n -> DrumGridEncoding.kitPiece(n.pitch()) == kit).count();
  }

  @Test
  void randomPatternsHitEachPieceAsOftenAsTheGroovesTheyAreDrawnFrom() {
    Random random = new Random(1);
    List<Score> grooves = List.of(rockBeat(random), rockBeat(random));
    List<Score> patterns = BeatEvaluation.randomPatterns(grooves, 200, BARS, 100, new Random(2));
    double steps = 200.0 * BARS * 16;
    assertThat(hits(patterns, "kick") / steps).isCloseTo(0.25, within(0.01));
    assertThat(hits(patterns, "snare") / steps).isCloseTo(0.125, within(0.01));
    assertThat(hits(patterns, "closed-hat") / steps).isCloseTo(0.5, within(0.01));
    assertThat(hits(patterns, "ride")).isZero();
    assertThat(patterns).allSatisfy(p -> assertThat(p.tempoMap().tempoAt(0).bpm()).isEqualTo(100));
  }

  @Test
  void grooveSetsAreCloserToTheirOwnKindThanRandomPatternsWithTheSameHitRates() {
    Random random = new Random(3);
    List<Score> training = new ArrayList<>();
    List<Score> heldOut = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      training.add(rockBeat(random));
      heldOut.add(rockBeat(random));
    }
    double same = BeatEvaluation.closeness(training, heldOut);
    double shuffled = BeatEvaluation.closeness(BeatEvaluation.randomPatterns(training, 12, BARS, 100, new Random(4)), heldOut);
    assertThat(same).isBetween(0.0, 1.0).isGreaterThan(shuffled + 0.2);
  }
}
