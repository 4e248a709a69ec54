package dev.cadenza.generation;

import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import java.util.Arrays;

/**
 * What generation starts from: nothing, music (a score, a MIDI file), a model's own kind of steps, or a random window of
 * its training data.
 */
public sealed interface Primer {
  /**
   * Token ids of the model's vocabulary, fed before sampling starts.
   *
   * @param ids at least one
   */
  record Tokens(int[] ids) implements Primer {
    /** Checks and copies the ids. */
    public Tokens {
      if (ids.length == 0) {
        throw new IllegalArgumentException("a primer needs at least one token");
      }
      ids = ids.clone();
    }

    @Override
    public int[] ids() {
      return ids.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tokens t && Arrays.equals(ids, t.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
      return "Tokens" + Arrays.toString(ids);
    }
  }

  /**
   * Frames of the model's frame size, fed before sampling starts.
   *
   * @param frames at least one
   */
  record Frames(float[][] frames) implements Primer {
    /** Checks and copies the frames. */
    public Frames {
      if (frames.length == 0) {
        throw new IllegalArgumentException("a primer needs at least one frame");
      }
      frames = Arrays.stream(frames).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public float[][] frames() {
      return Arrays.stream(frames).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Frames f && Arrays.deepEquals(frames, f.frames);
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(frames);
    }

    @Override
    public String toString() {
      return "Frames[" + frames.length + " frames]";
    }
  }

  /**
   * A random window of the model's training data, as its bundle keeps them (the first seed's way; a model whose
   * bundle keeps none, such as a frame model, starts from silence).
   */
  record FromTraining() implements Primer {}

  /**
   * Nothing: a token model is fed {@code <bos>} (a model whose vocabulary has none, from bundle format 1, starts from a
   * window of its training data instead); a frame model starts from silence.
   */
  record None() implements Primer {}

  /**
   * The end of a score, encoded with the model's tokenizer ({@link #endOf}, {@code steps} tokens or frames).
   *
   * @param score the music
   * @param steps how many of its last steps to feed, at least 1
   */
  record Music(Score score, int steps) implements Primer {
    /** Checks the steps. */
    public Music {
      java.util.Objects.requireNonNull(score, "score");
      if (steps < 1) {
        throw new IllegalArgumentException("a primer needs at least one step, was " + steps);
      }
    }
  }

  /**
   * The end of a MIDI file, read and encoded by the caller that can read MIDI ({@code MusicGenerator} does; core
   * cannot) into a {@link Music} primer.
   *
   * @param file the MIDI file
   * @param steps how many of its last steps to feed, at least 1
   */
  record MidiFile(java.nio.file.Path file, int steps) implements Primer {
    /** Checks the steps. */
    public MidiFile {
      java.util.Objects.requireNonNull(file, "file");
      if (steps < 1) {
        throw new IllegalArgumentException("a primer needs at least one step, was " + steps);
      }
    }
  }

  /** Nothing to start from. */
  static Primer none() {
    return new None();
  }

  /** Token ids to start from. */
  static Primer tokens(int... ids) {
    return new Tokens(ids);
  }

  /** A random window of the training data. */
  static Primer fromTraining() {
    return new FromTraining();
  }

  /**
   * The end of a score in the model's encoding: its last {@code steps} tokens or frames (all of them when it has
   * fewer).
   *
   * @throws IllegalArgumentException if the score encodes to nothing
   */
  static Primer endOf(Score score, ScoreEncoding encoding, int steps) {
    if (encoding instanceof Tokenizer tokenizer) {
      int[] ids = tokenizer.encode(score);
      if (ids.length == 0) {
        throw new IllegalArgumentException("the primer has no notes the model's tokenizer can encode");
      }
      return new Tokens(Arrays.copyOfRange(ids, Math.max(0, ids.length - steps), ids.length));
    }
    float[][] frames = ((FrameEncoding) encoding).encode(score);
    if (frames.length == 0) {
      throw new IllegalArgumentException("the primer has no notes the model's encoding can encode");
    }
    return new Frames(Arrays.copyOfRange(frames, Math.max(0, frames.length - steps), frames.length));
  }
}
