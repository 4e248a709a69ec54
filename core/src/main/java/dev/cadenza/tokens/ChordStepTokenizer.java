package dev.cadenza.tokens;

import dev.cadenza.music.Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A piano roll written one token at a time: for every grid step, the pitches sounding in it in ascending order
 * ({@code Pitch_60}, {@code Pitch_64}), then {@code Step}. It holds exactly what {@code piano-roll} holds (same
 * options: {@code stepsPerQuarter}, {@code lowestPitch}, {@code highestPitch}, {@code velocity}, {@code bpm}), but a
 * model reading it predicts a step's notes one after another, so the product of its token probabilities over a step is
 * the joint probability of the whole chord, not a product of independent guesses per key. With the grammar's mask
 * (after {@code Pitch_p} only a higher pitch or {@code Step}), a model's distribution over a step's tokens is a
 * normalized distribution over the chords of the range: the exact likelihood of the polyphonic benchmarks.
 *
 * <p>Vocabulary: {@code Pitch_lowest..Pitch_highest}, {@code Step}, then {@code <pad>}, {@code <bos>}, {@code <eos>}
 * unless {@code specialTokens=false}.
 */
public final class ChordStepTokenizer extends ConfiguredEncoding implements Tokenizer {
  /** The token that closes a grid step. */
  public static final String STEP = "Step";
  static final String NAME = "chord-steps";
  private static final String PITCH = "Pitch_";
  private static final Set<String> OPTIONS = SpecialTokens.options("stepsPerQuarter", "lowestPitch", "highestPitch", "velocity", "bpm");

  private final PianoRollEncoding roll;
  private final int low;
  private final int step;
  private final Vocabulary vocabulary;

  ChordStepTokenizer(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.roll = new PianoRollEncoding(config.without(SpecialTokens.OPTION));
    this.low = roll.pitchAt(0).getAsInt();
    List<String> tokens = new ArrayList<>();
    for (int k = 0; k < roll.frameSize(); k++) {
      tokens.add(PITCH + (low + k));
    }
    tokens.add(STEP);
    this.step = tokens.size() - 1;
    Vocabulary own = Vocabulary.of(tokens);
    this.vocabulary = SpecialTokens.enabled(config) ? own.withSpecialTokens() : own;
  }

  /** Registers the tokenizer under the name {@code chord-steps}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "a piano roll one token at a time: per grid step its sounding pitches ascending, then Step (the exact "
          + "form of the JSB/Nottingham benchmarks); keeps which pitches sound when; drops what piano-roll drops.",
          ChordStepTokenizer::new);
    }
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** The id of {@link #STEP}. */
  public int stepId() {
    return step;
  }

  /** The id of pitch {@code pitch}'s token, or -1 outside the range. */
  public int pitchId(int pitch) {
    int k = pitch - low;
    return k >= 0 && k < step ? k : -1;
  }

  /** The pitch of token {@code id}, or -1 for {@code Step} and special tokens. */
  public int pitchOf(int id) {
    return id >= 0 && id < step ? low + id : -1;
  }

  @Override
  public Score quantize(Score score) {
    return roll.quantize(score);
  }

  @Override
  public int[] encode(Score score) {
    return encode(roll.encode(score));
  }

  /** Piano-roll frames of this range (a value of 0.5 or more is on) as ids: each step's pitches ascending, then Step. */
  public int[] encode(float[][] frames) {
    int[] ids = new int[frames.length * (step + 1)];
    int n = 0;
    for (float[] frame : frames) {
      for (int k = 0; k < Math.min(step, frame.length); k++) {
        if (frame[k] >= 0.5f) {
          ids[n++] = k;
        }
      }
      ids[n++] = step;
    }
    return Arrays.copyOf(ids, n);
  }

  @Override
  public Score decode(int[] ids) {
    return roll.decode(frames(ids));
  }

  /** Ids as piano-roll frames: one per {@code Step}, and one for pitches after the last; other ids are skipped. */
  public float[][] frames(int[] ids) {
    List<float[]> frames = new ArrayList<>();
    float[] frame = null;
    for (int id : ids) {
      if (id == step) {
        frames.add(frame == null ? new float[step] : frame);
        frame = null;
      } else if (pitchOf(id) >= 0) {
        frame = frame == null ? new float[step] : frame;
        frame[id] = 1f;
      }
    }
    if (frame != null) {
      frames.add(frame);
    }
    return frames.toArray(new float[0][]);
  }

  @Override
  public TokenGrammar grammar() {
    return SpecialTokens.around(new Ascending(-1), vocabulary);
  }

  /** After a pitch, only a higher pitch or Step; a stream may end after a Step (or before any token). */
  private final class Ascending implements TokenGrammar {
    private int last;

    Ascending(int last) {
      this.last = last;
    }

    @Override
    public boolean allows(int id) {
      return id == step || id > last && id < step;
    }

    @Override
    public void accept(int id) {
      if (id == step) {
        last = -1;
      } else if (pitchOf(id) >= 0) {
        last = id;
      }
    }

    @Override
    public boolean canEnd() {
      return last < 0;
    }

    @Override
    public TokenGrammar copy() {
      return new Ascending(last);
    }

    @Override
    public String expectation() {
      return last < 0 ? "a Pitch or Step" : "a Pitch above " + (low + last) + " or Step";
    }
  }

  /** A pitch token sounds its pitch; Step and special tokens none. */
  @Override
  public int[] pitchesStarted(int[] history, int id) {
    int pitch = pitchOf(id);
    return pitch < 0 ? new int[0] : new int[] {pitch};
  }

  @Override
  public Optional<int[]> transpose(int[] ids, int from, int to, int semitones) {
    int[] out = Arrays.copyOfRange(ids, from, to);
    for (int i = 0; i < out.length; i++) {
      if (pitchOf(out[i]) >= 0) {
        out[i] += semitones;
        if (out[i] < 0 || out[i] >= step) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(out);
  }
}
