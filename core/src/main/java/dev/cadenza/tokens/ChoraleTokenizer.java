package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Four voices (soprano, alto, tenor, bass) on a grid, one token per voice per step, with the soprano written
 * {@code lookahead} steps ahead of the others: the form for four-part chorales and for harmonizing a melody. The
 * stream is the soprano's first {@code lookahead} steps, then for every step {@code t}: {@code Bar} where a bar starts,
 * the soprano at {@code t + lookahead}, then the alto, tenor and bass at {@code t}. Each voice token is a new note
 * ({@code A_62}), the voice's note going on ({@code A_hold}) or silence ({@code A_rest}).
 *
 * <p>Because a voice's tokens name their voice, decoding needs no position: the voices come out as four tracks
 * (Soprano, Alto, Tenor, Bass, channels 1-4). Because the soprano runs ahead, a model that writes the alto, tenor
 * and bass at a step has already read where the melody goes next (the anticipation of the Anticipatory Music
 * Transformer), so {@link #harmonizing} can force a given melody into the soprano's places and let the model write
 * the rest, with the melody's next bar in view.
 *
 * <p>Reading a score: tracks named Soprano, Alto, Tenor and Bass (as decoded) are those voices; else, with exactly four
 * pitched tracks, each is a voice, highest average pitch first (the highest note of a track where it has several at
 * once); otherwise, at each step, the highest sounding pitch is the soprano,
 * the lowest the bass, the second and third from the top the alto and tenor. A pitch outside its voice's range moves
 * by octaves into it; with {@code fourParts=true}, a score in other parts encodes as nothing (training gets no windows
 * from it). Options: {@code stepsPerQuarter} (2: eighth notes), {@code lookahead} (8 steps), {@code velocity} (80),
 * {@code bpm} (90), {@code program} (0) of the decoded tracks, {@code fourParts} (false).
 */
public final class ChoraleTokenizer extends ConfiguredEncoding implements Tokenizer {
  /** The voices, highest first, as decoded tracks are named. */
  public static final List<String> VOICES = List.of("Soprano", "Alto", "Tenor", "Bass");
  /** The token that starts a bar. */
  public static final String BAR = "Bar";
  static final String NAME = "chorale";
  private static final String[] PREFIX = {"S_", "A_", "T_", "B_"};
  /** Each voice's lowest and highest pitch: its usual range and room to transpose. */
  private static final int[][] RANGES = {{55, 84}, {48, 79}, {41, 74}, {28, 67}};
  private static final TimeSignature COMMON_TIME = new TimeSignature(0, 4, 4);
  private static final int HOLD = -1;
  private static final int REST = -2;
  private static final Set<String> OPTIONS = SpecialTokens.options("stepsPerQuarter", "lookahead", "velocity", "bpm", "program",
      "fourParts");

  private final TimeGrid grid;
  private final int lookahead;
  private final int velocity;
  private final double bpm;
  private final int program;
  private final boolean fourParts;
  private final Vocabulary vocabulary;
  private final int bar;
  /** Per voice: the id of its hold token, then rest, then its pitches from the range's lowest. */
  private final int[] first = new int[4];

  ChoraleTokenizer(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.grid = new TimeGrid(config.intOption("stepsPerQuarter", 2, 1, 96));
    this.lookahead = config.intOption("lookahead", 8, 0, 256);
    this.velocity = config.intOption("velocity", 80, 1, 127);
    this.bpm = config.doubleOption("bpm", 90, 1, 1000);
    this.program = config.intOption("program", 0, 0, 127);
    this.fourParts = config.booleanOption("fourParts", false);
    List<String> tokens = new ArrayList<>();
    tokens.add(BAR);
    for (int v = 0; v < 4; v++) {
      first[v] = tokens.size();
      tokens.add(PREFIX[v] + "hold");
      tokens.add(PREFIX[v] + "rest");
      for (int p = RANGES[v][0]; p <= RANGES[v][1]; p++) {
        tokens.add(PREFIX[v] + p);
      }
    }
    this.bar = 0;
    Vocabulary own = Vocabulary.of(tokens);
    this.vocabulary = SpecialTokens.enabled(config) ? own.withSpecialTokens() : own;
  }

  /** Registers the tokenizer under the name {@code chorale}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "four voices (SATB) as four tracks, one token per voice per grid step, the soprano a bar ahead (for "
          + "chorales and harmonizing a melody); keeps each voice's notes and the bars; drops velocity, tempo, programs, "
          + "drums, notes beyond four voices.", ChoraleTokenizer::new);
    }
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** How many steps the soprano runs ahead of the other voices. */
  public int lookahead() {
    return lookahead;
  }

  /** The voice (0 soprano to 3 bass) of token {@code id}, or -1 for Bar and special tokens. */
  public int voiceOf(int id) {
    for (int v = 3; v >= 0; v--) {
      if (id >= first[v] && id <= first[v] + 2 + RANGES[v][1] - RANGES[v][0]) {
        return v;
      }
    }
    return -1;
  }

  /** The pitch a voice token starts, or -1 for hold, rest, Bar and special tokens. */
  private int pitchOf(int id) {
    int v = voiceOf(id);
    return v < 0 || id < first[v] + 2 ? -1 : RANGES[v][0] + id - first[v] - 2;
  }

  private int token(int voice, int code) {
    if (code == HOLD) {
      return first[voice];
    }
    if (code == REST) {
      return first[voice] + 1;
    }
    int pitch = code;
    while (pitch < RANGES[voice][0]) {
      pitch += 12;
    }
    while (pitch > RANGES[voice][1]) {
      pitch -= 12;
    }
    return first[voice] + 2 + pitch - RANGES[voice][0];
  }

  /**
   * The four voices of a score on the grid: per voice and step a pitch where a note starts, {@code HOLD} where one
   * goes on, {@code REST} where the voice is silent.
   */
  private int[][] voices(Score score) {
    List<List<Note>> parts = new ArrayList<>();
    List<Track> pitched = score.tracks().stream().filter(t -> !t.isDrum() && !t.isEmpty()).toList();
    if (!pitched.isEmpty() && pitched.stream().allMatch(t -> VOICES.contains(t.name()))) {
      for (String voice : VOICES) {
        parts.add(pitched.stream().filter(t -> t.name().equals(voice)).flatMap(t -> t.notes().stream()).toList());
      }
    } else if (pitched.size() == 4) {
      pitched.stream().sorted(Comparator.comparingDouble(
          (Track t) -> t.notes().stream().mapToInt(Note::pitch).average().orElse(0)).reversed())
          .forEach(t -> parts.add(t.notes()));
    } else if (fourParts) {
      return new int[4][0];
    } else {
      parts.add(Notes.pitched(score));
    }
    int steps = 0;
    for (List<Note> part : parts) {
      for (Note n : part) {
        steps = Math.max(steps, Math.toIntExact(end(n, score)));
      }
    }
    int[][] codes = new int[4][steps];
    for (int[] voice : codes) {
      Arrays.fill(voice, REST);
    }
    if (parts.size() == 4) {
      for (int v = 0; v < 4; v++) {
        fill(codes[v], highest(parts.get(v), score, steps), onsets(parts.get(v), score, steps));
      }
      return codes;
    }
    List<List<Integer>> chords = chords(parts.get(0), score, steps);
    boolean[][] started = onsetsByPitch(parts.get(0), score, steps);
    for (int v = 0; v < 4; v++) {
      int[] line = new int[steps];
      boolean[] onset = new boolean[steps];
      for (int s = 0; s < steps; s++) {
        List<Integer> chord = chords.get(s);
        int index = voiceIndex(v, chord.size());
        line[s] = index >= 0 ? chord.get(index) : -1;
        onset[s] = line[s] >= 0 && started[s][line[s]];
      }
      fill(codes[v], line, onset);
    }
    return codes;
  }

  /**
   * Which of a chord's pitches (highest first) voice {@code v} sings: the top one the soprano, the bottom one the bass
   * (from two notes), the second the alto (from three), the third the tenor (from four); -1 for none.
   */
  private static int voiceIndex(int v, int size) {
    return switch (v) {
      case 0 -> size >= 1 ? 0 : -1;
      case 1 -> size >= 3 ? 1 : -1;
      case 2 -> size >= 4 ? 2 : -1;
      default -> size >= 2 ? size - 1 : -1;
    };
  }

  private long start(Note n, Score score) {
    return grid.step(n.startTick(), score.resolution());
  }

  private long end(Note n, Score score) {
    return Math.max(start(n, score) + 1, grid.step(n.endTick(), score.resolution()));
  }

  /** Per step, the pitches sounding, highest first. */
  private List<List<Integer>> chords(List<Note> notes, Score score, int steps) {
    List<List<Integer>> chords = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      chords.add(new ArrayList<>());
    }
    for (Note n : notes) {
      for (long s = start(n, score); s < end(n, score); s++) {
        if (!chords.get((int) s).contains(n.pitch())) {
          chords.get((int) s).add(n.pitch());
        }
      }
    }
    chords.forEach(c -> c.sort(Comparator.reverseOrder()));
    return chords;
  }

  private boolean[][] onsetsByPitch(List<Note> notes, Score score, int steps) {
    boolean[][] started = new boolean[steps][128];
    for (Note n : notes) {
      started[(int) start(n, score)][n.pitch()] = true;
    }
    return started;
  }

  /** Per step, the highest pitch of the part sounding, or -1. */
  private int[] highest(List<Note> notes, Score score, int steps) {
    return chords(notes, score, steps).stream().mapToInt(c -> c.isEmpty() ? -1 : c.get(0)).toArray();
  }

  private boolean[] onsets(List<Note> notes, Score score, int steps) {
    boolean[] onset = new boolean[steps];
    for (Note n : notes) {
      onset[(int) start(n, score)] = true;
    }
    return onset;
  }

  /** A voice's codes from its sounding pitch per step: a new note where one starts or the pitch changes. */
  private static void fill(int[] codes, int[] line, boolean[] onset) {
    for (int s = 0; s < codes.length; s++) {
      if (line[s] < 0) {
        codes[s] = REST;
      } else {
        codes[s] = onset[s] || s == 0 || line[s - 1] != line[s] ? line[s] : HOLD;
      }
    }
  }

  /** Whether a bar starts at each step, from the time signatures (none before the first, nor where there are none). */
  private boolean[] barStarts(Score score, List<TimeSignature> signatures, int steps) {
    boolean[] starts = new boolean[steps];
    for (int i = 0; i < signatures.size(); i++) {
      TimeSignature signature = signatures.get(i);
      long from = grid.step(signature.tick(), score.resolution());
      long until = i + 1 < signatures.size() ? grid.step(signatures.get(i + 1).tick(), score.resolution()) : steps;
      long length = Math.max(1, grid.step(signature.ticksPerBar(score.resolution()), score.resolution()));
      for (long s = from; s < Math.min(until, steps); s += length) {
        starts[(int) s] = true;
      }
    }
    return starts;
  }

  @Override
  public int[] encode(Score score) {
    int[][] codes = voices(score);
    return codes[0].length == 0 ? new int[0] : encode(codes, barStarts(score, score.timeSignatures(), codes[0].length));
  }

  private int[] encode(int[][] codes, boolean[] bars) {
    int steps = codes[0].length;
    int[] ids = new int[lookahead + 5 * steps];
    int n = 0;
    for (int s = 0; s < lookahead; s++) {
      ids[n++] = token(0, s < steps ? codes[0][s] : REST);
    }
    for (int s = 0; s < steps; s++) {
      if (bars[s]) {
        ids[n++] = bar;
      }
      ids[n++] = token(0, s + lookahead < steps ? codes[0][s + lookahead] : REST);
      for (int v = 1; v < 4; v++) {
        ids[n++] = token(v, codes[v][s]);
      }
    }
    return Arrays.copyOf(ids, n);
  }

  /**
   * The stream for harmonizing {@code melody}: its highest line as the soprano (from every pitched track), its bars (in
   * 4/4 where it states no metre, as MIDI files are read), and rests in the other voices, whose places {@link #harmonizing} leaves free.
   */
  public int[] template(Score melody) {
    List<Note> notes = Notes.pitched(melody);
    int steps = Math.toIntExact(notes.stream().mapToLong(n -> end(n, melody)).max().orElse(0));
    int[][] codes = new int[4][steps];
    for (int[] voice : codes) {
      Arrays.fill(voice, REST);
    }
    int[] line = highest(notes, melody, steps);
    fill(codes[0], line, onsets(notes.stream().filter(n -> line[(int) start(n, melody)] == n.pitch()).toList(), melody, steps));
    return encode(codes, barStarts(melody, melody.timeSignatures().isEmpty() ? List.of(COMMON_TIME) : melody.timeSignatures(), steps));
  }

  /**
   * A grammar that holds a stream to {@code template} (from {@link #template}): every soprano and Bar token as the
   * template has it, any token of the voice in the alto, tenor and bass places, and the end where the template ends.
   */
  public TokenGrammar harmonizing(int[] template) {
    return SpecialTokens.around(new Following(template, 0), vocabulary);
  }

  @Override
  public Score decode(int[] ids) {
    List<List<Integer>> voices = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Integer> bars = new ArrayList<>();
    for (int id : ids) {
      int v = voiceOf(id);
      if (v >= 0) {
        voices.get(v).add(id);
      } else if (id == bar) {
        bars.add(voices.get(3).size());
      }
    }
    int steps = voices.get(3).size();
    List<Track> tracks = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      List<Note> notes = new ArrayList<>();
      int pitch = -1;
      int from = 0;
      List<Integer> line = voices.get(v);
      for (int s = 0; s <= Math.min(steps, line.size()); s++) {
        int id = s < Math.min(steps, line.size()) ? line.get(s) : first[v] + 1;
        if (id != first[v] && pitch >= 0) {
          notes.add(new Note(pitch, velocity, grid.tick(from), grid.tick(s - from)));
          pitch = -1;
        }
        if (pitchOf(id) >= 0) {
          pitch = pitchOf(id);
          from = s;
        }
      }
      tracks.add(Track.of(VOICES.get(v), program, v, notes));
    }
    return new Score(TempoMap.constant(TimeGrid.RESOLUTION, bpm), tracks, metre(bars, steps), List.of());
  }

  /**
   * The time signatures the bars stand for: one where the first bar starts and one wherever a bar's length changes, each
   * bar as long as the distance to the next (the last one, as long as the one before it or to the end, whichever is
   * longer), written n/4, else n/8, n/16, ... where the grid allows.
   */
  private List<TimeSignature> metre(List<Integer> bars, int steps) {
    List<TimeSignature> signatures = new ArrayList<>();
    int previous = -1;
    for (int i = 0; i < bars.size(); i++) {
      int length = i + 1 < bars.size() ? bars.get(i + 1) - bars.get(i) : Math.max(previous, steps - bars.get(i));
      if (length > 0 && length != previous) {
        Optional<TimeSignature> signature = signature(grid.tick(bars.get(i)), length);
        if (signature.isEmpty()) {
          return signatures;
        }
        signatures.add(signature.get());
        previous = length;
      }
    }
    return signatures;
  }

  /** The signature of a bar of {@code steps} grid steps: n/4 where it is whole quarters, else n/8, n/16, ... */
  private Optional<TimeSignature> signature(long tick, int steps) {
    int perQuarter = grid.stepsPerQuarter();
    for (int denominator = 4; denominator <= 64; denominator *= 2) {
      if ((long) steps * denominator % (4L * perQuarter) == 0 && (long) steps * denominator / (4L * perQuarter) <= 255) {
        return Optional.of(new TimeSignature(tick, (int) ((long) steps * denominator / (4L * perQuarter)), denominator));
      }
    }
    return Optional.empty();
  }

  @Override
  public Score quantize(Score score) {
    return decode(encode(score));
  }

  @Override
  public TokenGrammar grammar() {
    return SpecialTokens.around(new Cycle(lookahead, 0), vocabulary);
  }

  private static String voiceName(int voice) {
    return VOICES.get(voice).toLowerCase(Locale.ROOT);
  }

  /** The next voice a token of voice {@code v} leads to in the step cycle (soprano, alto, tenor, bass). */
  private static int after(int voice) {
    return (voice + 1) % 4;
  }

  /**
   * The step cycle: first {@code prelude} soprano tokens, then per step an optional Bar, the soprano, alto, tenor and
   * bass. {@code next} is the voice expected (0 also allows a Bar; 4 is just after a Bar: the soprano).
   */
  private final class Cycle implements TokenGrammar {
    private int prelude;
    private int next;

    Cycle(int prelude, int next) {
      this.prelude = prelude;
      this.next = next;
    }

    @Override
    public boolean allows(int id) {
      int v = voiceOf(id);
      if (prelude > 0) {
        return v == 0;
      }
      return next == 0 && id == bar || v >= 0 && v == next % 4;
    }

    @Override
    public void accept(int id) {
      int v = voiceOf(id);
      if (prelude > 0 && v == 0) {
        prelude--;
      } else if (v >= 0) {
        next = after(v);
      } else if (id == bar) {
        next = 4;
      }
    }

    @Override
    public boolean canEnd() {
      return prelude == 0 && next == 0 || prelude == lookahead && next == 0;
    }

    @Override
    public TokenGrammar copy() {
      return new Cycle(prelude, next);
    }

    @Override
    public String expectation() {
      return (prelude == 0 && next == 0 ? "a Bar or " : "a ") + voiceName(prelude > 0 ? 0 : next % 4) + " token";
    }
  }

  /** A stream held to a template: its soprano and Bar tokens exactly, any token of the voice elsewhere. */
  private final class Following implements TokenGrammar {
    private final int[] template;
    private int at;

    Following(int[] template, int at) {
      this.template = template;
      this.at = at;
    }

    @Override
    public boolean allows(int id) {
      if (at >= template.length) {
        return false;
      }
      int v = voiceOf(template[at]);
      return v > 0 ? voiceOf(id) == v : id == template[at];
    }

    @Override
    public void accept(int id) {
      if (voiceOf(id) >= 0 || id == bar) {
        at++;
      }
    }

    @Override
    public boolean canEnd() {
      return at >= template.length;
    }

    @Override
    public TokenGrammar copy() {
      return new Following(template, at);
    }

    @Override
    public String expectation() {
      if (at >= template.length) {
        return "the end of the melody";
      }
      int v = voiceOf(template[at]);
      return v > 0 ? "a " + voiceName(v) + " token" : vocabulary.token(template[at]) + " (the melody)";
    }
  }

  /**
   * {@code grammar} (this tokenizer's, or {@link #harmonizing}'s) that also never lets two voices move in parallel
   * fifths or octaves (or unisons): a token of the alto, tenor or bass that would move its voice, from one step to the
   * next, the same way as a higher voice already written for that step and stand at the same fifth or octave from it
   * as before is not allowed. Holding the note or resting always is, so the stream never comes to a dead end. Steps
   * are this tokenizer's grid, as {@code VoiceLeading} counts them.
   */
  public TokenGrammar withoutParallels(TokenGrammar grammar) {
    return new NoParallels(grammar, new int[4][16], new int[4]);
  }

  /** The sounding pitch after token {@code id} of voice {@code v}: its pitch, the note before for a hold, -1 for a rest. */
  private int sounding(int id, int before) {
    int v = voiceOf(id);
    return id == first[v] ? before : pitchOf(id);
  }

  /** A grammar that follows each voice's sounding pitch per step and refuses parallel fifths and octaves. */
  private final class NoParallels implements TokenGrammar {
    private final TokenGrammar inner;
    private final int[][] pitches;
    private final int[] counts;

    NoParallels(TokenGrammar inner, int[][] pitches, int[] counts) {
      this.inner = inner;
      this.pitches = pitches;
      this.counts = counts;
    }

    private int pitch(int voice, int step) {
      return step >= 0 && step < counts[voice] ? pitches[voice][step] : -1;
    }

    @Override
    public boolean allows(int id) {
      return inner.allows(id) && !parallel(id);
    }

    private boolean parallel(int id) {
      int v = voiceOf(id);
      int t = v > 0 ? counts[v] : 0;
      if (t == 0) {
        return false;
      }
      int v0 = pitch(v, t - 1);
      int v1 = sounding(id, v0);
      if (v0 < 0 || v1 < 0 || v0 == v1) {
        return false;
      }
      for (int u = 0; u < v; u++) {
        int u0 = pitch(u, t - 1);
        int u1 = pitch(u, t);
        if (u0 >= 0 && u1 >= 0 && u0 != u1 && Integer.signum(u1 - u0) == Integer.signum(v1 - v0)) {
          int before = Math.floorMod(u0 - v0, 12);
          if (before == Math.floorMod(u1 - v1, 12) && (before == 0 || before == 7)) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public void accept(int id) {
      inner.accept(id);
      int v = voiceOf(id);
      if (v >= 0) {
        if (counts[v] == pitches[v].length) {
          pitches[v] = Arrays.copyOf(pitches[v], pitches[v].length * 2);
        }
        pitches[v][counts[v]] = sounding(id, pitch(v, counts[v] - 1));
        counts[v]++;
      }
    }

    @Override
    public boolean canEnd() {
      return inner.canEnd();
    }

    @Override
    public boolean finishes(int id) {
      return inner.finishes(id) && !parallel(id);
    }

    @Override
    public TokenGrammar copy() {
      int[][] copied = new int[4][];
      for (int v = 0; v < 4; v++) {
        copied[v] = pitches[v].clone();
      }
      return new NoParallels(inner.copy(), copied, counts.clone());
    }

    @Override
    public String expectation() {
      return inner.expectation() + " that moves in no parallel fifth or octave";
    }
  }

  /** A voice token that starts a note sounds its pitch; hold, rest, Bar and special tokens none. */
  @Override
  public int[] pitchesStarted(int[] history, int id) {
    int pitch = pitchOf(id);
    return pitch < 0 ? new int[0] : new int[] {pitch};
  }

  @Override
  public Optional<int[]> transpose(int[] ids, int from, int to, int semitones) {
    int[] out = Arrays.copyOfRange(ids, from, to);
    for (int i = 0; i < out.length; i++) {
      int pitch = pitchOf(out[i]);
      if (pitch >= 0) {
        int v = voiceOf(out[i]);
        int moved = pitch + semitones;
        if (moved < RANGES[v][0] || moved > RANGES[v][1]) {
          return Optional.empty();
        }
        out[i] += semitones;
      }
    }
    return Optional.of(out);
  }
}
