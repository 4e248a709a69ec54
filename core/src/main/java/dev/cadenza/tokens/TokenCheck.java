package dev.cadenza.tokens;

/**
 * The result of checking a token sequence against its tokenizer's grammar: well-formed, or where and how not.
 * Decoding never needs a well-formed sequence; the check tells how far a generated one strays.
 *
 * @param position the index of the first ill-formed token, or -1 when the sequence is well-formed
 * @param problem what is wrong there, empty when well-formed
 */
public record TokenCheck(int position, String problem) {
  private static final TokenCheck OK = new TokenCheck(-1, "");

  /** The result for a well-formed sequence. */
  public static TokenCheck wellFormed() {
    return OK;
  }

  /** The result for a sequence ill-formed at {@code position}. */
  public static TokenCheck illFormed(int position, String problem) {
    return new TokenCheck(position, problem);
  }

  /** Whether the sequence is well-formed. */
  public boolean isWellFormed() {
    return position < 0;
  }
}
