package dev.cadenza.tokens;

import dev.cadenza.music.Score;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An encoding of scores as frames: one vector of {@link #frameSize()} values per time step, multi-hot (1 where
 * a pitch or drum sounds), for models with a sigmoid output.
 */
public interface FrameEncoding extends ScoreEncoding {
  /** The length of each frame. */
  int frameSize();

  /** The score as frames, one per time step. */
  float[][] encode(Score score);

  /** The score that frames stand for; a value of 0.5 or more counts as on. Never throws. */
  Score decode(float[][] frames);

  /** The frames {@code frames[from..to)} moved by {@code semitones}; empty when something would leave the range. */
  Optional<float[][]> transpose(float[][] frames, int from, int to, int semitones);

  /** The pitched note value {@code index} of a frame stands for; empty for drums. Pitch constraints use it. */
  OptionalInt pitchAt(int index);

  /** One frame in words, such as {@code "C4 E4 G4"}, or {@code "-"} when nothing sounds. */
  String describe(float[] frame);
}
