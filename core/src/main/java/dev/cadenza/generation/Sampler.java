package dev.cadenza.generation;

import java.util.Random;

/**
 * Draws from a model's predictions with a temperature: below 1 sharper (more predictable), above 1 flatter
 * (more surprising), 0 always the most likely. Deterministic for a given {@link Random}.
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

  /** A token drawn from probabilities (a softmax output). */
  public int sample(float[] probabilities, Random random) {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    if (temperature == 0) {
      return best;
    }
    double[] weights = new double[probabilities.length];
    double total = 0;
    double logMax = Math.log(Math.max(probabilities[best], Float.MIN_VALUE));
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      weights[i] = p <= 0 ? 0 : Math.exp((Math.log(p) - logMax) / temperature);
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

  /** A frame drawn from independent probabilities (a sigmoid output), each value 1 or 0. */
  public float[] sampleFrame(float[] probabilities, Random random) {
    float[] frame = new float[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (temperature == 0) {
        frame[i] = p >= 0.5 ? 1f : 0f;
      } else {
        double logit = Math.log(p / (1 - p)) / temperature;
        frame[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1f : 0f;
      }
    }
    return frame;
  }
}
