package dev.cadenza.evaluation;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import java.util.Comparator;
import java.util.List;

/**
 * How four-part writing moves, counted the way a harmony teacher marks it, over pieces whose first four pitched tracks
 * are the voices (tracks named Soprano, Alto, Tenor and Bass in that order; else highest average pitch first), read on
 * an eighth-note grid:
 * <ul>
 *   <li>parallel fifths and octaves: of the moves where two voices both change pitch from one sounding step to the
 *       next, the share where they were a perfect fifth (or an octave or unison, counted apart) apart before and are
 *       again after, both moving the same way;
 *   <li>voice crossings: of the steps where all four voices sound, the share where a voice is below the one under it.
 * </ul>
 * Bach's chorales are the reference: their own rates are not zero, and a model is judged against them.
 *
 * @param pieces the pieces counted (those with at least four pitched tracks)
 * @param pairMoves moves where two voices both changed pitch
 * @param parallelFifths of them, parallel fifths
 * @param parallelOctaves of them, parallel octaves and unisons
 * @param fourVoiceSteps steps where all four voices sound
 * @param crossings of them, steps with a voice crossing
 */
public record VoiceLeading(int pieces, long pairMoves, long parallelFifths, long parallelOctaves, long fourVoiceSteps,
    long crossings) {
  /** The track names that give the voices in order, as the chorale tokenizer decodes them. */
  private static final List<String> VOICES = List.of("Soprano", "Alto", "Tenor", "Bass");
  /** Grid steps per quarter note. */
  static final int STEPS_PER_QUARTER = 2;

  /** The counts over a set of pieces; pieces with fewer than four pitched tracks are left out. */
  public static VoiceLeading of(List<Score> scores) {
    VoiceLeading total = new VoiceLeading(0, 0, 0, 0, 0, 0);
    for (Score score : scores) {
      List<Track> pitched = score.tracks().stream().filter(t -> !t.isDrum() && !t.isEmpty()).limit(4).toList();
      List<Track> voices = pitched.stream().map(Track::name).toList().equals(VOICES) ? pitched : pitched.stream()
          .sorted(Comparator.comparingDouble((Track t) -> t.notes().stream().mapToInt(Note::pitch).average().orElse(0)).reversed())
          .toList();
      if (voices.size() == 4) {
        total = total.plus(count(score, voices));
      }
    }
    return total;
  }

  /** The share of pair moves that are parallel fifths (NaN when there were none). */
  public double fifthShare() {
    return (double) parallelFifths / pairMoves;
  }

  /** The share of pair moves that are parallel octaves or unisons (NaN when there were none). */
  public double octaveShare() {
    return (double) parallelOctaves / pairMoves;
  }

  /** The share of four-voice steps with a crossing (NaN when there were none). */
  public double crossingShare() {
    return (double) crossings / fourVoiceSteps;
  }

  private VoiceLeading plus(VoiceLeading o) {
    return new VoiceLeading(pieces + o.pieces, pairMoves + o.pairMoves, parallelFifths + o.parallelFifths,
        parallelOctaves + o.parallelOctaves, fourVoiceSteps + o.fourVoiceSteps, crossings + o.crossings);
  }

  private static VoiceLeading count(Score score, List<Track> voices) {
    long ticksPerStep = Math.max(1, score.resolution() / STEPS_PER_QUARTER);
    int steps = (int) (score.endTick() / ticksPerStep) + 1;
    int[][] pitch = new int[4][steps];
    for (int v = 0; v < 4; v++) {
      java.util.Arrays.fill(pitch[v], -1);
      for (Note n : voices.get(v).notes()) {
        for (long s = n.startTick() / ticksPerStep; s < Math.max(n.startTick() / ticksPerStep + 1, n.endTick() / ticksPerStep)
            && s < steps; s++) {
          pitch[v][(int) s] = Math.max(pitch[v][(int) s], n.pitch());
        }
      }
    }
    long moves = 0;
    long fifths = 0;
    long octaves = 0;
    long full = 0;
    long crossed = 0;
    for (int s = 1; s < steps; s++) {
      for (int a = 0; a < 4; a++) {
        for (int b = a + 1; b < 4; b++) {
          int a0 = pitch[a][s - 1];
          int b0 = pitch[b][s - 1];
          int a1 = pitch[a][s];
          int b1 = pitch[b][s];
          if (a0 < 0 || b0 < 0 || a1 < 0 || b1 < 0 || a0 == a1 || b0 == b1) {
            continue;
          }
          moves++;
          boolean sameWay = Integer.signum(a1 - a0) == Integer.signum(b1 - b0);
          int before = Math.floorMod(a0 - b0, 12);
          int after = Math.floorMod(a1 - b1, 12);
          fifths += sameWay && before == 7 && after == 7 ? 1 : 0;
          octaves += sameWay && before == 0 && after == 0 ? 1 : 0;
        }
      }
    }
    for (int s = 0; s < steps; s++) {
      if (pitch[0][s] >= 0 && pitch[1][s] >= 0 && pitch[2][s] >= 0 && pitch[3][s] >= 0) {
        full++;
        crossed += pitch[0][s] < pitch[1][s] || pitch[1][s] < pitch[2][s] || pitch[2][s] < pitch[3][s] ? 1 : 0;
      }
    }
    return new VoiceLeading(1, moves, fifths, octaves, full, crossed);
  }
}
