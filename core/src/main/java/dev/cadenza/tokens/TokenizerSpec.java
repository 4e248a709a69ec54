package dev.cadenza.tokens;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tokenizer as saved in a file or model bundle: its name, its options and, for tokenizers whose vocabulary is
 * fitted to a corpus, that vocabulary.
 *
 * @param tokenizer the tokenizer's name
 * @param options its options
 * @param vocabulary the fitted vocabulary in id order, empty for tokenizers with a fixed one
 */
public record TokenizerSpec(String tokenizer, Map<String, String> options, List<String> vocabulary) implements java.io.Serializable {
  /** Copies the fields. */
  public TokenizerSpec {
    Objects.requireNonNull(tokenizer, "tokenizer");
    options = Map.copyOf(options);
    vocabulary = List.copyOf(vocabulary);
  }
}
