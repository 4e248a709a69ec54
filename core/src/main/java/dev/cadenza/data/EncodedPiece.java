package dev.cadenza.data;

/** One piece of music as an encoding gave it: token ids or frames, with the file it came from. */
public sealed interface EncodedPiece permits EncodedPiece.Tokens, EncodedPiece.Frames {
  /** Where the piece came from, such as a file path. */
  String source();

  /** The number of tokens or frames. */
  int length();

  /**
   * A piece as token ids.
   *
   * @param source where it came from
   * @param ids the token ids
   */
  record Tokens(String source, int[] ids) implements EncodedPiece, java.io.Serializable {
    @Override
    public int length() {
      return ids.length;
    }
  }

  /**
   * A piece as frames, one per time step.
   *
   * @param source where it came from
   * @param frames the frames
   */
  record Frames(String source, float[][] frames) implements EncodedPiece {
    @Override
    public int length() {
      return frames.length;
    }
  }
}
