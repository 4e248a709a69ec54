package dev.cadenza.generation;

import dev.cadenza.model.Logits;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Draws the next token from a model's raw scores, with the usual controls, all in log space (logits over the
 * temperature, less their maximum, then exponentiated), so no probability underflows before it is weighed.
 * Deterministic for a given {@link Random}. In the order applied:
 * <ol>
 *   <li>{@code repetitionPenalty} (CTRL's): the logit of every token already in the history is divided by it when
 *       positive and multiplied by it when negative; 1 leaves them;
 *   <li>{@code noRepeatNgram} n: a token that would complete an n-gram the history already holds is never drawn
 *       (unless every token would, when the guard steps aside rather than stop); 0 leaves them;
 *   <li>{@code temperature}: below 1 sharper (more predictable), above 1 flatter (more surprising), 0 always the
 *       most likely token left;
 *   <li>{@code topK} k: only the k most likely tokens (0: all); {@code topP} p: only the smallest set of most
 *       likely tokens whose probabilities reach p (1: all); {@code minP} m: only tokens at least m times as likely
 *       as the most likely one (0: all). The most likely token always stays.
 * </ol>
 *
 * @param temperature 0 or more
 * @param topK 0 (off) or more
 * @param topP above 0, at most 1 (1: off)
 * @param minP 0 (off) up to, not including, 1
 * @param repetitionPenalty 1 (off) or more
 * @param noRepeatNgram 0 (off) or more
 */
public record Sampler(double temperature, int topK, double topP, double minP, double repetitionPenalty, int noRepeatNgram) {
  private static final int[] NO_HISTORY = {};

  /** Validates the settings. */
  public Sampler {
    require(temperature >= 0 && Double.isFinite(temperature), "temperature must be 0 or more, was " + temperature);
    require(topK >= 0, "top-k must be 0 (off) or more, was " + topK);
    require(topP > 0 && topP <= 1, "top-p must be above 0 and at most 1, was " + topP);
    require(minP >= 0 && minP < 1, "min-p must be at least 0 and below 1, was " + minP);
    require(repetitionPenalty >= 1 && Double.isFinite(repetitionPenalty),
        "the repetition penalty must be 1 (off) or more, was " + repetitionPenalty);
    require(noRepeatNgram >= 0, "the no-repeat n-gram size must be 0 (off) or more, was " + noRepeatNgram);
  }

  /** Temperature only. */
  public Sampler(double temperature) {
    this(temperature, 0, 1, 0, 1, 0);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** This sampler with another temperature. */
  public Sampler withTemperature(double value) {
    return new Sampler(value, topK, topP, minP, repetitionPenalty, noRepeatNgram);
  }

  /** This sampler keeping only the k most likely tokens (0: all). */
  public Sampler withTopK(int k) {
    return new Sampler(temperature, k, topP, minP, repetitionPenalty, noRepeatNgram);
  }

  /** This sampler keeping only the nucleus of probability p (1: all). */
  public Sampler withTopP(double p) {
    return new Sampler(temperature, topK, p, minP, repetitionPenalty, noRepeatNgram);
  }

  /** This sampler keeping only tokens at least m times as likely as the most likely (0: all). */
  public Sampler withMinP(double m) {
    return new Sampler(temperature, topK, topP, m, repetitionPenalty, noRepeatNgram);
  }

  /** This sampler with a repetition penalty (1: none). */
  public Sampler withRepetitionPenalty(double penalty) {
    return new Sampler(temperature, topK, topP, minP, penalty, noRepeatNgram);
  }

  /** This sampler never repeating an n-gram (0: off). */
  public Sampler withNoRepeatNgram(int n) {
    return new Sampler(temperature, topK, topP, minP, repetitionPenalty, n);
  }

  /** A token drawn from a token model's logits, with no history. */
  public int sample(float[] logits, Random random) {
    return sample(logits, NO_HISTORY, random);
  }

  /** A token drawn from a token model's logits, after {@code history} (the primer and what was drawn so far). */
  public int sample(float[] logits, int[] history, Random random) {
    return sample(logits, history, null, random);
  }

  /**
   * A token drawn from a token model's logits, after {@code history}, among the tokens {@code allowed} marks (all
   * when null, and all when it marks none, rather than fail).
   */
  public int sample(float[] logits, int[] history, boolean[] allowed, Random random) {
    double[] scores = new double[logits.length];
    boolean any = allowed == null;
    for (int i = 0; i < scores.length && !any; i++) {
      any = allowed[i];
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = allowed == null || !any || allowed[i] ? logits[i] : Double.NEGATIVE_INFINITY;
    }
    penalizeRepeats(scores, history);
    banRepeatedNgrams(scores, history);
    int best = argmax(scores);
    if (temperature == 0) {
      return best;
    }
    double[] weights = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      weights[i] = Math.exp((scores[i] - scores[best]) / temperature);
    }
    keepTheLikeliest(weights, best);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0 && weights[i] > 0) {
        return i;
      }
    }
    return best;
  }

  private void penalizeRepeats(double[] scores, int[] history) {
    if (repetitionPenalty == 1) {
      return;
    }
    boolean[] seen = new boolean[scores.length];
    for (int token : history) {
      if (token >= 0 && token < scores.length && !seen[token]) {
        seen[token] = true;
        scores[token] = scores[token] > 0 ? scores[token] / repetitionPenalty : scores[token] * repetitionPenalty;
      }
    }
  }

  /** Bans each token that would complete an n-gram already in the history, unless that bans them all. */
  private void banRepeatedNgrams(double[] scores, int[] history) {
    int n = noRepeatNgram;
    if (n == 0 || history.length < n - 1) {
      return;
    }
    boolean[] banned = new boolean[scores.length];
    int prefixStart = history.length - (n - 1);
    for (int start = 0; start + n <= history.length; start++) {
      boolean same = true;
      for (int k = 0; k < n - 1 && same; k++) {
        same = history[start + k] == history[prefixStart + k];
      }
      int next = history[start + n - 1];
      if (same && next >= 0 && next < scores.length) {
        banned[next] = true;
      }
    }
    if (IntStream.range(0, scores.length).allMatch(i -> banned[i] || scores[i] == Double.NEGATIVE_INFINITY)) {
      return;
    }
    for (int i = 0; i < scores.length; i++) {
      if (banned[i]) {
        scores[i] = Double.NEGATIVE_INFINITY;
      }
    }
  }

  /** Zeroes the weights outside top-k, the top-p nucleus and the min-p floor; the best token always stays. */
  private void keepTheLikeliest(double[] weights, int best) {
    if (topK == 0 && topP == 1 && minP == 0) {
      return;
    }
    Integer[] order = IntStream.range(0, weights.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -weights[i]).thenComparingInt(i -> i));
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double floor = minP * weights[best];
    double cumulative = 0;
    boolean[] keep = new boolean[weights.length];
    for (int rank = 0; rank < order.length; rank++) {
      int i = order[rank];
      boolean inK = topK == 0 || rank < topK;
      boolean inNucleus = topP == 1 || cumulative < topP * total;
      keep[i] = rank == 0 || (inK && inNucleus && weights[i] >= floor);
      cumulative += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      if (!keep[i]) {
        weights[i] = 0;
      }
    }
  }

  private static int argmax(double[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  /** A frame drawn from a frame model's scores (one logit per value), each value 1 or 0. */
  public float[] sampleFrame(float[] scores, Random random) {
    return sampleFrame(scores, null, random);
  }

  /** A frame drawn from a frame model's scores; values that {@code allowed} does not mark stay 0 (all may, when null). */
  public float[] sampleFrame(float[] scores, boolean[] allowed, Random random) {
    return sampleFrame(scores, allowed, 0, random);
  }

  /**
   * A frame drawn from a frame model's scores, with at most {@code maxOn} values on (0: no limit; where more were
   * drawn, the likeliest of them stay); values that {@code allowed} does not mark stay 0 (all may, when null).
   */
  public float[] sampleFrame(float[] scores, boolean[] allowed, int maxOn, Random random) {
    return sampleFrame(scores, allowed, null, maxOn, random);
  }

  /**
   * A frame drawn from a frame model's scores: each on/off value by a coin toss, at most {@code maxOn} on (0: no limit;
   * where more were drawn, the likeliest stay), values that {@code allowed} does not mark 0 (all may, when null); each
   * level ({@code levels} marks them; none when null) near its predicted level, {@code sigmoid(score + t/2 * noise)}
   * with standard logistic noise, so temperature 0 gives the predicted level itself.
   */
  public float[] sampleFrame(float[] scores, boolean[] allowed, boolean[] levels, int maxOn, Random random) {
    float[] frame = new float[scores.length];
    int on = 0;
    for (int i = 0; i < scores.length; i++) {
      if (levels != null && levels[i]) {
        double u = Math.min(Math.max(random.nextDouble(), 1e-12), 1 - 1e-12);
        frame[i] = allowed == null || allowed[i] ? (float) Logits.sigmoid(scores[i] + temperature / 2 * Math.log(u / (1 - u))) : 0f;
        continue;
      }
      boolean drawn = temperature == 0 ? scores[i] >= 0 : random.nextDouble() < Logits.sigmoid(scores[i] / temperature);
      frame[i] = drawn && (allowed == null || allowed[i]) ? 1f : 0f;
      on += (int) frame[i];
    }
    if (maxOn > 0 && on > maxOn) {
      Integer[] order = IntStream.range(0, scores.length).filter(i -> frame[i] == 1f && (levels == null || !levels[i])).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
      for (int rank = maxOn; rank < order.length; rank++) {
        frame[order[rank]] = 0f;
      }
    }
    return frame;
  }
}
