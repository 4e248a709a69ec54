package dev.cadenza.testing;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.PitchBend;
import dev.cadenza.music.Score;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random scores for property tests, shared by every module through core's test-jar. */
public final class ScoreArbitraries {
  private ScoreArbitraries() {}

  /** Scores of up to 5 tracks (drums among them) with tempo changes, signatures, controllers and bends. */
  public static Arbitrary<Score> scores() {
    return scores(0, 127);
  }

  /** Scores whose notes keep to the pitches {@code low..high}. */
  public static Arbitrary<Score> scores(int low, int high) {
    Arbitrary<TempoMap> tempoMaps = Combinators.combine(
        Arbitraries.of(96, 120, 384, 480, 960, 1024),
        Arbitraries.integers().between(200_000, 1_500_000).list().ofMaxSize(4),
        Arbitraries.longs().between(1, 20_000).list().ofMaxSize(4))
        .as((resolution, micros, ticks) -> {
          List<Tempo> tempos = new ArrayList<>();
          for (int i = 0; i < Math.min(micros.size(), ticks.size()); i++) {
            tempos.add(new Tempo(i == 0 ? 0 : ticks.get(i), micros.get(i)));
          }
          return TempoMap.of(resolution, tempos);
        });
    Arbitrary<List<TimeSignature>> meters = Combinators.combine(
        Arbitraries.longs().between(0, 10_000), Arbitraries.integers().between(1, 12), Arbitraries.of(2, 4, 8, 16))
        .as(TimeSignature::new).list().ofMaxSize(3);
    Arbitrary<List<KeySignature>> keys = Combinators.combine(
        Arbitraries.longs().between(0, 10_000), Arbitraries.integers().between(-7, 7), Arbitraries.of(true, false))
        .as(KeySignature::new).list().ofMaxSize(3);
    return Combinators.combine(tempoMaps, tracks(low, high).list().ofMaxSize(5), meters, keys).as(Score::new);
  }

  private static Arbitrary<Track> tracks(int low, int high) {
    Arbitrary<List<Note>> notes = Combinators.combine(
        Arbitraries.integers().between(low, high), Arbitraries.integers().between(1, 127),
        Arbitraries.longs().between(0, 5_000), Arbitraries.longs().between(1, 2_000))
        .as(Note::new).list().ofMinSize(1).ofMaxSize(40);
    Arbitrary<List<ControlChange>> controls = Combinators.combine(
        Arbitraries.longs().between(0, 5_000), Arbitraries.of(ControlChange.KEPT_CONTROLLERS),
        Arbitraries.integers().between(0, 127)).as(ControlChange::new).list().ofMaxSize(5);
    Arbitrary<List<PitchBend>> bends = Combinators.combine(
        Arbitraries.longs().between(0, 5_000), Arbitraries.integers().between(-8192, 8191))
        .as(PitchBend::new).list().ofMaxSize(5);
    return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMaxLength(12),
        Arbitraries.integers().between(0, 127), Arbitraries.integers().between(0, 15), notes, controls, bends)
        .as(Track::new);
  }

  /**
   * The score without the overlapping notes of one key in one track, which a MIDI file cannot tell apart and a
   * reader must settle one way.
   */
  public static Score withoutOverlapsPerKey(Score score) {
    return score.withTracks(score.tracks().stream().map(t -> {
      long[] freeFrom = new long[128];
      List<Note> kept = new ArrayList<>();
      for (Note n : t.notes()) {
        if (n.startTick() >= freeFrom[n.pitch()]) {
          kept.add(n);
          freeFrom[n.pitch()] = n.endTick();
        }
      }
      return t.withNotes(kept);
    }).toList());
  }
}
