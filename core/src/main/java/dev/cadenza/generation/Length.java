package dev.cadenza.generation;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;

/** How long a generated piece is: a number of steps (tokens or frames), of seconds, or of bars, or a loop of bars. */
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
      return piece.endTick() >= bars * piece.barTicks();
    }
  }

  /**
   * Exactly so many bars, of the piece's first time signature (4/4 when it has none), that loop without a seam: what
   * was drawn past the last bar is cut, and the note that ends last is held to the loop's end, so the MIDI file lasts
   * the whole bars and the loop keeps the beat when it repeats.
   *
   * @param bars at least 1
   */
  record Loop(int bars) implements Length {
    /** Checks the bars. */
    public Loop {
      if (bars < 1) {
        throw new IllegalArgumentException("a loop needs at least 1 bar, was " + bars);
      }
    }

    @Override
    public int maxSteps() {
      return MAX_STEPS;
    }

    @Override
    public boolean reachedBy(Score piece) {
      return piece.endTick() >= loopTicks(piece);
    }

    @Override
    public Score fitted(Score piece) {
      long end = loopTicks(piece);
      Score cut = piece.endTick() > end ? piece.slice(0, end) : piece;
      List<Track> tracks = new ArrayList<>(cut.tracks());
      int last = -1;
      Note longest = null;
      for (int t = 0; t < tracks.size(); t++) {
        for (Note n : tracks.get(t).notes()) {
          if (longest == null || n.endTick() > longest.endTick()) {
            longest = n;
            last = t;
          }
        }
      }
      if (longest == null) {
        return cut;
      }
      Note held = longest;
      List<Note> notes = tracks.get(last).notes().stream()
          .map(n -> n == held ? n.withSpan(n.startTick(), end - n.startTick()) : n).toList();
      tracks.set(last, tracks.get(last).withNotes(notes));
      return cut.withTracks(tracks);
    }

    private long loopTicks(Score piece) {
      return bars * piece.barTicks();
    }
  }

  /** The most steps to draw. */
  int maxSteps();

  /** The piece as this length delivers it: as generated, but for a {@link Loop}, cut and held to its bars. */
  default Score fitted(Score piece) {
    return piece;
  }

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

  /** Exactly so many bars, as a seamless loop. */
  static Length loop(int bars) {
    return new Loop(bars);
  }
}
