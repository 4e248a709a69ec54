package dev.cadenza.generation;

import java.util.Optional;

/**
 * What to generate.
 *
 * @param length how many tokens (or frames) to generate after the primer
 * @param sampler how each next step is drawn: temperature, top-k, top-p, min-p, repetition controls
 * @param seed the seed of the primer choice and the sampling
 * @param primer what to start from
 * @param pitches the pitches generated notes may have ({@link PitchConstraint#ANY}: every one)
 */
public record GenerationRequest(int length, Sampler sampler, long seed, Primer primer, PitchConstraint pitches) {
  /** Validates the fields. */
  public GenerationRequest {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1, was " + length);
    }
  }

  /** A request with no pitch constraint. */
  public GenerationRequest(int length, Sampler sampler, long seed, Primer primer) {
    this(length, sampler, seed, primer, PitchConstraint.ANY);
  }

  /** A request that samples with a temperature only, from the given tokens or else a window of the training data. */
  public GenerationRequest(int length, double temperature, long seed, Optional<int[]> primer) {
    this(length, new Sampler(temperature), seed, primer.map(Primer::tokens).orElseGet(Primer::fromTraining));
  }

  /** This request with a pitch constraint. */
  public GenerationRequest withPitches(PitchConstraint constraint) {
    return new GenerationRequest(length, sampler, seed, primer, constraint);
  }
}
