package dev.cadenza.cli;

import dev.cadenza.generation.Sampler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The sampling options of {@code generate} and {@code harmonize} (what is drawn, and how), checked, and the sampler they make. */
final class SamplingOptions {
  @Option(names = "--temperature", defaultValue = "1.0", description = "Below 1 safer, above 1 wilder (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "Draw only from the k most likely tokens; 0 for all (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0",
      description = "Draw only from the most likely tokens that together have this probability; 1 for all (default: ${DEFAULT-VALUE}).")
  double topP;

  @Option(names = "--min-p", defaultValue = "0.0",
      description = "Draw only tokens at least this fraction as likely as the likeliest; 0 for all (default: ${DEFAULT-VALUE}).")
  double minP;

  @Option(names = "--repetition-penalty", defaultValue = "1.0",
      description = "Make tokens already played less likely (1.2 is mild); 1 for none (default: ${DEFAULT-VALUE}).")
  double repetitionPenalty;

  @Option(names = "--no-repeat-ngram", defaultValue = "0", paramLabel = "N",
      description = "Never repeat a run of N tokens (against one note played over and over); 0 for off (default: ${DEFAULT-VALUE}).")
  int noRepeatNgram;

  @Option(names = "--parallels", description = "Four-voice models (chorales): let two voices move in parallel fifths or "
      + "octaves, which by default no drawn note does.")
  boolean parallels;

  /** The sampler; a value out of range is a usage error naming its option. */
  Sampler sampler(CommandSpec spec) {
    OptionChecks.require(spec, temperature >= 0 && Double.isFinite(temperature), "--temperature must be 0 or above, was " + temperature);
    OptionChecks.atLeast(spec, "--top-k", topK, 0);
    OptionChecks.within(spec, "--top-p", topP, 0, 1, true);
    OptionChecks.require(spec, topP > 0, "--top-p must be above 0, was " + topP);
    OptionChecks.within(spec, "--min-p", minP, 0, 1, false);
    OptionChecks.require(spec, repetitionPenalty >= 1 && Double.isFinite(repetitionPenalty),
        "--repetition-penalty must be 1 (none) or more, was " + repetitionPenalty);
    OptionChecks.atLeast(spec, "--no-repeat-ngram", noRepeatNgram, 0);
    return new Sampler(temperature, topK, topP, minP, repetitionPenalty, noRepeatNgram);
  }
}
