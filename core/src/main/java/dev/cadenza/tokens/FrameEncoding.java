package dev.cadenza.tokens;

import dev.cadenza.music.Score;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An encoding of scores as frames: one vector of {@link #frameSize()} values per time step, multi-hot (1 where
 * a pitch or drum sounds), for models with a sigmoid output. Some values may be levels from 0 to 1 (a velocity, an
 * energy) rather than on or off ({@link #isLevel}), and some may be conditions ({@link #isCondition}: a style, a tempo)
 * that a model is fed with every frame and that generation holds fixed rather than draws.
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

  /**
   * Whether value {@code index} is a level from 0 to 1 (a velocity, a tempo, an energy) rather than on or off: sampling
   * draws a level near the predicted one instead of tossing a coin.
   */
  default boolean isLevel(int index) {
    return false;
  }

  /** Whether value {@code index} is a condition (a style, the tempo): fed to a model with every frame, never drawn. */
  default boolean isCondition(int index) {
    return false;
  }

  /** The styles frames can be conditioned on, one channel each; empty for an encoding without styles. */
  default List<String> styles() {
    return List.of();
  }

  /** Whether frames carry the tempo, as a condition, which decoding plays at. */
  default boolean hasTempo() {
    return false;
  }

  /** The frame that stands before a piece's first step: silence, with a clock (where frames have one) just before a bar. */
  default float[] silence() {
    return new float[frameSize()];
  }

  /** The frame that stands before a piece whose first step is {@code first}: {@link #silence()} with its conditions. */
  default float[] before(float[] first) {
    return withConditionsOf(first, silence());
  }

  /**
   * The frame drawn to follow {@code previous}, with its conditions set as generation holds them: as in
   * {@code previous} (a style, a tempo), or where {@code previous} has no style, as drawn (the model's choice); a
   * clock one step on. By default, every condition as in {@code previous}.
   */
  default float[] following(float[] previous, float[] drawn) {
    return withConditionsOf(previous, drawn.clone());
  }

  /** {@code frame} with the conditions of {@code source}, in place. */
  private float[] withConditionsOf(float[] source, float[] frame) {
    for (int k = 0; k < frame.length; k++) {
      frame[k] = isCondition(k) ? source[k] : frame[k];
    }
    return frame;
  }

  /**
   * A copy of the frame with its conditions set: the style's channel on and the other styles off, the tempo channel at
   * {@code bpm}; an empty condition leaves its channels as they are.
   *
   * @throws IllegalArgumentException if a style is asked for that the encoding does not have (it names those it has),
   *     or a tempo where frames carry none
   */
  default float[] conditioned(float[] frame, Optional<String> style, OptionalDouble bpm) {
    if (style.isPresent()) {
      throw new IllegalArgumentException("the model's encoding (" + name() + ") has no styles");
    }
    if (bpm.isPresent()) {
      throw new IllegalArgumentException("the model's encoding (" + name() + ") has no tempo condition");
    }
    return frame.clone();
  }
}
