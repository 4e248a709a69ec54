package dev.cadenza.evaluation;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.DrumGridEncoding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of one piece that music metrics compare (after MusPy's definitions): pitched notes for the pitch
 * features, drums for the drum feature. Time steps are sixteenth notes (a quarter of the resolution); bars take the
 * score's first time signature (4/4 without one). A feature a piece cannot have (the pitch range of drums alone, the
 * drum-pattern consistency of a piece without drums) is NaN and left out of comparisons.
 *
 * <ul>
 *   <li>{@code pitchRange}: highest minus lowest pitch; {@code pitchesUsed}, {@code pitchClassesUsed}: how many distinct;
 *   <li>{@code pitchClassEntropy}: the Shannon entropy, in bits, of the notes' pitch classes (0 to log2 12);
 *   <li>{@code polyphony}: the mean number of pitches sounding over the steps where any sounds;
 *       {@code polyphonyRate}: the share of those steps where more than one sounds;
 *   <li>{@code scaleConsistency}: the largest share of notes in one major or natural minor scale;
 *   <li>{@code emptyBeatRate}: the share of beats where no note starts;
 *   <li>{@code grooveConsistency}: one minus the mean Hamming distance, per step, between the onset patterns of
 *       consecutive bars; {@code drumPatternConsistency}: the same for the drums alone;
 *   <li>{@code noteDensity}: notes per second; {@code meanDuration}: mean note length in quarter notes;
 *   <li>{@code drumHitsPerBar}: drum notes per bar; {@code kickShare}, {@code snareShare}, {@code hiHatShare}: the share
 *       of drum notes that are kicks, snares, hi-hats (closed or open, in Magenta's drum classes);
 *       {@code offBeatShare}: the share of drum notes that start off the eighth notes (on the sixteenth between).
 * </ul>
 */
public final class MusicFeatures {
  /** The feature names, in the order reports list them. */
  public static final List<String> NAMES = List.of("pitchRange", "pitchesUsed", "pitchClassesUsed", "pitchClassEntropy",
      "polyphony", "polyphonyRate", "scaleConsistency", "emptyBeatRate", "grooveConsistency", "drumPatternConsistency",
      "noteDensity", "meanDuration", "drumHitsPerBar", "kickShare", "snareShare", "hiHatShare", "offBeatShare");
  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};

  private MusicFeatures() {}

  /** Every feature of the score, by {@link #NAMES}. */
  public static Map<String, Double> of(Score score) {
    List<Note> pitched = score.tracks().stream().filter(t -> !t.isDrum()).flatMap(t -> t.notes().stream()).toList();
    List<Note> drums = score.tracks().stream().filter(Track::isDrum).flatMap(t -> t.notes().stream()).toList();
    List<Note> all = score.tracks().stream().flatMap(t -> t.notes().stream()).toList();
    long step = Math.max(1, score.resolution() / 4);
    long bar = score.barTicks();
    Map<String, Double> features = new LinkedHashMap<>();
    features.put("pitchRange", pitched.isEmpty() ? Double.NaN
        : pitched.stream().mapToInt(Note::pitch).max().getAsInt() - pitched.stream().mapToInt(Note::pitch).min().getAsInt());
    features.put("pitchesUsed", pitched.isEmpty() ? Double.NaN : (double) pitched.stream().mapToInt(Note::pitch).distinct().count());
    features.put("pitchClassesUsed", pitched.isEmpty() ? Double.NaN
        : (double) pitched.stream().mapToInt(n -> n.pitch() % 12).distinct().count());
    features.put("pitchClassEntropy", pitchClassEntropy(pitched));
    double[] poly = polyphony(pitched, step);
    features.put("polyphony", poly[0]);
    features.put("polyphonyRate", poly[1]);
    features.put("scaleConsistency", scaleConsistency(pitched));
    features.put("emptyBeatRate", emptyBeatRate(all, score.resolution(), score.endTick()));
    features.put("grooveConsistency", grooveConsistency(all, step, bar));
    features.put("drumPatternConsistency", grooveConsistency(drums, step, bar));
    double seconds = score.durationSeconds();
    features.put("noteDensity", seconds > 0 ? all.size() / seconds : Double.NaN);
    features.put("meanDuration", all.isEmpty() ? Double.NaN
        : all.stream().mapToLong(Note::durationTicks).average().getAsDouble() / score.resolution());
    features.put("drumHitsPerBar", drums.isEmpty() ? Double.NaN : drums.size() / Math.max(1.0, Math.ceil((double) score.endTick() / bar)));
    features.put("kickShare", drumShare(drums, 0, 0));
    features.put("snareShare", drumShare(drums, 1, 1));
    features.put("hiHatShare", drumShare(drums, 2, 3));
    features.put("offBeatShare", drums.isEmpty() ? Double.NaN
        : (double) drums.stream().filter(n -> Math.round((double) n.startTick() / step) % 2 == 1).count() / drums.size());
    return features;
  }

  /** The share of drum notes in the kit pieces {@code first..last} of {@link DrumGridEncoding#kitPieces()}. */
  private static double drumShare(List<Note> drums, int first, int last) {
    if (drums.isEmpty()) {
      return Double.NaN;
    }
    return (double) drums.stream().map(n -> DrumGridEncoding.kitPiece(n.pitch())).filter(k -> k >= first && k <= last).count() / drums.size();
  }

  private static double pitchClassEntropy(List<Note> notes) {
    if (notes.isEmpty()) {
      return Double.NaN;
    }
    int[] counts = new int[12];
    notes.forEach(n -> counts[n.pitch() % 12]++);
    double entropy = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / notes.size();
        entropy -= p * Math.log(p) / Math.log(2);
      }
    }
    return entropy;
  }

  /** Mean pitches sounding over the steps where any sounds, and the share of those steps with more than one. */
  private static double[] polyphony(List<Note> notes, long step) {
    if (notes.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    long end = notes.stream().mapToLong(Note::endTick).max().getAsLong();
    int steps = (int) Math.min(2_000_000, (end + step - 1) / step);
    boolean[][] sounding = new boolean[steps][];
    for (Note n : notes) {
      for (long s = n.startTick() / step; s * step < n.endTick() && s < steps; s++) {
        if (sounding[(int) s] == null) {
          sounding[(int) s] = new boolean[128];
        }
        sounding[(int) s][n.pitch()] = true;
      }
    }
    long active = 0;
    long total = 0;
    long multiple = 0;
    for (boolean[] pitches : sounding) {
      if (pitches == null) {
        continue;
      }
      int count = 0;
      for (boolean on : pitches) {
        count += on ? 1 : 0;
      }
      active++;
      total += count;
      multiple += count > 1 ? 1 : 0;
    }
    return active == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {(double) total / active, (double) multiple / active};
  }

  private static double scaleConsistency(List<Note> notes) {
    if (notes.isEmpty()) {
      return Double.NaN;
    }
    double best = 0;
    for (int tonic = 0; tonic < 12; tonic++) {
      for (int[] scale : List.of(MAJOR, MINOR)) {
        boolean[] in = new boolean[12];
        for (int degree : scale) {
          in[(tonic + degree) % 12] = true;
        }
        best = Math.max(best, (double) notes.stream().filter(n -> in[n.pitch() % 12]).count() / notes.size());
      }
    }
    return best;
  }

  private static double emptyBeatRate(List<Note> notes, int resolution, long end) {
    int beats = (int) Math.max(1, (end + resolution - 1) / resolution);
    if (notes.isEmpty()) {
      return Double.NaN;
    }
    boolean[] struck = new boolean[beats];
    notes.forEach(n -> struck[(int) Math.min(beats - 1, n.startTick() / resolution)] = true);
    int empty = 0;
    for (boolean s : struck) {
      empty += s ? 0 : 1;
    }
    return (double) empty / beats;
  }

  /** One minus the mean per-step Hamming distance between consecutive bars' onset patterns; NaN under two bars. */
  private static double grooveConsistency(List<Note> notes, long step, long bar) {
    if (notes.isEmpty()) {
      return Double.NaN;
    }
    int stepsPerBar = (int) Math.max(1, bar / step);
    long end = notes.stream().mapToLong(Note::startTick).max().getAsLong();
    int bars = (int) (end / bar) + 1;
    if (bars < 2) {
      return Double.NaN;
    }
    boolean[][] onsets = new boolean[bars][stepsPerBar];
    for (Note n : notes) {
      onsets[(int) (n.startTick() / bar)][(int) Math.min(stepsPerBar - 1, n.startTick() % bar / step)] = true;
    }
    double distance = 0;
    for (int b = 1; b < bars; b++) {
      int differ = 0;
      for (int s = 0; s < stepsPerBar; s++) {
        differ += onsets[b][s] != onsets[b - 1][s] ? 1 : 0;
      }
      distance += (double) differ / stepsPerBar;
    }
    return 1 - distance / (bars - 1);
  }

  /** The values of one feature over pieces, NaN left out. */
  static double[] values(List<Map<String, Double>> pieces, String feature) {
    return pieces.stream().mapToDouble(p -> p.get(feature)).filter(v -> !Double.isNaN(v)).toArray();
  }

  /** The mean and standard deviation of values (NaN for none). */
  static double[] meanAndDeviation(double[] values) {
    if (values.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = Arrays.stream(values).average().getAsDouble();
    double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    return new double[] {mean, Math.sqrt(variance)};
  }
}
