package dev.cadenza.tokens;

import dev.cadenza.music.Score;
import java.util.List;

/**
 * What every tokenizer has, whether it gives token ids ({@link Tokenizer}) or frames ({@link FrameEncoding}).
 *
 * <p>Each encoding keeps some of a score and drops the rest (its provider's {@link TokenizerProvider#summary()}
 * says what). {@link #quantize(Score)} is the score as the encoding sees it: what it keeps, on its grid;
 * decoding what it encoded gives exactly that. Implementations are immutable and thread-safe.
 */
public interface ScoreEncoding {
  /** The name it is found by, such as {@code "remi"}. */
  String name();

  /** Its options. */
  TokenizerConfig config();

  /** The score as this encoding sees it: {@code decode(encode(score))} equals it. */
  Score quantize(Score score);

  /** Everything needed to build this encoding again: name, options and, where fitted, vocabulary. */
  default TokenizerSpec spec() {
    return new TokenizerSpec(name(), config().options(), List.of());
  }
}
