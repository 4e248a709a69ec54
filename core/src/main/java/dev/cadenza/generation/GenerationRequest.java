package dev.cadenza.generation;

import java.util.Optional;

/**
 * What to generate.
 *
 * @param length how much to generate after the primer: steps (tokens or frames), seconds or bars
 * @param sampler how each next step is drawn: temperature, top-k, top-p, min-p, repetition controls
 * @param seed the seed of the primer choice and the sampling
 * @param primer what to start from
 * @param pitches the pitches generated notes may have ({@link PitchConstraint#ANY}: every one)
 */
public record GenerationRequest(Length length, Sampler sampler, long seed, Primer primer, PitchConstraint pitches) {
  /** A request of {@code length} steps with no pitch constraint. */
  public GenerationRequest(int length, Sampler sampler, long seed, Primer primer) {
    this(Length.steps(length), sampler, seed, primer, PitchConstraint.ANY);
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
