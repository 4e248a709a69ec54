package dev.cadenza.tokens;

/**
 * Makes one kind of tokenizer; registered in {@code META-INF/services/dev.cadenza.tokens.TokenizerProvider}
 * so that {@link Tokenizers} finds it by name. Must be cheap to construct.
 */
public interface TokenizerProvider {
  /** The name users ask for, lower case with dashes, such as {@code "remi"}. */
  String name();

  /** One line on what the tokenizer keeps and what it drops. */
  String summary();

  /**
   * A tokenizer with the given options.
   *
   * @throws IllegalArgumentException for an unknown option or a value out of range
   */
  ScoreEncoding create(TokenizerConfig config);
}
