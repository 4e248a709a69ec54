package dev.cadenza.data;

/**
 * A batch of training windows: inputs and the targets a model should predict from them (the same windows moved
 * on by one step). Every row has the same length.
 */
public sealed interface Batch permits Batch.Tokens, Batch.Frames {
  /** The number of windows. */
  int size();

  /** The number of steps in each window. */
  int length();

  /**
   * Windows of token ids.
   *
   * @param inputs [batch][time] ids
   * @param targets [batch][time] the next ids
   */
  record Tokens(int[][] inputs, int[][] targets) implements Batch {
    @Override
    public int size() {
      return inputs.length;
    }

    @Override
    public int length() {
      return inputs.length == 0 ? 0 : inputs[0].length;
    }
  }

  /**
   * Windows of frames.
   *
   * @param inputs [batch][time][frame] values
   * @param targets [batch][time][frame] the next frames
   */
  record Frames(float[][][] inputs, float[][][] targets) implements Batch {
    @Override
    public int size() {
      return inputs.length;
    }

    @Override
    public int length() {
      return inputs.length == 0 ? 0 : inputs[0].length;
    }
  }
}
