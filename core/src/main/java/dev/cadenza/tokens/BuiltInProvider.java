package dev.cadenza.tokens;

import java.util.function.Function;

/** The provider of a built-in tokenizer: a name, a summary and a constructor. */
abstract class BuiltInProvider implements TokenizerProvider {
  private final String name;
  private final String summary;
  private final Function<TokenizerConfig, ScoreEncoding> factory;

  BuiltInProvider(String name, String summary, Function<TokenizerConfig, ScoreEncoding> factory) {
    this.name = name;
    this.summary = summary;
    this.factory = factory;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public ScoreEncoding create(TokenizerConfig config) {
    return factory.apply(config);
  }
}
