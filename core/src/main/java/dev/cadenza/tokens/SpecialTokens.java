package dev.cadenza.tokens;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The option {@code specialTokens} that every token tokenizer takes (default true): its vocabulary then ends with
 * {@link Vocabulary#PAD}, {@link Vocabulary#BOS} and {@link Vocabulary#EOS}; and the grammar they add around a
 * tokenizer's own.
 */
final class SpecialTokens {
  static final String OPTION = TokenizerConfig.SPECIAL_TOKENS;

  private SpecialTokens() {}

  /** A tokenizer's options plus {@link #OPTION}. */
  static Set<String> options(String... own) {
    return Stream.concat(Stream.of(own), Stream.of(OPTION)).collect(Collectors.toUnmodifiableSet());
  }

  static boolean enabled(TokenizerConfig config) {
    return config.booleanOption(OPTION, true);
  }

  /**
   * The tokenizer's own grammar, which never allows a special token, with the special tokens' rules around it:
   * {@code <bos>} only first, {@code <eos>} only where the stream can end (and then nothing after it), {@code <pad>}
   * never.
   */
  static TokenGrammar around(TokenGrammar own, Vocabulary vocabulary) {
    int bos = vocabulary.id(Vocabulary.BOS);
    int eos = vocabulary.id(Vocabulary.EOS);
    if (bos < 0) {
      return own;
    }
    return new Wrapped(own, vocabulary, bos, eos);
  }

  /** A tokenizer's own grammar with the special tokens' rules around it. */
  private static final class Wrapped implements TokenGrammar {
    private final TokenGrammar own;
    private final Vocabulary vocabulary;
    private final int bos;
    private final int eos;
    private boolean started;
    private boolean ended;

    Wrapped(TokenGrammar own, Vocabulary vocabulary, int bos, int eos) {
      this.own = own;
      this.vocabulary = vocabulary;
      this.bos = bos;
      this.eos = eos;
    }

    @Override
    public TokenGrammar copy() {
      Wrapped copy = new Wrapped(own.copy(), vocabulary, bos, eos);
      copy.started = started;
      copy.ended = ended;
      return copy;
    }

    @Override
    public boolean allows(int id) {
      if (ended) {
        return false;
      }
      if (id == bos) {
        return !started;
      }
      if (id == eos) {
        return own.canEnd();
      }
      return !vocabulary.isSpecial(id) && own.allows(id);
    }

    @Override
    public boolean finishes(int id) {
      return !ended && !vocabulary.isSpecial(id) && own.finishes(id);
    }

    @Override
    public void accept(int id) {
      if (id == eos) {
        ended = true;
      } else if (!vocabulary.isSpecial(id)) {
        own.accept(id);
      }
      started = true;
    }

    @Override
    public boolean canEnd() {
      return ended || own.canEnd();
    }

    @Override
    public String expectation() {
      return ended ? "nothing (after " + Vocabulary.EOS + ")" : own.expectation();
    }
  }
}
