package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * REMI+ (as MidiTok writes it): per bar a {@code Bar} token, a {@code TimeSig_n/d} token where the metre changes,
 * then per onset position {@code Position_k} ({@code stepsPerQuarter} positions per quarter note), a
 * {@code Tempo_x} token where the tempo changes, and per note {@code Program_p} (-1 for drums),
 * {@code Pitch_p}, {@code Velocity_v} and {@code Duration_q} (in quarter notes).
 *
 * <p>Options: {@code stepsPerQuarter} (4), {@code maxDurationQuarters} (8), {@code velocityBins} (32),
 * {@code tempoBins} (32, from 40 to 250 bpm), {@code programs} (true; false merges pitched tracks into one and
 * drops drums), {@code tempos} (true), {@code timeSignatures} (true; a metre that starts inside a bar takes
 * effect at the next bar; metres longer than 16 quarter notes or not a whole number of steps are dropped),
 * {@code specialTokens} (true: {@code <pad>}, {@code <bos>}, {@code <eos>} after the others). Names, controllers and
 * key signatures are dropped.
 *
 * <p>Its grammar ({@link #grammar()}): a stream starts with a Bar; a TimeSig only right after a Bar and only where the
 * metre changes; Positions rise within a bar and stay inside it; each Position is followed by a Tempo (only where
 * the tempo changes) and/or notes; each note is Program (when programs are on), Pitch, Velocity, Duration, in that
 * order. That is exactly what {@link #encode} writes, so a stream the grammar allows decodes to the score it says.
 */
public final class RemiTokenizer extends ConfiguredEncoding implements Tokenizer {
  static final String NAME = "remi";
  private static final Set<String> OPTIONS = SpecialTokens.options("stepsPerQuarter", "maxDurationQuarters", "velocityBins",
      "tempoBins", "programs", "tempos", "timeSignatures");
  private static final int MAX_BAR_QUARTERS = 16;
  private static final double MIN_BPM = 40;
  private static final double MAX_BPM = 250;
  private static final int DRUMS = -1;
  private static final int DEFAULT_VELOCITY = 64;
  /** The channels tracks get in order of their program, skipping the drum channel. */
  private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15};

  private final TimeGrid grid;
  private final int maxDuration;
  private final VelocityBins velocities;
  private final int[] tempoMicros;
  private final boolean programs;
  private final boolean tempos;
  private final boolean timeSignatures;
  private final Vocabulary vocabulary;
  private final int bar;
  private final int positionBase;
  private final int pitchBase;
  private final int velocityBase;
  private final int durationBase;
  private final int programBase;
  private final int tempoBase;
  private final int meterBase;
  /** The first id past the music tokens: the special tokens', or the vocabulary's size. */
  private final int end;
  private final List<int[]> meters = new ArrayList<>();

  RemiTokenizer(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.grid = new TimeGrid(config.intOption("stepsPerQuarter", 4, 1, 96));
    this.maxDuration = config.intOption("maxDurationQuarters", 8, 1, 64) * grid.stepsPerQuarter();
    this.velocities = new VelocityBins(config.intOption("velocityBins", 32, 1, 127));
    int tempoBins = config.intOption("tempoBins", 32, 2, 512);
    this.programs = config.booleanOption("programs", true);
    this.tempos = config.booleanOption("tempos", true);
    this.timeSignatures = config.booleanOption("timeSignatures", true);

    List<String> tokens = new ArrayList<>();
    bar = tokens.size();
    tokens.add("Bar");
    positionBase = tokens.size();
    for (int p = 0; p < MAX_BAR_QUARTERS * grid.stepsPerQuarter(); p++) {
      tokens.add("Position_" + p);
    }
    pitchBase = tokens.size();
    for (int p = 0; p < 128; p++) {
      tokens.add("Pitch_" + p);
    }
    velocityBase = tokens.size();
    for (int b = 1; b <= velocities.count(); b++) {
      tokens.add("Velocity_" + velocities.velocity(b));
    }
    durationBase = tokens.size();
    for (int d = 1; d <= maxDuration; d++) {
      tokens.add("Duration_" + quarters(d));
    }
    programBase = tokens.size();
    if (programs) {
      for (int p = DRUMS; p < 128; p++) {
        tokens.add("Program_" + p);
      }
    }
    tempoBase = tokens.size();
    tempoMicros = new int[tempos ? tempoBins : 0];
    for (int i = 0; i < tempoMicros.length; i++) {
      double bpm = MIN_BPM + i * (MAX_BPM - MIN_BPM) / (tempoBins - 1);
      tempoMicros[i] = (int) Math.round(60_000_000 / bpm);
      tokens.add(String.format(Locale.ROOT, "Tempo_%.2f", bpm));
    }
    meterBase = tokens.size();
    if (timeSignatures) {
      for (int den = 1; den <= 16; den *= 2) {
        for (int num = 1; num * 4 <= MAX_BAR_QUARTERS * den; num++) {
          if (supported(num, den)) {
            meters.add(new int[] {num, den});
            tokens.add("TimeSig_" + num + "/" + den);
          }
        }
      }
    }
    end = tokens.size();
    Vocabulary plain = Vocabulary.of(tokens);
    this.vocabulary = SpecialTokens.enabled(config) ? plain.withSpecialTokens() : plain;
  }

  /** Registers the tokenizer under the name {@code remi}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "REMI+ as in MidiTok (bar, position, program, pitch, velocity, duration, tempo, time signature): keeps "
          + "multi-track music with drums on a grid, tempo and metre changes; drops names, controllers, key signatures.",
          RemiTokenizer::new);
    }
  }

  private boolean supported(int numerator, int denominator) {
    long stepsTimesDen = (long) numerator * 4 * grid.stepsPerQuarter();
    return stepsTimesDen % denominator == 0 && numerator * 4L <= (long) MAX_BAR_QUARTERS * denominator;
  }

  private int barSteps(int[] meter) {
    return meter[0] * 4 * grid.stepsPerQuarter() / meter[1];
  }

  private String quarters(int steps) {
    return Double.toString((double) steps / grid.stepsPerQuarter());
  }

  private int nearestTempo(int micros) {
    double bpm = 60_000_000.0 / micros;
    int best = 0;
    for (int i = 1; i < tempoMicros.length; i++) {
      if (Math.abs(60_000_000.0 / tempoMicros[i] - bpm) < Math.abs(60_000_000.0 / tempoMicros[best] - bpm)) {
        best = i;
      }
    }
    return best;
  }

  // ------------------------------------------------------------------------------------------ the layout

  /** A note on the grid: its step, the track key (program, or -1 for drums), pitch, velocity bin, steps. */
  private record GridNote(long step, int key, int pitch, int velocityBin, int duration) {}

  /** A bar: where it starts, and the metre token it carries (an index into {@link #meters}, or -1). */
  private record Bar(long start, int meterToken) {}

  /** The score as this tokenizer lays it out; the view and the encoder both read it. */
  private record Layout(List<Bar> bars, TreeMap<Long, Integer> tempoChanges, List<GridNote> notes) {}

  private Layout layout(Score score) {
    int res = score.resolution();
    List<GridNote> notes = new ArrayList<>();
    for (Track t : score.tracks()) {
      if (t.isDrum() && !programs) {
        continue;
      }
      int key = t.isDrum() ? DRUMS : programs ? t.program() : 0;
      for (Note n : t.notes()) {
        long start = grid.step(n.startTick(), res);
        int duration = (int) Math.max(1, Math.min(maxDuration, grid.step(n.endTick(), res) - start));
        notes.add(new GridNote(start, key, n.pitch(), velocities.bin(n.velocity()), duration));
      }
    }
    notes.sort(Comparator.comparingLong(GridNote::step).thenComparingInt(GridNote::key).thenComparingInt(GridNote::pitch)
        .thenComparingInt(GridNote::duration).thenComparingInt(GridNote::velocityBin));

    TreeMap<Long, Integer> tempoChanges = new TreeMap<>();
    if (tempos) {
      Map<Long, Integer> byStep = new TreeMap<>();
      for (Tempo t : score.tempoMap().tempos()) {
        byStep.put(grid.step(t.tick(), res), nearestTempo(t.microsPerQuarter()));
      }
      int current = -1;
      for (Map.Entry<Long, Integer> e : byStep.entrySet()) {
        if (e.getValue() != current) {
          tempoChanges.put(e.getKey(), e.getValue());
          current = e.getValue();
        }
      }
    }

    long last = 0;
    if (!notes.isEmpty()) {
      last = notes.get(notes.size() - 1).step();
    }
    if (!tempoChanges.isEmpty()) {
      last = Math.max(last, tempoChanges.lastKey());
    }
    List<long[]> meterSteps = new ArrayList<>(); // step, meter index
    if (timeSignatures) {
      for (TimeSignature s : score.timeSignatures()) {
        int index = meterIndex(s.numerator(), s.denominator());
        if (index >= 0) {
          meterSteps.add(new long[] {grid.step(s.tick(), res), index});
        }
      }
    }
    List<Bar> bars = new ArrayList<>();
    int emitted = -1;
    int next = 0;
    int inForce = -1;
    for (long start = 0; start <= last; ) {
      while (next < meterSteps.size() && meterSteps.get(next)[0] <= start) {
        inForce = (int) meterSteps.get(next++)[1];
      }
      int token = inForce >= 0 && inForce != emitted ? inForce : -1;
      if (token >= 0) {
        emitted = inForce;
      }
      bars.add(new Bar(start, token));
      start += barSteps(inForce >= 0 ? meters.get(inForce) : new int[] {4, 4});
    }
    return new Layout(bars, tempoChanges, notes);
  }

  private int meterIndex(int numerator, int denominator) {
    for (int i = 0; i < meters.size(); i++) {
      if (meters.get(i)[0] == numerator && meters.get(i)[1] == denominator) {
        return i;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------------------------------ view, encode, decode

  @Override
  public Score quantize(Score score) {
    Layout layout = layout(score);
    Map<Integer, List<Note>> tracks = new TreeMap<>();
    for (GridNote n : layout.notes()) {
      tracks.computeIfAbsent(n.key(), k -> new ArrayList<>())
          .add(new Note(n.pitch(), velocities.velocity(n.velocityBin()), grid.tick(n.step()), grid.tick(n.duration())));
    }
    List<Tempo> tempoList = new ArrayList<>();
    layout.tempoChanges().forEach((step, bin) -> tempoList.add(new Tempo(grid.tick(step), tempoMicros[bin])));
    List<TimeSignature> sigs = new ArrayList<>();
    for (Bar b : layout.bars()) {
      if (b.meterToken() >= 0) {
        int[] m = meters.get(b.meterToken());
        sigs.add(new TimeSignature(grid.tick(b.start()), m[0], m[1]));
      }
    }
    return output(tracks, tempoList, sigs);
  }

  private static Score output(Map<Integer, List<Note>> notesByKey, List<Tempo> tempoList, List<TimeSignature> sigs) {
    List<Track> tracks = new ArrayList<>();
    int pitched = 0;
    for (Map.Entry<Integer, List<Note>> e : notesByKey.entrySet()) {
      int channel = e.getKey() == DRUMS ? Track.DRUM_CHANNEL : CHANNELS[pitched++ % CHANNELS.length];
      tracks.add(Track.of("", Math.max(0, e.getKey()), channel, e.getValue()));
    }
    return new Score(TempoMap.of(TimeGrid.RESOLUTION, tempoList), tracks, sigs, List.of());
  }

  @Override
  public int[] encode(Score score) {
    Layout layout = layout(score);
    int[] ids = new int[layout.bars().size() * 2 + layout.notes().size() * 5 + layout.tempoChanges().size() * 2 + 4];
    int n = 0;
    int note = 0;
    for (int b = 0; b < layout.bars().size(); b++) {
      Bar barInfo = layout.bars().get(b);
      long end = b + 1 < layout.bars().size() ? layout.bars().get(b + 1).start() : Long.MAX_VALUE;
      ids[n++] = bar;
      if (barInfo.meterToken() >= 0) {
        ids[n++] = meterBase + barInfo.meterToken();
      }
      var tempoInBar = layout.tempoChanges().subMap(barInfo.start(), true, end, false);
      long position = -1;
      while (note < layout.notes().size() && layout.notes().get(note).step() < end || !tempoInBar.isEmpty()) {
        long nextNote = note < layout.notes().size() && layout.notes().get(note).step() < end ? layout.notes().get(note).step() : Long.MAX_VALUE;
        long nextTempo = tempoInBar.isEmpty() ? Long.MAX_VALUE : tempoInBar.firstKey();
        position = Math.min(nextNote, nextTempo);
        ids[n++] = positionBase + (int) (position - barInfo.start());
        if (nextTempo == position) {
          ids[n++] = tempoBase + tempoInBar.pollFirstEntry().getValue();
        }
        for (; note < layout.notes().size() && layout.notes().get(note).step() == position; note++) {
          GridNote g = layout.notes().get(note);
          if (programs) {
            ids[n++] = programBase + g.key() - DRUMS;
          }
          ids[n++] = pitchBase + g.pitch();
          ids[n++] = velocityBase + g.velocityBin() - 1;
          ids[n++] = durationBase + g.duration() - 1;
        }
      }
    }
    return Arrays.copyOf(ids, n);
  }

  @Override
  public Score decode(int[] ids) {
    Map<Integer, List<Note>> tracks = new TreeMap<>();
    List<Tempo> tempoList = new ArrayList<>();
    List<TimeSignature> sigs = new ArrayList<>();
    long barStart = -1;
    int barLength = barSteps(new int[] {4, 4});
    long now = 0;
    int key = 0;
    int pitch = -1;
    int loudness = DEFAULT_VELOCITY;
    for (int id : ids) {
      if (id == bar) {
        barStart = barStart < 0 ? 0 : barStart + barLength;
        now = barStart;
      } else if (id >= positionBase && id < pitchBase) {
        now = Math.max(0, barStart) + id - positionBase;
      } else if (id >= pitchBase && id < velocityBase) {
        pitch = id - pitchBase;
        loudness = DEFAULT_VELOCITY;
      } else if (id >= velocityBase && id < durationBase) {
        loudness = velocities.velocity(id - velocityBase + 1);
      } else if (id >= durationBase && id < programBase) {
        if (pitch >= 0) {
          tracks.computeIfAbsent(key, k -> new ArrayList<>())
              .add(new Note(pitch, loudness, grid.tick(now), grid.tick(id - durationBase + 1)));
          pitch = -1;
        }
      } else if (id >= programBase && id < tempoBase) {
        key = id - programBase + DRUMS;
      } else if (id >= tempoBase && id < meterBase) {
        tempoList.add(new Tempo(grid.tick(now), tempoMicros[id - tempoBase]));
      } else if (id >= meterBase && id < end) {
        int[] m = meters.get(id - meterBase);
        barLength = barSteps(m);
        sigs.add(new TimeSignature(grid.tick(Math.max(0, barStart)), m[0], m[1]));
      }
    }
    if (tempos && (tempoList.isEmpty() || tempoList.get(0).tick() > 0)) {
      tempoList.add(0, new Tempo(0, tempoMicros[nearestTempo(Tempo.DEFAULT_MICROS_PER_QUARTER)])); // on the grid, as encoded
    }
    return output(tracks, tempoList, sigs);
  }

  @Override
  public TokenGrammar grammar() {
    return SpecialTokens.around(new Grammar(), vocabulary);
  }

  /** The grammar of {@link #encode}'s streams; see the class comment. */
  private final class Grammar implements TokenGrammar {
    private static final String[] NOTE_PARTS = {"", "a Pitch", "a Velocity", "a Duration"};
    private int barLength = barSteps(new int[] {4, 4});
    private boolean inBar;
    private boolean afterBar;
    /** A Position with nothing after it yet. */
    private boolean positionOpen;
    private long position = -1;
    private int meter = -1;
    private int tempo = -1;
    /** 0: between notes; 1, 2, 3: a Pitch, Velocity or Duration must come. */
    private int expect;

    @Override
    public TokenGrammar copy() {
      Grammar copy = new Grammar();
      copy.barLength = barLength;
      copy.inBar = inBar;
      copy.afterBar = afterBar;
      copy.positionOpen = positionOpen;
      copy.position = position;
      copy.meter = meter;
      copy.tempo = tempo;
      copy.expect = expect;
      return copy;
    }

    @Override
    public boolean allows(int id) {
      if (id < 0 || id >= end) {
        return false;
      }
      if (expect != 0) {
        return id >= new int[] {0, pitchBase, velocityBase, durationBase}[expect]
            && id < new int[] {0, velocityBase, durationBase, programBase}[expect];
      }
      if (id == bar) {
        return !positionOpen;
      }
      if (!inBar) {
        return false;
      }
      if (id >= meterBase) {
        return afterBar && id - meterBase != meter;
      }
      if (id >= tempoBase) {
        return positionOpen && id - tempoBase != tempo;
      }
      if (id >= positionBase && id < pitchBase) {
        return !positionOpen && id - positionBase > position && id - positionBase < barLength;
      }
      boolean startsNote = programs ? id >= programBase : id >= pitchBase && id < velocityBase;
      return startsNote && position >= 0;
    }

    @Override
    public void accept(int id) {
      if (id < 0 || id >= end) {
        return;
      }
      afterBar = false;
      positionOpen = false;
      if (id == bar) {
        inBar = true;
        afterBar = true;
        position = -1;
        expect = 0;
      } else if (id >= meterBase) {
        barLength = barSteps(meters.get(id - meterBase));
        meter = id - meterBase;
      } else if (id >= tempoBase) {
        tempo = id - tempoBase;
      } else if (id >= programBase) {
        expect = 1;
      } else if (id >= positionBase && id < pitchBase) {
        inBar = true;
        position = id - positionBase;
        positionOpen = true;
        expect = 0;
      } else {
        expect = id >= durationBase ? 0 : id >= velocityBase ? 3 : 2;
      }
    }

    @Override
    public boolean canEnd() {
      return expect == 0 && !positionOpen;
    }

    @Override
    public String expectation() {
      if (expect != 0) {
        return NOTE_PARTS[expect];
      }
      if (!inBar) {
        return "a Bar";
      }
      if (positionOpen) {
        return "a note" + (tempos ? " or a Tempo other than the one in force" : "");
      }
      String positions = position + 1 < barLength ? "a Position from " + (position + 1) + " to " + (barLength - 1) + ", " : "";
      String note = position >= 0 ? "a note, " : "";
      String metre = afterBar && timeSignatures ? "a TimeSig other than the one in force, " : "";
      return metre + positions + note + "or a Bar";
    }
  }

  @Override
  public Optional<int[]> transpose(int[] ids, int from, int to, int semitones) {
    int key = 0;
    for (int i = 0; i < from; i++) {
      if (ids[i] >= programBase && ids[i] < tempoBase) {
        key = ids[i] - programBase + DRUMS;
      }
    }
    int[] out = Arrays.copyOfRange(ids, from, to);
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= programBase && out[i] < tempoBase) {
        key = out[i] - programBase + DRUMS;
      } else if (out[i] >= pitchBase && out[i] < velocityBase && key != DRUMS) {
        int pitch = out[i] - pitchBase + semitones;
        if (pitch < 0 || pitch > 127) {
          return Optional.empty();
        }
        out[i] = pitchBase + pitch;
      }
    }
    return Optional.of(out);
  }

  /**
   * As {@link #decode} reads the tokens: a Duration token makes the note, of the last Pitch before it, on the
   * instrument of the last Program before it; a Pitch token names the pitch. So both start that pitch, unless the
   * instrument in effect is the drums.
   */
  @Override
  public int[] pitchesStarted(int[] history, int id) {
    boolean isPitch = id >= pitchBase && id < velocityBase;
    boolean isDuration = id >= durationBase && id < programBase;
    if (!isPitch && !isDuration) {
      return new int[0];
    }
    int pitch = isPitch ? id - pitchBase : -1;
    int program = -1;
    for (int i = history.length - 1; i >= 0 && (pitch < 0 || program < 0); i--) {
      if (program < 0 && history[i] >= programBase && history[i] < tempoBase) {
        program = history[i];
      } else if (pitch < 0 && history[i] >= pitchBase && history[i] < velocityBase) {
        pitch = history[i] - pitchBase;
      }
    }
    if (program == programBase) { // Program_-1: the drums
      return new int[0];
    }
    return pitch < 0 ? new int[0] : new int[] {pitch};
  }



  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }
}
