package dev.cadenza.tokens;

/**
 * A reader of one token stream that knows its tokenizer's grammar: which tokens may come next where the stream
 * stands. Generation draws only tokens the grammar {@link #allows}, so every generated stream decodes as written,
 * without repair; {@link Tokenizer#check} is this reader run over a whole sequence. Mutable and not thread-safe: one
 * per stream, from {@link Tokenizer#grammar()}.
 *
 * <p>{@link #accept} reads any token, allowed or not, the way {@link Tokenizer#decode} reads it, because a primer
 * (a window of the training data, the end of a MIDI file) may start in the middle of a bar or a note: the state
 * after it is the one decoding would be in.
 */
public interface TokenGrammar {
  /** Whether token {@code id} may come next. */
  boolean allows(int id);

  /** Reads token {@code id} as the next one, allowed or not, moving the state on as decoding would. */
  void accept(int id);

  /** Whether the stream read so far may end here (no note half written, nothing left open). */
  boolean canEnd();

  /**
   * Whether token {@code id} may come next and brings the stream nearer to where it {@link #canEnd}: it finishes
   * what is open rather than opening more. Generation that has reached its length draws only such tokens until the
   * stream can end; a finite number of them always gets there. By default every allowed token, which suits a
   * grammar whose open parts close within a few tokens whatever is drawn.
   */
  default boolean finishes(int id) {
    return allows(id);
  }

  /** A reader in the same state that moves on independently, to look ahead without moving this one. */
  TokenGrammar copy();

  /** What may come next, in words, for messages: {@code "a Pitch"}, {@code "a Position after 3 or a Bar"}. */
  String expectation();

  /**
   * Where, if anywhere, a whole sequence breaks the grammar of a fresh reader: the first token it does not allow,
   * or the end where the stream cannot end.
   */
  static TokenCheck check(TokenGrammar grammar, Vocabulary vocabulary, int[] ids) {
    for (int i = 0; i < ids.length; i++) {
      if (!vocabulary.contains(ids[i])) {
        return TokenCheck.illFormed(i, "id " + ids[i] + " is outside the vocabulary of " + vocabulary.size());
      }
      if (!grammar.allows(ids[i])) {
        return TokenCheck.illFormed(i, vocabulary.token(ids[i]) + " where " + grammar.expectation() + " must come");
      }
      grammar.accept(ids[i]);
    }
    return grammar.canEnd() ? TokenCheck.wellFormed()
        : TokenCheck.illFormed(ids.length, "the sequence ends where " + grammar.expectation() + " must come");
  }
}
