package dev.cadenza.generation;

import java.util.Optional;

/**
 * What to generate.
 *
 * @param length how many tokens (or frames) to generate after the primer
 * @param sampler how each next step is drawn: temperature, top-k, top-p, min-p, repetition controls
 * @param seed the seed of the primer choice and the sampling
 * @param primer the tokens to start from; empty for a random primer window from the model's training data
 */
public record GenerationRequest(int length, Sampler sampler, long seed, Optional<int[]> primer) {
  /** Validates the fields. */
  public GenerationRequest {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1, was " + length);
    }
    if (primer.isPresent() && primer.get().length == 0) {
      throw new IllegalArgumentException("a primer needs at least one token (or none at all, for a random one)");
    }
  }

  /** A request that samples with a temperature only. */
  public GenerationRequest(int length, double temperature, long seed, Optional<int[]> primer) {
    this(length, new Sampler(temperature), seed, primer);
  }
}
