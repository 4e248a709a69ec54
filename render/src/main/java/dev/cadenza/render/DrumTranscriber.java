package dev.cadenza.render;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.DrumGridEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Drum hits from a mel spectrogram. Each band's rise is its energy in the frame after above twice the most of the
 * {@value #BEFORE} frames before (a rise of 3 dB at least); onsets are where the rises' sum peaks (the largest within {@value #PEAK_FRAMES}
 * frames either side) above a threshold, and an onset's rise per band is the most that band rose within those frames
 * (a hi-hat's rise peaks a frame before a kick's). Each onset's rise is split among the kit's pieces
 * ({@link DrumGridEncoding#kitPieces()}, but for the open hi-hat and the ride: see {@link #HEARD}) by their spectral
 * templates: the onset rises of each piece played alone, soft,
 * medium and loud (a soft hi-hat is duller than a loud one), through the same synthesizer and spectrogram. The split
 * takes one piece at a time, the one that explains most of what is left, refitting all taken with non-negative shares,
 * while the next explains enough and is unlike those taken; a taken piece is a hit, its velocity from its share.
 */
final class DrumTranscriber {
  private static final int[] VELOCITIES = {40, 80, 120};
  /** The smallest share of a template, as a power ratio, that counts as a hit. */
  private static final double LEAST_SHARE = 0.3;
  /** The least part of an onset's weighted rise a further piece must explain to count. */
  private static final double LEAST_GAIN = 0.03;
  /** The cosine similarity (weighted) above which a piece's templates count as like another piece's. */
  private static final double ALIKE = 0.5;
  /** Onsets below this part of the softest template's total rise are not onsets. */
  private static final double LEAST_FLUX = 0.2;
  private static final int ITERATIONS = 200;
  private static final int BEFORE = 3;
  /** How many times the most of the frames before a band's energy must be to count as a rise (3 dB). */
  private static final double RISE_RATIO = 2;
  /**
   * The pieces heard, as indices of {@link DrumGridEncoding#kitPieces()}: all but the open hi-hat, whose onset is a
   * closed one's (they differ in how they ring on), and the ride, which the JDK's sounds play as the crash.
   */
  private static final int[] HEARD = {0, 1, 2, 4, 5, 6, 7};
  private static final int PEAK_FRAMES = 2;
  private static final int PHASES = 4;

  private final MelSpectrogram spectrogram;
  private final int sampleRate;
  /** The templates, piece by piece, each at every velocity of {@link #VELOCITIES}. */
  private final double[][] templates;
  private final double[] bandWeights;
  private final double loudnessExponent;
  private final double leastFlux;

  /** Renders each kit piece alone to learn its templates; throws UncheckedIOException if the synthesizer cannot. */
  DrumTranscriber(MelSpectrogram spectrogram, AudioRenderer renderer) {
    this.spectrogram = spectrogram;
    this.sampleRate = renderer.sampleRate();
    int pieces = HEARD.length;
    templates = new double[pieces * VELOCITIES.length][];
    double softest = Double.POSITIVE_INFINITY;
    double exponents = 0;
    for (int k = 0; k < pieces; k++) {
      for (int v = 0; v < VELOCITIES.length; v++) {
        templates[k * VELOCITIES.length + v] = onsetRise(renderer, DrumGridEncoding.kitPitch(HEARD[k]), VELOCITIES[v]);
      }
      double soft = sum(templates[k * VELOCITIES.length]);
      double loud = sum(templates[k * VELOCITIES.length + VELOCITIES.length - 1]);
      exponents += Math.log(loud / soft) / Math.log((double) VELOCITIES[VELOCITIES.length - 1] / VELOCITIES[0]);
      softest = Math.min(softest, soft);
    }
    loudnessExponent = exponents / pieces;
    leastFlux = LEAST_FLUX * softest;
    bandWeights = new double[templates[0].length];
    for (int b = 0; b < bandWeights.length; b++) {
      double energy = 0;
      for (double[] template : templates) {
        energy += template[b];
      }
      bandWeights[b] = energy > 0 ? 1 / (energy * energy) : 0;
    }
  }

  /**
   * The rise at the onset of one drum hit played alone, the mean over {@value #PHASES} starts a part of a hop apart (the
   * rise a frame sees depends on where in the frame the hit starts).
   */
  private double[] onsetRise(AudioRenderer renderer, int pitch, int velocity) {
    double[] mean = new double[spectrogram.filterbank().bands()];
    for (int phase = 0; phase < PHASES; phase++) {
      double start = 0.1 + (double) phase * spectrogram.hopLength() / PHASES / sampleRate;
      TempoMap tempo = TempoMap.constant(30_000, 60);
      Score hit = Score.of(tempo, List.of(Track.of("", 0, Track.DRUM_CHANNEL, List.of(new Note(pitch, velocity, tempo.tickAt(start), 3000)))));
      double[][] rises;
      try {
        rises = rises(spectrogram.power(MelEncoding.mono(renderer.renderPcm(hit))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot render the drum templates: " + e.getMessage(), e);
      }
      int best = 0;
      for (int t = 1; t < rises.length; t++) {
        best = sum(rises[t]) > sum(rises[best]) ? t : best;
      }
      double[] rise = onset(rises, best);
      for (int b = 0; b < mean.length; b++) {
        mean[b] += rise[b] / PHASES;
      }
    }
    return mean;
  }

  /** Each frame's rise per band. */
  private static double[][] rises(double[][] power) {
    double[][] rises = new double[power.length][];
    for (int t = 0; t < power.length; t++) {
      rises[t] = new double[power[t].length];
      if (t > 0 && t + 1 < power.length) {
        for (int b = 0; b < power[t].length; b++) {
          double before = 0;
          for (int u = Math.max(0, t - BEFORE); u < t; u++) {
            before = Math.max(before, power[u][b]);
          }
          rises[t][b] = Math.max(0, power[t + 1][b] - RISE_RATIO * before);
        }
      }
    }
    return rises;
  }

  /** The drum hits of a spectrogram's band powers, on channel 10 at {@code bpm}. */
  Score transcribe(double[][] power, double bpm) {
    double[][] rises = rises(power);
    double[] flux = new double[rises.length];
    for (int t = 0; t < rises.length; t++) {
      flux[t] = sum(rises[t]);
    }
    TempoMap tempo = TempoMap.constant(480, bpm);
    List<Note> notes = new ArrayList<>();
    for (int t = 0; t < flux.length; t++) {
      if (flux[t] < leastFlux || !peak(flux, t)) {
        continue;
      }
      double[] shares = shares(onset(rises, t));
      long tick = tempo.tickAt((double) t * spectrogram.hopLength() / sampleRate);
      for (int i = 0; i < shares.length; i++) {
        if (shares[i] >= LEAST_SHARE) {
          int velocity = (int) Math.round(VELOCITIES[i % VELOCITIES.length] * Math.pow(shares[i], 1 / loudnessExponent));
          notes.add(new Note(DrumGridEncoding.kitPitch(HEARD[i / VELOCITIES.length]), Math.max(1, Math.min(127, velocity)), tick, 120));
        }
      }
    }
    return Score.of(tempo, notes.isEmpty() ? List.of() : List.of(Track.of("", 0, Track.DRUM_CHANNEL, notes)));
  }

  /** The rise of each band at an onset: the most it rose within {@value #PEAK_FRAMES} frames of it. */
  private static double[] onset(double[][] rises, int t) {
    double[] rise = new double[rises[t].length];
    for (int u = Math.max(0, t - PEAK_FRAMES); u <= Math.min(rises.length - 1, t + PEAK_FRAMES); u++) {
      for (int b = 0; b < rise.length; b++) {
        rise[b] = Math.max(rise[b], rises[u][b]);
      }
    }
    return rise;
  }

  /** Whether {@code flux[t]} is the largest within {@value #PEAK_FRAMES} frames either side (the first of equals). */
  private static boolean peak(double[] flux, int t) {
    for (int u = Math.max(0, t - PEAK_FRAMES); u <= Math.min(flux.length - 1, t + PEAK_FRAMES); u++) {
      if (flux[u] > flux[t] || flux[u] == flux[t] && u < t) {
        return false;
      }
    }
    return true;
  }

  /** The templates' shares of an onset's rise, at most one template per piece. */
  private double[] shares(double[] rise) {
    double[] share = new double[templates.length];
    boolean[] taken = new boolean[templates.length];
    double total = weightedDot(rise, rise);
    double[] left = rise.clone();
    while (true) {
      int best = -1;
      double bestGain = LEAST_GAIN * total;
      for (int i = 0; i < templates.length; i++) {
        double self = weightedDot(templates[i], templates[i]);
        double along = weightedDot(templates[i], left);
        if (along / self >= LEAST_SHARE && along * along / self > bestGain && !blocked(i, taken)) {
          best = i;
          bestGain = along * along / self;
        }
      }
      if (best < 0) {
        return share;
      }
      taken[best] = true;
      share[best] = along(best, left);
      refit(rise, share, taken);
      for (int b = 0; b < left.length; b++) {
        left[b] = rise[b];
        for (int i = 0; i < templates.length; i++) {
          left[b] -= share[i] * templates[i][b];
        }
      }
    }
  }

  private double along(int i, double[] rise) {
    return weightedDot(templates[i], rise) / weightedDot(templates[i], templates[i]);
  }

  /** Whether template i's piece is taken already, or it is like a template taken of another piece. */
  private boolean blocked(int i, boolean[] taken) {
    for (int j = 0; j < taken.length; j++) {
      if (taken[j] && (j / VELOCITIES.length == i / VELOCITIES.length || weightedDot(templates[i], templates[j])
          > ALIKE * Math.sqrt(weightedDot(templates[i], templates[i]) * weightedDot(templates[j], templates[j])))) {
        return true;
      }
    }
    return false;
  }

  /** Non-negative least squares of the rise on the taken templates, by multiplicative updates. */
  private void refit(double[] rise, double[] share, boolean[] taken) {
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int i = 0; i < templates.length; i++) {
        if (!taken[i]) {
          continue;
        }
        double denominator = 0;
        for (int j = 0; j < templates.length; j++) {
          denominator += taken[j] ? weightedDot(templates[i], templates[j]) * share[j] : 0;
        }
        share[i] = denominator > 0 ? share[i] * weightedDot(templates[i], rise) / denominator : 0;
      }
    }
  }

  /** The dot product with each band weighted by the inverse square of the templates' energy there, so every band counts. */
  private double weightedDot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i] * bandWeights[i];
    }
    return sum;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum;
  }
}
