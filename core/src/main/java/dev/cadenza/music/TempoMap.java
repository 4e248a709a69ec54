package dev.cadenza.music;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The tempo changes of a score together with its resolution, converting between ticks and seconds exactly.
 *
 * <p>The conversion keeps, for each tempo change, the exact elapsed time before it as an integer count of
 * microsecond-ticks (ticks times microseconds per quarter), so {@link #secondsAt(long)} divides one exact
 * integer by another and is the correctly rounded value of the true time, however many tempo changes came
 * before. {@link #tickAt(double)} is its inverse: {@code tickAt(secondsAt(t)) == t} for every tick.
 *
 * <p>The map is normalized: it always has a tempo at tick 0 ({@link Tempo#DEFAULT_MICROS_PER_QUARTER} when
 * none is given), a later tempo at the same tick replaces an earlier one, and a tempo equal to the one
 * before it is dropped. Two maps are equal when they convert every tick alike.
 */
public final class TempoMap {
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private final int resolution;
  private final List<Tempo> tempos;
  private final long[] ticks;
  private final long[] micros;
  /** Elapsed microsecond-ticks before each tempo change: an exact numerator of the elapsed time. */
  private final long[] elapsed;

  private TempoMap(int resolution, List<Tempo> tempos) {
    if (resolution < 1 || resolution > 0x7FFF) {
      throw new IllegalArgumentException("resolution must be 1..32767 ticks per quarter note, was " + resolution);
    }
    this.resolution = resolution;
    this.tempos = normalize(tempos);
    int n = this.tempos.size();
    ticks = new long[n];
    micros = new long[n];
    elapsed = new long[n];
    for (int i = 0; i < n; i++) {
      ticks[i] = this.tempos.get(i).tick();
      micros[i] = this.tempos.get(i).microsPerQuarter();
      if (i > 0) {
        elapsed[i] = Math.addExact(elapsed[i - 1], Math.multiplyExact(ticks[i] - ticks[i - 1], micros[i - 1]));
      }
    }
  }

  /** A map with the given resolution (ticks per quarter note) and tempo changes, in any order. */
  public static TempoMap of(int resolution, List<Tempo> tempos) {
    return new TempoMap(resolution, tempos);
  }

  /** A map with one tempo, given in quarter notes per minute, from tick 0. */
  public static TempoMap constant(int resolution, double bpm) {
    return new TempoMap(resolution, List.of(Tempo.ofBpm(0, bpm)));
  }

  private static List<Tempo> normalize(List<Tempo> given) {
    List<Tempo> sorted = new ArrayList<>(given);
    sorted.sort((a, b) -> Long.compare(a.tick(), b.tick())); // stable: later entries at a tick stay later
    List<Tempo> out = new ArrayList<>();
    out.add(new Tempo(0, Tempo.DEFAULT_MICROS_PER_QUARTER));
    for (Tempo t : sorted) {
      Tempo last = out.get(out.size() - 1);
      if (last.tick() == t.tick()) {
        out.set(out.size() - 1, t);
      } else {
        out.add(t);
      }
    }
    List<Tempo> deduplicated = new ArrayList<>();
    for (Tempo t : out) {
      if (deduplicated.isEmpty() || deduplicated.get(deduplicated.size() - 1).microsPerQuarter() != t.microsPerQuarter()) {
        deduplicated.add(t);
      }
    }
    return List.copyOf(deduplicated);
  }

  /** Ticks per quarter note. */
  public int resolution() {
    return resolution;
  }

  /** The tempo changes, sorted by tick, the first at tick 0. */
  public List<Tempo> tempos() {
    return tempos;
  }

  /** The tempo in force at a tick. */
  public Tempo tempoAt(long tick) {
    return tempos.get(segment(tick));
  }

  /** The time in seconds at which a tick sounds, correctly rounded from the exact value. */
  public double secondsAt(long tick) {
    MidiRanges.checkTick("tick", tick);
    int i = segment(tick);
    long numerator;
    try {
      numerator = Math.addExact(elapsed[i], Math.multiplyExact(tick - ticks[i], micros[i]));
    } catch (ArithmeticException tooLong) { // over 2^63 microsecond-ticks: centuries of music; be approximate
      return (elapsed[i] + (double) (tick - ticks[i]) * micros[i]) / ((double) resolution * MICROS_PER_SECOND);
    }
    return (double) numerator / ((double) resolution * MICROS_PER_SECOND);
  }

  /** The last tick that sounds at or before {@code seconds}: the inverse of {@link #secondsAt(long)}. */
  public long tickAt(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("seconds must be a non-negative number, was " + seconds);
    }
    double target = seconds * resolution * MICROS_PER_SECOND;
    int lo = 0;
    int hi = elapsed.length - 1;
    while (lo < hi) { // last segment whose start is at or before the target
      int mid = (lo + hi + 1) >>> 1;
      if (elapsed[mid] <= target) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    long tick = ticks[lo] + (long) Math.floor((target - elapsed[lo]) / micros[lo]);
    while (tick > 0 && secondsAt(tick) > seconds) {
      tick--;
    }
    while (secondsAt(tick + 1) <= seconds) {
      tick++;
    }
    return tick;
  }

  private int segment(long tick) {
    int i = Arrays.binarySearch(ticks, tick);
    return i >= 0 ? i : -i - 2;
  }

  /** This map's tempi from {@code fromTick} on, moved so that {@code fromTick} becomes tick 0. */
  public TempoMap sliceFrom(long fromTick) {
    List<Tempo> out = new ArrayList<>();
    out.add(new Tempo(0, tempoAt(fromTick).microsPerQuarter()));
    for (Tempo t : tempos) {
      if (t.tick() > fromTick) {
        out.add(new Tempo(t.tick() - fromTick, t.microsPerQuarter()));
      }
    }
    return new TempoMap(resolution, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TempoMap other && resolution == other.resolution && tempos.equals(other.tempos);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resolution, tempos);
  }

  @Override
  public String toString() {
    return "TempoMap[resolution=" + resolution + ", tempos=" + tempos + "]";
  }
}
