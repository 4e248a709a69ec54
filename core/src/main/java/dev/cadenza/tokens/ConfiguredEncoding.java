package dev.cadenza.tokens;

import java.util.Set;

/** What every built-in encoding holds: its name and its checked options. */
abstract class ConfiguredEncoding implements ScoreEncoding {
  private final String name;
  private final TokenizerConfig config;

  ConfiguredEncoding(String name, TokenizerConfig config, Set<String> knownOptions) {
    config.requireKnown(name, knownOptions);
    this.name = name;
    this.config = config;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final TokenizerConfig config() {
    return config;
  }
}
