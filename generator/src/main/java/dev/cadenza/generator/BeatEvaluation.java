package dev.cadenza.generator;

import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.DrumGridEncoding;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How a beat model's grooves compare with held-out grooves, style by style. For each style, the model generates pieces
 * of so many bars in that style (a model without styles, such as a mel model, the same pieces for every style) at the
 * median tempo of the style's held-out grooves; these are compared with the style's held-out grooves (their first so
 * many bars) on the drum features {@link #FEATURES} (on drums alone, groove consistency is drum-pattern consistency), by
 * the mean of Yang and Lerch's overlapped areas ({@link SetComparison}; 1 is as close as the held-out grooves are to
 * each other). So are three references: random drum patterns with the hit rate per kit piece of the style's training
 * grooves (what a model learns that knows only how often each piece is hit, not when), the style's training grooves
 * themselves (what a model reaches that plays its training grooves back), and each other style's held-out grooves (their
 * mean the row's {@code otherStyles}). A good beat model's grooves come closer than the random patterns and the other
 * styles. The model's own grooves in each other style ({@code generatedAsOtherStyles}) tell whether it learned the
 * style: a model that plays every style alike comes as close with them.
 */
public final class BeatEvaluation {
  /** The drum features compared (see {@link dev.cadenza.evaluation.MusicFeatures}). */
  public static final List<String> FEATURES = List.of("drumPatternConsistency", "drumHitsPerBar", "kickShare", "snareShare",
      "hiHatShare", "offBeatShare");

  /**
   * One style's comparison: mean overlapped areas with its held-out grooves.
   *
   * @param style the style
   * @param heldOut how many held-out grooves it has
   * @param bpm the tempo generated at (their median)
   * @param generated the model's grooves in this style
   * @param random random patterns with the style's training grooves' hit rates
   * @param training the style's training grooves
   * @param otherStyles the held-out grooves of each other style, the mean over those styles; null when no other style is
   *     compared
   * @param generatedAsOtherStyles the model's grooves in each other style compared, the mean over those styles (for a model
   *     without styles, the same as {@code generated}); null when no other style is compared
   */
  public record Row(String style, int heldOut, double bpm, double generated, double random, double training, Double otherStyles,
      Double generatedAsOtherStyles) {
    /** Whether the model's grooves came closer to the style's than random patterns and the other styles (if any) did. */
    public boolean generatedClosest() {
      return generated > random && (otherStyles == null || generated > otherStyles);
    }

    /** Whether the model's grooves in this style came closer to the style's than its grooves in the other styles (if any) did. */
    public boolean styleLearned() {
      return generatedAsOtherStyles == null || generated > generatedAsOtherStyles;
    }
  }

  private BeatEvaluation() {}

  /**
   * Compares, for every style with at least {@code leastHeldOut} held-out grooves and at least one training groove of
   * {@code bars} bars or more (and, for a model conditioned on styles, that the model has).
   *
   * @param generator the beat model
   * @param training the grooves the model was trained on, by style
   * @param heldOut held-out grooves by style
   * @param pieces how many pieces to generate (and random patterns to draw) per style
   * @param bars the bars of each piece, and of each held-out groove compared
   * @param temperature the sampling temperature
   * @param seed the seed of the generation and the random patterns
   * @param leastHeldOut the fewest held-out grooves a style needs to be compared
   * @throws IllegalArgumentException if no style has enough held-out grooves and a training groove
   * @throws IOException if generation fails
   */
  public static List<Row> evaluate(MusicGenerator generator, Map<String, List<Score>> training, Map<String, List<Score>> heldOut, int pieces,
      int bars, double temperature, long seed, int leastHeldOut) throws IOException {
    Map<String, List<Score>> cut = firstBars(heldOut, bars);
    Map<String, List<Score>> learned = firstBars(training, bars);
    List<String> styles = Tokenizers.fromSpec(generator.bundle().manifest().tokenizer()) instanceof FrameEncoding frames ? frames.styles() : List.of();
    boolean styled = !styles.isEmpty();
    Map<String, List<Score>> generated = new LinkedHashMap<>();
    Map<String, Double> tempos = new LinkedHashMap<>();
    List<Score> latest = null; // a model without styles plays the same pieces for every style
    for (Map.Entry<String, List<Score>> entry : cut.entrySet()) {
      if (entry.getValue().size() < leastHeldOut || !learned.containsKey(entry.getKey()) || styled && !styles.contains(entry.getKey())) {
        continue;
      }
      double bpm = Math.round(median(entry.getValue().stream().mapToDouble(s -> s.tempoMap().tempoAt(0).bpm()).toArray()));
      tempos.put(entry.getKey(), bpm);
      if (styled || latest == null) {
        GenerationRequest.Builder request = GenerationRequest.builder().bars(bars).temperature(temperature).seed(seed);
        if (styled) {
          request.style(entry.getKey()).bpm(bpm);
        }
        latest = generator.generate(request.build(), pieces).stream().map(s -> s.endTick() > bars * s.barTicks()
            ? s.slice(0, bars * s.barTicks()) : s).toList();
      }
      generated.put(entry.getKey(), latest);
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<Score>> entry : generated.entrySet()) {
      String style = entry.getKey();
      List<Score> reference = cut.get(style);
      double bpm = tempos.get(style);
      Double others = meanCloseness(cut.entrySet().stream().filter(e -> !e.getKey().equals(style) && e.getValue().size() >= leastHeldOut)
          .map(Map.Entry::getValue).toList(), reference);
      Double generatedOthers = meanCloseness(generated.entrySet().stream().filter(e -> !e.getKey().equals(style)).map(Map.Entry::getValue)
          .toList(), reference);
      rows.add(new Row(style, reference.size(), bpm, closeness(entry.getValue(), reference),
          closeness(randomPatterns(learned.get(style), pieces, bars, bpm, new Random(seed)), reference), closeness(learned.get(style), reference),
          others, generatedOthers));
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no style has " + leastHeldOut + " held-out grooves and a training groove of " + bars + " bars or more");
    }
    return rows;
  }

  /** Each style's grooves of so many bars or more, cut to that many; styles with none left out. */
  private static Map<String, List<Score>> firstBars(Map<String, List<Score>> grooves, int bars) {
    Map<String, List<Score>> cut = new LinkedHashMap<>();
    grooves.forEach((style, scores) -> {
      List<Score> longEnough = scores.stream().filter(s -> s.endTick() >= bars * s.barTicks()).map(s -> s.slice(0, bars * s.barTicks())).toList();
      if (!longEnough.isEmpty()) {
        cut.put(style, longEnough);
      }
    });
    return cut;
  }

  /** The mean {@link #closeness} of several sets to a reference, or null for no set. */
  private static Double meanCloseness(List<List<Score>> sets, List<Score> reference) {
    return sets.isEmpty() ? null : sets.stream().mapToDouble(set -> closeness(set, reference)).average().orElseThrow();
  }

  /** The mean overlapped area over {@link #FEATURES} of pieces against a reference (features without one left out). */
  static double closeness(List<Score> pieces, List<Score> reference) {
    Set<String> drums = Set.copyOf(FEATURES);
    return SetComparison.compare(pieces, reference).stream().filter(f -> drums.contains(f.feature()))
        .mapToDouble(SetComparison.Feature::overlappedArea).filter(a -> !Double.isNaN(a)).average().orElse(0);
  }

  /**
   * Random drum patterns: each kit piece hit at each sixteenth with the probability it has in the grooves given, at a
   * velocity drawn from 40 to 120.
   */
  static List<Score> randomPatterns(List<Score> grooves, int count, int bars, double bpm, Random random) {
    int pieces = DrumGridEncoding.kitPieces().size();
    double[] rate = new double[pieces];
    double steps = 0;
    for (Score s : grooves) {
      steps += (double) s.endTick() / (s.resolution() / 4.0);
      for (Track t : s.tracks()) {
        for (Note n : t.isDrum() ? t.notes() : List.<Note>of()) {
          int k = DrumGridEncoding.kitPiece(n.pitch());
          rate[Math.max(0, k)] += k >= 0 ? 1 : 0;
        }
      }
    }
    for (int k = 0; k < pieces; k++) {
      rate[k] /= Math.max(1, steps);
    }
    List<Score> patterns = new ArrayList<>();
    int step = 120;
    for (int i = 0; i < count; i++) {
      List<Note> notes = new ArrayList<>();
      for (int s = 0; s < bars * 16; s++) {
        for (int k = 0; k < pieces; k++) {
          if (random.nextDouble() < rate[k]) {
            notes.add(new Note(DrumGridEncoding.kitPitch(k), 40 + random.nextInt(81), (long) s * step, step));
          }
        }
      }
      patterns.add(Score.of(TempoMap.constant(480, bpm), notes.isEmpty() ? List.of() : List.of(Track.of("", 0, Track.DRUM_CHANNEL, notes))));
    }
    return patterns;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
