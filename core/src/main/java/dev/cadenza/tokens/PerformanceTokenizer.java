package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Performance RNN's event encoding (Magenta): 128 NOTE_ON, 128 NOTE_OFF, {@code maxShiftSteps} TIME_SHIFT
 * events of {@code stepMillis} each and {@code velocityBins} VELOCITY events; 388 ids with the defaults
 * (10 ms, 100 shifts, 32 bins), then {@code <pad>}, {@code <bos>}, {@code <eos>} unless {@code specialTokens} is
 * false. Time is absolute, so expressive timing and dynamics are kept; tracks, programs,
 * drums, controllers, tempo and metre are not. Decoded scores count one tick per millisecond (500 ticks per
 * quarter at 120 bpm).
 *
 * <p>Its grammar ({@link #grammar()}): a NOTE_ON only for a pitch not sounding, a NOTE_OFF only for a pitch
 * sounding since before the last TIME_SHIFT (no note of no length), a VELOCITY only where the level changes and only
 * right before a NOTE_ON; a stream ends with nothing sounding. Notes before any VELOCITY play at the bin nearest 64.
 */
public final class PerformanceTokenizer extends ConfiguredEncoding implements Tokenizer {
  static final String NAME = "performance";
  private static final Set<String> OPTIONS = SpecialTokens.options("stepMillis", "maxShiftSteps", "velocityBins");
  private static final int DECODED_RESOLUTION = 500;
  private static final int DEFAULT_VELOCITY = 64;

  private final int stepMillis;
  private final int maxShift;
  private final VelocityBins bins;
  private final int shiftBase;
  private final int velocityBase;
  /** The first id past the events: the special tokens', or the vocabulary's size. */
  private final int end;
  private final Vocabulary vocabulary;

  PerformanceTokenizer(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.stepMillis = config.intOption("stepMillis", 10, 1, 1000);
    this.maxShift = config.intOption("maxShiftSteps", 100, 1, 10_000);
    this.bins = new VelocityBins(config.intOption("velocityBins", 32, 1, 127));
    this.shiftBase = 256;
    this.velocityBase = shiftBase + maxShift;
    List<String> tokens = new ArrayList<>();
    for (int p = 0; p < 128; p++) {
      tokens.add("NOTE_ON_" + p);
    }
    for (int p = 0; p < 128; p++) {
      tokens.add("NOTE_OFF_" + p);
    }
    for (int s = 1; s <= maxShift; s++) {
      tokens.add("TIME_SHIFT_" + s);
    }
    for (int b = 1; b <= bins.count(); b++) {
      tokens.add("VELOCITY_" + b);
    }
    this.end = tokens.size();
    Vocabulary plain = Vocabulary.of(tokens);
    this.vocabulary = SpecialTokens.enabled(config) ? plain.withSpecialTokens() : plain;
  }

  /** Registers the tokenizer under the name {@code performance}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "Magenta Performance RNN events (note-on, note-off, 10 ms time shifts, 32 velocity bins; 388 ids): "
          + "keeps expressive timing and dynamics of pitched notes; drops tracks, programs, drums, pedals, tempo, metre, key.",
          PerformanceTokenizer::new);
    }
  }



  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public Score quantize(Score score) {
    TempoMap map = score.tempoMap();
    List<Note> onGrid = new ArrayList<>();
    for (Note n : Notes.pitched(score)) {
      long start = Math.round(map.secondsAt(n.startTick()) * 1000 / stepMillis);
      long end = Math.max(start + 1, Math.round(map.secondsAt(n.endTick()) * 1000 / stepMillis));
      onGrid.add(new Note(n.pitch(), bins.quantize(n.velocity()), start * stepMillis, (end - start) * stepMillis));
    }
    return output(Notes.onePerKey(onGrid));
  }

  private static Score output(List<Note> notes) {
    List<Track> tracks = notes.isEmpty() ? List.of() : List.of(Track.of("", 0, 0, notes));
    return Score.of(TempoMap.constant(DECODED_RESOLUTION, 120), tracks);
  }

  /** One event before it becomes ids: when, what (0 off, 1 on), which pitch, how loud. */
  private record Event(long tick, int kind, int pitch, int velocity) {}

  @Override
  public int[] encode(Score score) {
    List<Event> events = new ArrayList<>();
    for (Note n : quantize(score).tracks().stream().flatMap(t -> t.notes().stream()).toList()) {
      events.add(new Event(n.startTick(), 1, n.pitch(), n.velocity()));
      events.add(new Event(n.endTick(), 0, n.pitch(), 0));
    }
    events.sort((a, b) -> a.tick != b.tick ? Long.compare(a.tick, b.tick)
        : a.kind != b.kind ? Integer.compare(a.kind, b.kind) : Integer.compare(a.pitch, b.pitch));
    int[] ids = new int[events.size() * 3];
    int n = 0;
    long now = 0;
    int currentBin = -1;
    for (Event e : events) {
      long steps = (e.tick - now) / stepMillis;
      if (n + steps / maxShift + 3 > ids.length) {
        ids = Arrays.copyOf(ids, (int) Math.max(ids.length * 2L, n + steps / maxShift + 3));
      }
      for (; steps > 0; steps -= Math.min(steps, maxShift)) {
        ids[n++] = shiftBase + (int) Math.min(steps, maxShift) - 1;
      }
      now = e.tick;
      if (e.kind == 1) {
        int bin = bins.bin(e.velocity);
        if (bin != currentBin) {
          ids[n++] = velocityBase + bin - 1;
          currentBin = bin;
        }
        ids[n++] = e.pitch;
      } else {
        ids[n++] = 128 + e.pitch;
      }
    }
    return Arrays.copyOf(ids, n);
  }

  @Override
  public Score decode(int[] ids) {
    List<Note> notes = new ArrayList<>();
    long[] started = new long[128];
    int[] loudness = new int[128];
    Arrays.fill(started, -1);
    long now = 0;
    int current = bins.quantize(DEFAULT_VELOCITY);
    for (int id : ids) {
      if (id >= 0 && id < 128) {
        end(notes, started, loudness, id, now);
        started[id] = now;
        loudness[id] = current;
      } else if (id >= 128 && id < 256) {
        end(notes, started, loudness, id - 128, now);
      } else if (id >= shiftBase && id < velocityBase) {
        now += (long) (id - shiftBase + 1) * stepMillis;
      } else if (id >= velocityBase && id < end) {
        current = bins.velocity(id - velocityBase + 1);
      }
    }
    for (int p = 0; p < 128; p++) {
      end(notes, started, loudness, p, now);
    }
    return output(notes);
  }

  private static void end(List<Note> notes, long[] started, int[] loudness, int pitch, long now) {
    if (started[pitch] >= 0 && now > started[pitch]) {
      notes.add(new Note(pitch, loudness[pitch], started[pitch], now - started[pitch]));
    }
    started[pitch] = -1;
  }

  @Override
  public TokenGrammar grammar() {
    return SpecialTokens.around(new Grammar(), vocabulary);
  }

  /** The grammar of {@link #encode}'s streams; see the class comment. */
  private final class Grammar implements TokenGrammar {
    private final boolean[] sounding = new boolean[128];
    /** Sounding, and started with no TIME_SHIFT since. */
    private final boolean[] startedNow = new boolean[128];
    private int soundingCount;
    private int startedNowCount;
    private boolean velocityRead;
    private int bin = -1;

    @Override
    public TokenGrammar copy() {
      Grammar copy = new Grammar();
      System.arraycopy(sounding, 0, copy.sounding, 0, sounding.length);
      System.arraycopy(startedNow, 0, copy.startedNow, 0, startedNow.length);
      copy.soundingCount = soundingCount;
      copy.startedNowCount = startedNowCount;
      copy.velocityRead = velocityRead;
      copy.bin = bin;
      return copy;
    }

    @Override
    public boolean allows(int id) {
      if (id < 0 || id >= end) {
        return false;
      }
      if (id < 128) {
        return !sounding[id];
      }
      if (velocityRead) {
        return false;
      }
      if (id < 256) {
        return sounding[id - 128] && !startedNow[id - 128];
      }
      return id < velocityBase || id - velocityBase != bin && soundingCount < 128;
    }

    /** Closing sounding notes, and the shift that lets the ones started just now close; a NOTE_ON only after a VELOCITY. */
    @Override
    public boolean finishes(int id) {
      return allows(id) && (velocityRead || id >= 128 && id < 256 || id >= shiftBase && id < velocityBase && startedNowCount > 0);
    }

    @Override
    public void accept(int id) {
      if (id < 0 || id >= end) {
        return;
      }
      velocityRead = false;
      if (id < 128) {
        soundingCount += sounding[id] ? 0 : 1;
        startedNowCount += startedNow[id] ? 0 : 1;
        sounding[id] = true;
        startedNow[id] = true;
      } else if (id < 256) {
        soundingCount -= sounding[id - 128] ? 1 : 0;
        startedNowCount -= startedNow[id - 128] ? 1 : 0;
        sounding[id - 128] = false;
        startedNow[id - 128] = false;
      } else if (id < velocityBase) {
        Arrays.fill(startedNow, false);
        startedNowCount = 0;
      } else {
        bin = id - velocityBase;
        velocityRead = true;
      }
    }

    @Override
    public boolean canEnd() {
      return soundingCount == 0 && !velocityRead;
    }

    @Override
    public String expectation() {
      if (velocityRead) {
        return "a NOTE_ON of a pitch not sounding";
      }
      return "a NOTE_ON of a pitch not sounding, a NOTE_OFF of a pitch sounding since before the last TIME_SHIFT, "
          + "a TIME_SHIFT or a VELOCITY of another level" + (soundingCount > 0 ? " (" + soundingCount + " pitches sound)" : "");
    }
  }

  @Override
  public Optional<int[]> transpose(int[] ids, int from, int to, int semitones) {
    int[] out = Arrays.copyOfRange(ids, from, to);
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 0 && out[i] < 256) {
        int pitch = out[i] % 128 + semitones;
        if (pitch < 0 || pitch > 127) {
          return Optional.empty();
        }
        out[i] = out[i] / 128 * 128 + pitch;
      }
    }
    return Optional.of(out);
  }

  /** NOTE_ON_p starts p (ids 0 to 127); NOTE_OFF, TIME_SHIFT and VELOCITY start nothing. */
  @Override
  public int[] pitchesStarted(int[] history, int id) {
    return id >= 0 && id < 128 ? new int[] {id} : new int[0];
  }
}
