package dev.cadenza.generation;

import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;

/** How long a generated piece is: a number of steps (tokens or frames), of seconds, or of bars. */
public sealed interface Length {
  /** The most steps drawn for a length in seconds or bars, should the model not reach it sooner. */
  int MAX_STEPS = 50_000;

  /**
   * So many tokens (or frames).
   *
   * @param count at least 1
   */
  record Steps(int count) implements Length {
    /** Checks the count. */
    public Steps {
      if (count < 1) {
        throw new IllegalArgumentException("a length needs at least 1 step, was " + count);
      }
    }

    @Override
    public int maxSteps() {
      return count;
    }

    @Override
    public boolean reachedBy(Score piece) {
      return false;
    }
  }

  /**
   * At least so many seconds of music (to the end of the last note).
   *
   * @param seconds above 0
   */
  record Seconds(double seconds) implements Length {
    /** Checks the seconds. */
    public Seconds {
      if (!(seconds > 0 && seconds < 1e6)) {
        throw new IllegalArgumentException("a length in seconds must be above 0, was " + seconds);
      }
    }

    @Override
    public int maxSteps() {
      return MAX_STEPS;
    }

    @Override
    public boolean reachedBy(Score piece) {
      return piece.durationSeconds() >= seconds;
    }
  }

  /**
   * At least so many bars, of the piece's first time signature (4/4 when it has none).
   *
   * @param bars at least 1
   */
  record Bars(int bars) implements Length {
    /** Checks the bars. */
    public Bars {
      if (bars < 1) {
        throw new IllegalArgumentException("a length needs at least 1 bar, was " + bars);
      }
    }

    @Override
    public int maxSteps() {
      return MAX_STEPS;
    }

    @Override
    public boolean reachedBy(Score piece) {
      TimeSignature metre = piece.timeSignatures().isEmpty() ? new TimeSignature(0, 4, 4) : piece.timeSignatures().get(0);
      double barTicks = piece.resolution() * 4.0 * metre.numerator() / metre.denominator();
      return piece.endTick() >= bars * barTicks;
    }
  }

  /** The most steps to draw. */
  int maxSteps();

  /** Whether a piece generated so far is long enough (never, for a length in steps: the count decides). */
  boolean reachedBy(Score piece);

  /** So many tokens or frames. */
  static Length steps(int count) {
    return new Steps(count);
  }

  /** At least so many seconds. */
  static Length seconds(double seconds) {
    return new Seconds(seconds);
  }

  /** At least so many bars. */
  static Length bars(int bars) {
    return new Bars(bars);
  }
}
