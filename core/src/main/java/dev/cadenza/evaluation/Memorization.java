package dev.cadenza.evaluation;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How much generated music copies its reference: the longest run of generated notes found in one reference piece,
 * and the share of generated 8-grams found anywhere in the reference, with a note (drums too) being its pitch and its
 * onset interval from the note before (in 1/12 of a quarter note). Beside them, the same two figures of a held-out fifth
 * of the reference (every fifth piece) against the rest: how much the music itself repeats, so that a model is
 * judged against that and not against zero.
 *
 * @param longestRun the longest run of generated notes found in a reference piece, in notes
 * @param ngramShare the share of generated 8-grams found in the reference, 0 to 1
 * @param heldOutLongestRun the same for the held-out reference pieces against the rest (-1 under five pieces)
 * @param heldOutNgramShare the same for the held-out reference pieces (NaN under five pieces)
 */
public record Memorization(int longestRun, double ngramShare, int heldOutLongestRun, double heldOutNgramShare) {
  /** The n of the n-grams. */
  public static final int N = 8;

  /** The figures of generated pieces against reference pieces. */
  public static Memorization of(List<Score> generated, List<Score> reference) {
    List<long[]> g = generated.stream().map(Memorization::notes).toList();
    List<long[]> r = reference.stream().map(Memorization::notes).toList();
    List<long[]> heldOut = new ArrayList<>();
    List<long[]> rest = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      (i % 5 == 0 ? heldOut : rest).add(r.get(i));
    }
    boolean baseline = r.size() >= 5;
    return new Memorization(longestRun(g, r), ngramShare(g, r), baseline ? longestRun(heldOut, rest) : -1,
        baseline ? ngramShare(heldOut, rest) : Double.NaN);
  }

  /** A piece's notes, drums too, in onset order (ties by pitch), each as its pitch (or drum key) and onset interval. */
  static long[] notes(Score score) {
    List<Note> notes = new ArrayList<>(score.tracks().stream().flatMap(t -> t.notes().stream()).toList());
    notes.sort(Comparator.comparingLong(Note::startTick).thenComparingInt(Note::pitch));
    long[] tokens = new long[notes.size()];
    long previous = 0;
    for (int i = 0; i < tokens.length; i++) {
      long interval = Math.round((notes.get(i).startTick() - previous) * 12.0 / score.resolution());
      tokens[i] = notes.get(i).pitch() * 1_000_000L + Math.min(interval, 999_999);
      previous = notes.get(i).startTick();
    }
    return tokens;
  }

  private static int longestRun(List<long[]> pieces, List<long[]> against) {
    int best = 0;
    for (long[] a : pieces) {
      for (long[] b : against) {
        best = Math.max(best, longestCommonRun(a, b));
      }
    }
    return best;
  }

  /** The longest run of a that b holds too (longest common substring), by dynamic programming over one row. */
  static int longestCommonRun(long[] a, long[] b) {
    int[] row = new int[b.length + 1];
    int best = 0;
    for (long x : a) {
      for (int j = b.length; j >= 1; j--) {
        row[j] = x == b[j - 1] ? row[j - 1] + 1 : 0;
        best = Math.max(best, row[j]);
      }
    }
    return best;
  }

  private static double ngramShare(List<long[]> pieces, List<long[]> against) {
    Set<List<Long>> known = new HashSet<>();
    for (long[] b : against) {
      for (int i = 0; i + N <= b.length; i++) {
        known.add(gram(b, i));
      }
    }
    long found = 0;
    long total = 0;
    for (long[] a : pieces) {
      for (int i = 0; i + N <= a.length; i++) {
        total++;
        found += known.contains(gram(a, i)) ? 1 : 0;
      }
    }
    return total == 0 ? Double.NaN : (double) found / total;
  }

  private static List<Long> gram(long[] tokens, int from) {
    List<Long> gram = new ArrayList<>(N);
    for (int k = 0; k < N; k++) {
      gram.add(tokens[from + k]);
    }
    return gram;
  }
}
