package dev.cadenza.tokens;

/**
 * A grid of equal steps, counted in quarter notes, onto which grid-based tokenizers quantize scores. Decoded
 * scores have {@link #RESOLUTION} ticks per quarter note, so every step is a whole number of ticks.
 */
final class TimeGrid {
  /** Ticks per quarter note of every score a grid-based tokenizer decodes. */
  static final int RESOLUTION = 480;

  private final int stepsPerQuarter;
  private final int ticksPerStep;

  TimeGrid(int stepsPerQuarter) {
    if (stepsPerQuarter < 1 || RESOLUTION % stepsPerQuarter != 0) {
      throw new IllegalArgumentException("stepsPerQuarter must divide " + RESOLUTION + " (1, 2, 3, 4, 6, 8, 12, 16, 24, ...), was "
          + stepsPerQuarter);
    }
    this.stepsPerQuarter = stepsPerQuarter;
    this.ticksPerStep = RESOLUTION / stepsPerQuarter;
  }

  int stepsPerQuarter() {
    return stepsPerQuarter;
  }

  int ticksPerStep() {
    return ticksPerStep;
  }

  /** The nearest step to a tick of a score with the given resolution (halves round up). */
  long step(long tick, int resolution) {
    return Math.floorDiv(2 * tick * stepsPerQuarter + resolution, 2L * resolution);
  }

  /** The first tick of a step in a decoded score. */
  long tick(long step) {
    return step * ticksPerStep;
  }
}
