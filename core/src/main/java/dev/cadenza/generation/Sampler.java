package dev.cadenza.generation;

import dev.cadenza.model.Logits;
import java.util.Random;

/**
 * Draws from a model's raw scores with a temperature: below 1 sharper (more predictable), above 1 flatter (more
 * surprising), 0 always the most likely. The work is in log space (logits divided by the temperature, less their
 * maximum, then exponentiated), so no probability underflows before it is weighed. Deterministic for a given
 * {@link Random}.
 *
 * @param temperature 0 or more
 */
public record Sampler(double temperature) {
  /** Validates the temperature. */
  public Sampler {
    if (!(temperature >= 0 && Double.isFinite(temperature))) {
      throw new IllegalArgumentException("temperature must be 0 or more, was " + temperature);
    }
  }

  /** A token drawn from a token model's logits. */
  public int sample(float[] logits, Random random) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    if (temperature == 0) {
      return best;
    }
    double[] weights = new double[logits.length];
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      weights[i] = Math.exp((logits[i] - (double) logits[best]) / temperature);
      total += weights[i];
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return best;
  }

  /** A frame drawn from a frame model's scores (one logit per value), each value 1 or 0. */
  public float[] sampleFrame(float[] scores, Random random) {
    float[] frame = new float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      boolean on = temperature == 0 ? scores[i] >= 0 : random.nextDouble() < Logits.sigmoid(scores[i] / temperature);
      frame[i] = on ? 1f : 0f;
    }
    return frame;
  }
}
