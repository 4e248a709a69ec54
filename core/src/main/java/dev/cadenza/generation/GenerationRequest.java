package dev.cadenza.generation;

import java.util.Optional;

/**
 * What to generate.
 *
 * @param length how many tokens (or frames) to generate after the primer
 * @param temperature the sampling temperature ({@link Sampler})
 * @param seed the seed of the primer choice and the sampling
 * @param primer the tokens to start from; empty for a random primer window from the model's training data
 */
public record GenerationRequest(int length, double temperature, long seed, Optional<int[]> primer) {
  /** Validates the fields. */
  public GenerationRequest {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1, was " + length);
    }
    new Sampler(temperature);
  }
}
