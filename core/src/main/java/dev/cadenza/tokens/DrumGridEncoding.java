package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The beat generator's drum grid: General MIDI drums mapped onto Magenta's 9-class kit (kick, snare, closed
 * hi-hat, open hi-hat, low, mid and high tom, crash, ride), one multi-hot frame per step ({@code stepsPerQuarter},
 * default 4: 16th notes), 1 where a hit starts. With {@code velocity=true} the frame has 9 more values, each hit's
 * velocity / 127. Decoded hits are one step long, on channel 10, at {@code bpm} (120), each class as its first
 * General MIDI pitch; drums outside the kit's mapping are dropped.
 */
public final class DrumGridEncoding extends ConfiguredEncoding implements FrameEncoding {
  static final String NAME = "drum-grid";
  private static final Set<String> OPTIONS = Set.of("stepsPerQuarter", "velocity", "bpm");
  private static final String[] CLASSES = {"kick", "snare", "closed-hat", "open-hat", "low-tom", "mid-tom", "high-tom", "crash", "ride"};
  /** Magenta's drum classes: the General MIDI pitches of each, the first being the one decoding plays. */
  private static final int[][] PITCHES = {
      {36, 35},
      {38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85},
      {42, 44, 54, 68, 69, 70, 71, 73, 78, 80},
      {46, 67, 72, 74, 79, 81},
      {45, 29, 41, 61, 64, 84},
      {48, 47, 60, 63, 77, 86, 87},
      {50, 30, 43, 62, 76, 83},
      {49, 55, 57, 58},
      {51, 52, 53, 59, 82}};
  private static final int[] CLASS_OF = new int[128];
  private static final int DEFAULT_VELOCITY = 100;

  static {
    Arrays.fill(CLASS_OF, -1);
    for (int c = 0; c < PITCHES.length; c++) {
      for (int p : PITCHES[c]) {
        CLASS_OF[p] = c;
      }
    }
  }

  private final TimeGrid grid;
  private final boolean velocity;
  private final double bpm;

  DrumGridEncoding(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.grid = new TimeGrid(config.intOption("stepsPerQuarter", 4, 1, 96));
    this.velocity = config.booleanOption("velocity", false);
    this.bpm = config.doubleOption("bpm", 120, 1, 1000);
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
    return velocity ? 2 * CLASSES.length : CLASSES.length;
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
    return output(notes);
  }

  private Score output(List<Note> notes) {
    return Score.of(TempoMap.constant(TimeGrid.RESOLUTION, bpm),
        notes.isEmpty() ? List.of() : List.of(Track.of("", 0, Track.DRUM_CHANNEL, notes)));
  }

  @Override
  public float[][] encode(Score score) {
    int[][] hits = hits(score);
    float[][] frames = new float[hits.length][frameSize()];
    for (int s = 0; s < hits.length; s++) {
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
    return output(notes);
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
    return names.length() == 0 ? "-" : names.toString();
  }
}
