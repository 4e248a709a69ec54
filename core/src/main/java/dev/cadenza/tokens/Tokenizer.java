package dev.cadenza.tokens;

import dev.cadenza.music.Score;
import java.util.List;
import java.util.Optional;

/** An encoding of scores as sequences of token ids from a {@link Vocabulary}. */
public interface Tokenizer extends ScoreEncoding {
  /** The tokens this tokenizer uses; for a tokenizer that {@link #needsVocabulary()}, the fitted one. */
  Vocabulary vocabulary();

  /** The score as token ids. */
  int[] encode(Score score);

  /**
   * The score that token ids stand for. Never throws: ids outside the vocabulary and tokens out of place are
   * skipped, since generated sequences are not always grammatical ({@link #check(int[])} says where).
   */
  Score decode(int[] ids);

  /**
   * A reader at the start of a stream that knows this tokenizer's grammar (special tokens included): generation
   * draws only what it allows.
   */
  TokenGrammar grammar();

  /** Where, if anywhere, a sequence breaks this tokenizer's grammar ({@link #grammar()} run over it). */
  default TokenCheck check(int[] ids) {
    return TokenGrammar.check(grammar(), vocabulary(), ids);
  }

  /**
   * The ids {@code ids[from..to)} moved by {@code semitones}, reading earlier ids for context (such as the
   * instrument a pitch belongs to); empty when a pitch would leave the range the vocabulary covers.
   */
  Optional<int[]> transpose(int[] ids, int from, int to, int semitones);

  /**
   * The pitched notes token {@code id} starts when it comes after {@code history}: a note's pitch, a chord's pitches,
   * nothing for every other token and for drums (reading earlier ids for the instrument, as {@link #transpose} does).
   * Generation's pitch constraints (key, range) use it.
   */
  int[] pitchesStarted(int[] history, int id);

  /**
   * The score as token strings, before they are turned into ids. By default the encoded ids' tokens; a tokenizer whose
   * vocabulary is fitted to a corpus writes the strings first.
   */
  default List<String> strings(Score score) {
    return java.util.Arrays.stream(encode(score)).mapToObj(vocabulary()::token).toList();
  }

  /** Whether the vocabulary comes from a corpus ({@link #withVocabulary}) rather than from the options. */
  default boolean needsVocabulary() {
    return false;
  }

  /** This tokenizer with a vocabulary fitted to a corpus (see {@link Vocabulary#fit}). */
  default Tokenizer withVocabulary(Vocabulary vocabulary) {
    throw new UnsupportedOperationException(name() + " has a fixed vocabulary");
  }

  @Override
  default TokenizerSpec spec() {
    return new TokenizerSpec(name(), config().options(), needsVocabulary() ? vocabulary().tokens() : List.of());
  }
}
