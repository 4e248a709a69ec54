package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The beat generator's drum grid: General MIDI drums mapped onto Magenta's 9-class kit (kick, snare, closed
 * hi-hat, open hi-hat, low, mid and high tom, crash, ride), one multi-hot frame per step ({@code stepsPerQuarter},
 * default 4: 16th notes), 1 where a hit starts. With {@code velocity=true} the frame has 9 more values, each hit's
 * velocity / 127 (a level). With {@code styles=rock,funk,...} the frame has a channel per style, and with
 * {@code positions=true} a clock (a channel per step of a four-beat bar, the step's on: the model knows where the beat
 * is), and with {@code tempo=true} one for the tempo ((bpm - 30) / 270, from 30 to 300 bpm): conditions a model is fed
 * with every frame ({@link #conditioned}, {@link #following}). Decoded hits are one step long, on channel 10, each class as its first General MIDI pitch,
 * at the tempo of the first frame's tempo channel, else at {@code bpm} (120); drums outside the kit's mapping are
 * dropped.
 */
public final class DrumGridEncoding extends ConfiguredEncoding implements FrameEncoding {
  static final String NAME = "drum-grid";
  private static final Set<String> OPTIONS = Set.of("stepsPerQuarter", "velocity", "bpm", "styles", "positions", "tempo");
  private static final String[] CLASSES = {"kick", "snare", "closed-hat", "open-hat", "low-tom", "mid-tom", "high-tom", "crash", "ride"};
  /**
   * Magenta's drum classes ({@code drums_encoder_decoder}): the General MIDI pitches of each, the first being the one
   * decoding plays; 22 and 26 are the hi-hat edge notes of the Roland kit the Groove MIDI Dataset was played on.
   */
  private static final int[][] PITCHES = {
      {36, 35},
      {38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85},
      {42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22},
      {46, 67, 72, 74, 79, 81, 26},
      {45, 29, 41, 61, 64, 84},
      {48, 47, 60, 63, 77, 86, 87},
      {50, 30, 43, 62, 76, 83},
      {49, 52, 55, 57, 58},
      {51, 53, 59, 82}};
  private static final int[] CLASS_OF = new int[128];
  private static final int DEFAULT_VELOCITY = 100;
  private static final double SLOWEST = 30;
  private static final double FASTEST = 300;

  static {
    Arrays.fill(CLASS_OF, -1);
    for (int c = 0; c < PITCHES.length; c++) {
      for (int p : PITCHES[c]) {
        CLASS_OF[p] = c;
      }
    }
  }

  /** The kit's pieces by name: kick, snare, closed-hat, open-hat, low-tom, mid-tom, high-tom, crash, ride. */
  public static List<String> kitPieces() {
    return List.of(CLASSES);
  }

  /** The General MIDI pitch a kit piece ({@link #kitPieces()}, by index) plays as. */
  public static int kitPitch(int piece) {
    return PITCHES[piece][0];
  }

  /** The kit piece (an index of {@link #kitPieces()}) a General MIDI drum pitch belongs to, or -1 for none. */
  public static int kitPiece(int pitch) {
    return pitch >= 0 && pitch < CLASS_OF.length ? CLASS_OF[pitch] : -1;
  }

  private final TimeGrid grid;
  private final boolean velocity;
  private final double bpm;
  private final List<String> styles;
  private final boolean tempo;
  /** Clock channels: the steps of a four-beat bar, or 0 for none. */
  private final int positions;
  /** Where the style channels start; the clock's follow them, then the tempo channel. */
  private final int firstStyle;

  DrumGridEncoding(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.grid = new TimeGrid(config.intOption("stepsPerQuarter", 4, 1, 96));
    this.velocity = config.booleanOption("velocity", false);
    this.bpm = config.doubleOption("bpm", 120, 1, 1000);
    this.styles = config.listOption("styles").stream().map(style -> style.toLowerCase(Locale.ROOT)).toList();
    if (Set.copyOf(styles).size() != styles.size()) {
      throw new IllegalArgumentException("option styles names a style twice: " + styles);
    }
    this.tempo = config.booleanOption("tempo", false);
    this.positions = config.booleanOption("positions", false) ? 4 * grid.stepsPerQuarter() : 0;
    this.firstStyle = velocity ? 2 * CLASSES.length : CLASSES.length;
  }

  /** Registers the encoding under the name {@code drum-grid}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "the beat generator's grid: drum hits in Magenta's 9 classes per 16th step, optionally with velocity: "
          + "keeps when each kind of drum is hit; drops pitched tracks, exact drum sounds, hit lengths, tempo, metre.",
          DrumGridEncoding::new);
    }
  }



  @Override
  public int frameSize() {
    return firstStyle + styles.size() + positions + (tempo ? 1 : 0);
  }

  private int firstPosition() {
    return firstStyle + styles.size();
  }

  /** The bar step a frame's clock shows, or -1 where it shows none. */
  private int position(float[] frame) {
    for (int p = 0; p < positions && firstPosition() + p < frame.length; p++) {
      if (frame[firstPosition() + p] >= 0.5f) {
        return p;
      }
    }
    return -1;
  }

  private void setPosition(float[] frame, int step) {
    if (positions > 0) {
      Arrays.fill(frame, firstPosition(), firstPosition() + positions, 0f);
      frame[firstPosition() + Math.floorMod(step, positions)] = 1f;
    }
  }

  @Override
  public float[] silence() {
    float[] frame = new float[frameSize()];
    setPosition(frame, -1);
    return frame;
  }

  /** Silence with the style and tempo of {@code first}, the clock just before a bar. */
  @Override
  public float[] before(float[] first) {
    float[] frame = FrameEncoding.super.before(first);
    setPosition(frame, -1);
    return frame;
  }

  /** Style and tempo held (a style the previous frame lacks, as drawn), the clock one step on. */
  @Override
  public float[] following(float[] previous, float[] drawn) {
    boolean styled = false;
    for (int i = firstStyle; i < firstPosition(); i++) {
      styled |= previous[i] >= 0.5f;
    }
    float[] frame = drawn.clone();
    for (int k = firstStyle; k < frame.length; k++) {
      frame[k] = k < firstPosition() && !styled ? (drawn[k] >= 0.5f ? 1f : 0f) : previous[k];
    }
    int step = position(previous);
    setPosition(frame, step < 0 ? 0 : step + 1);
    return frame;
  }

  @Override
  public boolean isLevel(int index) {
    return index >= CLASSES.length && index < firstStyle || tempo && index == frameSize() - 1;
  }

  @Override
  public boolean isCondition(int index) {
    return index >= firstStyle;
  }

  @Override
  public List<String> styles() {
    return styles;
  }

  @Override
  public boolean hasTempo() {
    return tempo;
  }

  @Override
  public float[] conditioned(float[] frame, Optional<String> style, OptionalDouble beatsPerMinute) {
    float[] out = frame.clone();
    if (style.isPresent()) {
      int index = styles.indexOf(style.get().strip().toLowerCase(Locale.ROOT));
      if (index < 0) {
        throw new IllegalArgumentException(styles.isEmpty() ? "the model has no styles (it was trained without style labels)"
            : "the model has no style '" + style.get() + "'; its styles are " + String.join(", ", styles));
      }
      Arrays.fill(out, firstStyle, firstStyle + styles.size(), 0f);
      out[firstStyle + index] = 1f;
    }
    if (beatsPerMinute.isPresent()) {
      if (!tempo) {
        throw new IllegalArgumentException("the model has no tempo condition (drum-grid without tempo=true plays at " + bpm + " bpm)");
      }
      out[frameSize() - 1] = (float) ((Math.max(SLOWEST, Math.min(FASTEST, beatsPerMinute.getAsDouble())) - SLOWEST) / (FASTEST - SLOWEST));
    }
    return out;
  }

  /** The tempo a frame's tempo channel holds, to a hundredth of a beat per minute. */
  private double tempoOf(float[] frame) {
    double level = Math.max(0, Math.min(1, frame[frameSize() - 1]));
    return Math.round((SLOWEST + level * (FASTEST - SLOWEST)) * 100) / 100.0;
  }

  /** The loudest velocity of each class at each step, 0 where there is no hit. */
  private int[][] hits(Score score) {
    List<long[]> all = new ArrayList<>();
    for (Track t : score.tracks()) {
      if (t.isDrum()) {
        for (Note n : t.notes()) {
          if (CLASS_OF[n.pitch()] >= 0) {
            all.add(new long[] {grid.step(n.startTick(), score.resolution()), CLASS_OF[n.pitch()], n.velocity()});
          }
        }
      }
    }
    int steps = Math.toIntExact(all.stream().mapToLong(h -> h[0] + 1).max().orElse(0));
    int[][] hits = new int[steps][CLASSES.length];
    for (long[] h : all) {
      hits[(int) h[0]][(int) h[1]] = Math.max(hits[(int) h[0]][(int) h[1]], (int) h[2]);
    }
    return hits;
  }

  @Override
  public Score quantize(Score score) {
    int[][] hits = hits(score);
    List<Note> notes = new ArrayList<>();
    for (int s = 0; s < hits.length; s++) {
      for (int c = 0; c < CLASSES.length; c++) {
        if (hits[s][c] > 0) {
          notes.add(new Note(PITCHES[c][0], velocity ? hits[s][c] : DEFAULT_VELOCITY, grid.tick(s), grid.ticksPerStep()));
        }
      }
    }
    return output(notes, tempo ? score.tempoMap().tempoAt(0).bpm() : bpm);
  }

  private static Score output(List<Note> notes, double beatsPerMinute) {
    return Score.of(TempoMap.constant(TimeGrid.RESOLUTION, beatsPerMinute),
        notes.isEmpty() ? List.of() : List.of(Track.of("", 0, Track.DRUM_CHANNEL, notes)));
  }

  @Override
  public float[][] encode(Score score) {
    int[][] hits = hits(score);
    float[][] frames = new float[hits.length][frameSize()];
    OptionalDouble scoreTempo = tempo ? OptionalDouble.of(score.tempoMap().tempoAt(0).bpm()) : OptionalDouble.empty();
    for (int s = 0; s < hits.length; s++) {
      frames[s] = conditioned(frames[s], Optional.empty(), scoreTempo);
      setPosition(frames[s], s);
      for (int c = 0; c < CLASSES.length; c++) {
        if (hits[s][c] > 0) {
          frames[s][c] = 1f;
          if (velocity) {
            frames[s][CLASSES.length + c] = hits[s][c] / 127f;
          }
        }
      }
    }
    return frames;
  }

  @Override
  public Score decode(float[][] frames) {
    List<Note> notes = new ArrayList<>();
    for (int s = 0; s < frames.length; s++) {
      for (int c = 0; c < CLASSES.length && c < frames[s].length; c++) {
        if (frames[s][c] >= 0.5f) {
          int loudness = DEFAULT_VELOCITY;
          if (velocity && CLASSES.length + c < frames[s].length) {
            loudness = Math.max(1, Math.min(127, Math.round(frames[s][CLASSES.length + c] * 127)));
          }
          notes.add(new Note(PITCHES[c][0], loudness, grid.tick(s), grid.ticksPerStep()));
        }
      }
    }
    boolean timed = tempo && frames.length > 0 && frames[0].length == frameSize();
    return output(notes, timed ? tempoOf(frames[0]) : bpm);
  }

  /** Drums do not transpose: the frames come back as they are. */
  @Override
  public Optional<float[][]> transpose(float[][] frames, int from, int to, int semitones) {
    float[][] out = new float[to - from][];
    for (int s = from; s < to; s++) {
      out[s - from] = frames[s].clone();
    }
    return Optional.of(out);
  }

  /** Drums only: no value is a pitched note. */
  @Override
  public OptionalInt pitchAt(int index) {
    return OptionalInt.empty();
  }

  @Override
  public String describe(float[] frame) {
    StringJoiner names = new StringJoiner(" ");
    for (int c = 0; c < CLASSES.length && c < frame.length; c++) {
      if (frame[c] >= 0.5f) {
        names.add(CLASSES[c]);
      }
    }
    StringBuilder text = new StringBuilder(names.length() == 0 ? "-" : names.toString());
    for (int i = firstStyle; i < firstStyle + styles.size() && i < frame.length; i++) {
      if (frame[i] >= 0.5f) {
        text.append(" [").append(styles.get(i - firstStyle)).append(']');
      }
    }
    if (position(frame) >= 0) {
      text.append(" [step ").append(position(frame) + 1).append(']');
    }
    if (tempo && frame.length == frameSize()) {
      text.append(" [").append(tempoOf(frame)).append(" bpm]");
    }
    return text.toString();
  }
}
