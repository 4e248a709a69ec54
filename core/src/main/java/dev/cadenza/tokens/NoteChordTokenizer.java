package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The first seed's encoding, as music21 writes it: one token per onset, a single note as its pitch name
 * ({@code E5}, {@code B-3}), notes struck together as the dot-joined pitch classes of their normal order
 * ({@code 4.7.11}). Decoded, token {@code i} sounds at {@code i x step} quarter notes, a chord in octave 4, every
 * note a quarter note long, velocity 90: exactly the seed. Options add what the seed lacks:
 *
 * <ul>
 *   <li>{@code step} (quarter notes, default 0.5): the time each token stands for;
 *   <li>{@code rests} (default false): place onsets on the grid of {@code step}, an {@code R} token for each
 *       step where nothing starts, so that rhythm survives;
 *   <li>{@code durations} (default false): a {@code _1.5} suffix with the onset's longest duration in quarters;
 *   <li>{@code velocity} (default false): a {@code _v81} suffix with the onset's loudest velocity, in 32 bins;
 *   <li>{@code specialTokens} (default true): {@code <pad>}, {@code <bos>}, {@code <eos>} at the end of the fitted
 *       vocabulary.
 * </ul>
 *
 * Its vocabulary is fitted to a corpus ({@link Vocabulary#fit}); strings it lacks become {@code <unk>}. Pitches
 * below C0 (12) are dropped: music21's names for them are ambiguous ({@code E-1} is also E-flat 1). Its grammar allows
 * every note, chord and rest token in any order, never {@code <unk>}.
 */
public final class NoteChordTokenizer extends ConfiguredEncoding implements Tokenizer {
  /** The token of a grid step where nothing starts. */
  public static final String REST = "R";
  static final String NAME = "note-chord";
  private static final Set<String> OPTIONS = SpecialTokens.options("step", "rests", "durations", "velocity");
  private static final int SEED_VELOCITY = 90;

  private final double step;
  private final int ticksPerStep;
  private final boolean rests;
  private final boolean durations;
  private final boolean velocity;
  private final VelocityBins bins = new VelocityBins(32);
  /** Null until a vocabulary is fitted. */
  private final Vocabulary vocabulary;

  NoteChordTokenizer(TokenizerConfig config, Vocabulary vocabulary) {
    super(NAME, config, OPTIONS);
    this.step = config.doubleOption("step", 0.5, 1.0 / TimeGrid.RESOLUTION, 16);
    double ticks = step * TimeGrid.RESOLUTION;
    if (ticks != Math.rint(ticks)) {
      throw new IllegalArgumentException("option step must be a whole number of 1/" + TimeGrid.RESOLUTION + " quarter notes, was " + step);
    }
    this.ticksPerStep = (int) ticks;
    this.rests = config.booleanOption("rests", false);
    this.durations = config.booleanOption("durations", false);
    this.velocity = config.booleanOption("velocity", false);
    if (vocabulary != null && vocabulary.id(Vocabulary.UNKNOWN) != 0) {
      throw new IllegalArgumentException("a note-chord vocabulary must hold " + Vocabulary.UNKNOWN + " as id 0");
    }
    this.vocabulary = vocabulary;
  }

  /** Registers the tokenizer under the name {@code note-chord}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "the first seed's music21 encoding: one token per onset, note name or chord normal order; keeps pitches "
          + "(chords as pitch classes); drops timing (unless rests=true), durations and velocity (unless asked), "
          + "tempo, metre, key, programs, drums, controllers. Vocabulary fitted to the corpus.",
          config -> new NoteChordTokenizer(config, null));
    }
  }

  /** The notes struck at one grid step. */
  private record Onset(long step, int[] pitches, long durationSteps, int velocity) {}

  private List<Onset> onsets(Score score) {
    long denominator = 2L * score.resolution() * ticksPerStep;
    Map<Long, List<Note>> byStep = new TreeMap<>();
    for (Note n : Notes.pitched(score)) {
      if (n.pitch() < PitchNames.LOWEST) {
        continue;
      }
      long start = Math.floorDiv(2 * n.startTick() * TimeGrid.RESOLUTION + score.resolution() * (long) ticksPerStep, denominator);
      byStep.computeIfAbsent(start, k -> new ArrayList<>()).add(n);
    }
    List<Onset> onsets = new ArrayList<>();
    byStep.forEach((start, notes) -> {
      int[] pitches = notes.stream().mapToInt(Note::pitch).distinct().sorted().toArray();
      long longest = 1;
      int loudest = 1;
      for (Note n : notes) {
        long end = Math.floorDiv(2 * n.endTick() * TimeGrid.RESOLUTION + score.resolution() * (long) ticksPerStep, denominator);
        longest = Math.max(longest, end - start);
        loudest = Math.max(loudest, n.velocity());
      }
      onsets.add(new Onset(start, pitches, longest, loudest));
    });
    return onsets;
  }

  /** The pitch classes of a chord in normal order: the most compact rotation, packed to the left. */
  static int[] normalOrder(int[] pitches) {
    int[] pcs = Arrays.stream(pitches).map(p -> Math.floorMod(p, 12)).distinct().sorted().toArray();
    int n = pcs.length;
    int[] best = null;
    for (int r = 0; r < n; r++) {
      int[] rotation = new int[n];
      for (int i = 0; i < n; i++) {
        rotation[i] = pcs[(r + i) % n];
      }
      if (best == null || morePacked(rotation, best)) {
        best = rotation;
      }
    }
    return best;
  }

  private static boolean morePacked(int[] a, int[] b) {
    for (int k = a.length - 1; k >= 1; k--) {
      int ia = Math.floorMod(a[k] - a[0], 12);
      int ib = Math.floorMod(b[k] - b[0], 12);
      if (ia != ib) {
        return ia < ib;
      }
    }
    return a[0] < b[0];
  }

  private String token(int[] pitches, long durationSteps, int loudest) {
    StringBuilder s = new StringBuilder(pitches.length == 1 ? PitchNames.name(pitches[0])
        : Arrays.stream(normalOrder(pitches)).mapToObj(Integer::toString).collect(Collectors.joining(".")));
    if (durations) {
      s.append('_').append(durationSteps * step);
    }
    if (velocity) {
      s.append("_v").append(bins.quantize(loudest));
    }
    return s.toString();
  }

  /** A token read back: the pitches it sounds (empty for a rest), its length in ticks and its velocity. */
  private record Parsed(int[] pitches, long durationTicks, int velocity) {}

  private Optional<Parsed> parse(String token) {
    if (token.equals(REST)) {
      return Optional.of(new Parsed(new int[0], 0, 0));
    }
    if (token.startsWith("<")) {
      return Optional.empty();
    }
    String[] parts = token.split("_");
    long length = TimeGrid.RESOLUTION;
    int loudness = SEED_VELOCITY;
    try {
      for (int i = 1; i < parts.length; i++) {
        if (parts[i].startsWith("v")) {
          loudness = Integer.parseInt(parts[i].substring(1));
        } else {
          length = Math.round(Double.parseDouble(parts[i]) * TimeGrid.RESOLUTION);
        }
      }
      int[] pitches;
      if (!parts[0].isEmpty() && Character.isDigit(parts[0].charAt(0))) {
        pitches = Arrays.stream(parts[0].split("\\.")).mapToInt(pc -> 60 + Integer.parseInt(pc)).toArray();
      } else {
        pitches = new int[] {PitchNames.parse(parts[0])};
      }
      if (length < 1 || loudness < 1 || loudness > 127 || Arrays.stream(pitches).anyMatch(p -> p < 0 || p > 127)) {
        return Optional.empty();
      }
      return Optional.of(new Parsed(pitches, length, loudness));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }



  /** The fitted vocabulary, or one holding only {@code <unk>} before {@link #withVocabulary} was called. */
  @Override
  public Vocabulary vocabulary() {
    return vocabulary != null ? vocabulary : Vocabulary.of(List.of(Vocabulary.UNKNOWN));
  }

  @Override
  public boolean needsVocabulary() {
    return true;
  }

  @Override
  public Tokenizer withVocabulary(Vocabulary fitted) {
    java.util.Objects.requireNonNull(fitted, "fitted");
    return new NoteChordTokenizer(config(), SpecialTokens.enabled(config()) ? fitted.withSpecialTokens() : fitted);
  }

  @Override
  public List<String> strings(Score score) {
    List<String> tokens = new ArrayList<>();
    long next = 0;
    for (Onset o : onsets(score)) {
      for (; rests && next < o.step(); next++) {
        tokens.add(REST);
      }
      tokens.add(token(o.pitches(), o.durationSteps(), o.velocity()));
      next = o.step() + 1;
    }
    return tokens;
  }

  @Override
  public int[] encode(Score score) {
    if (vocabulary == null) {
      throw new IllegalStateException("note-chord needs a vocabulary fitted to a corpus first (withVocabulary)");
    }
    return strings(score).stream().mapToInt(t -> Math.max(0, vocabulary.id(t))).toArray();
  }

  @Override
  public Score decode(int[] ids) {
    Vocabulary vocabulary = vocabulary();
    List<Note> notes = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      Optional<Parsed> parsed = ids[i] > 0 && vocabulary.contains(ids[i]) ? parse(vocabulary.token(ids[i])) : Optional.empty();
      if (parsed.isPresent()) {
        for (int pitch : parsed.get().pitches()) {
          notes.add(new Note(pitch, parsed.get().velocity(), (long) i * ticksPerStep, parsed.get().durationTicks()));
        }
      }
    }
    return output(notes);
  }

  @Override
  public Score quantize(Score score) {
    List<Note> notes = new ArrayList<>();
    List<Onset> onsets = onsets(score);
    for (int i = 0; i < onsets.size(); i++) {
      Onset o = onsets.get(i);
      long start = (rests ? o.step() : i) * ticksPerStep;
      long length = durations ? o.durationSteps() * ticksPerStep : TimeGrid.RESOLUTION;
      int loudness = velocity ? bins.quantize(o.velocity()) : SEED_VELOCITY;
      int[] pitches = o.pitches().length == 1 ? o.pitches() : Arrays.stream(normalOrder(o.pitches())).map(pc -> 60 + pc).toArray();
      for (int pitch : pitches) {
        notes.add(new Note(pitch, loudness, start, length));
      }
    }
    return output(notes);
  }

  private static Score output(List<Note> notes) {
    List<Track> tracks = notes.isEmpty() ? List.of() : List.of(Track.of("", 0, 0, notes));
    return Score.of(TempoMap.constant(TimeGrid.RESOLUTION, 120), tracks);
  }

  @Override
  public TokenGrammar grammar() {
    Vocabulary vocabulary = vocabulary();
    boolean[] music = new boolean[vocabulary.size()];
    for (int id = 1; id < music.length; id++) {
      music[id] = parse(vocabulary.token(id)).isPresent();
    }
    return SpecialTokens.around(new TokenGrammar() {
      @Override
      public TokenGrammar copy() {
        return this; // it has no state
      }

      @Override
      public boolean allows(int id) {
        return id >= 0 && id < music.length && music[id];
      }

      @Override
      public void accept(int id) {}

      @Override
      public boolean canEnd() {
        return true;
      }

      @Override
      public String expectation() {
        return "a note, chord or rest (not " + Vocabulary.UNKNOWN + ")";
      }
    }, vocabulary);
  }

  /** A note token starts its pitch, a chord token its pitches (from middle C), a rest nothing. */
  @Override
  public int[] pitchesStarted(int[] history, int id) {
    return vocabulary().contains(id) ? parse(vocabulary().token(id)).map(Parsed::pitches).orElse(new int[0]) : new int[0];
  }

  @Override
  public Optional<int[]> transpose(int[] ids, int from, int to, int semitones) {
    Vocabulary vocabulary = vocabulary();
    int[] out = Arrays.copyOfRange(ids, from, to);
    for (int i = 0; i < out.length; i++) {
      if (out[i] <= 0 || !vocabulary.contains(out[i]) || vocabulary.token(out[i]).equals(REST)) {
        continue;
      }
      String token = vocabulary.token(out[i]);
      Optional<Parsed> parsed = parse(token);
      if (parsed.isEmpty()) {
        continue;
      }
      String base = token.split("_", 2)[0];
      String suffix = token.substring(base.length());
      String moved;
      if (Character.isDigit(base.charAt(0))) {
        moved = Arrays.stream(normalOrder(Arrays.stream(parsed.get().pitches()).map(p -> p + semitones).toArray()))
            .mapToObj(Integer::toString).collect(Collectors.joining("."));
      } else {
        int pitch = parsed.get().pitches()[0] + semitones;
        if (pitch < PitchNames.LOWEST || pitch > 127) {
          return Optional.empty();
        }
        moved = PitchNames.name(pitch);
      }
      out[i] = vocabulary.id(moved + suffix);
      if (out[i] < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }
}
