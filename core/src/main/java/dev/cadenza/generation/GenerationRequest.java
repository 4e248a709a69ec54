package dev.cadenza.generation;

import dev.cadenza.music.Score;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to generate; most easily made with {@link #builder()}:
 *
 * <pre>{@code
 * GenerationRequest.builder().primer(Path.of("seed.mid")).bars(16).temperature(0.9).topK(40).topP(0.95)
 *     .key("D minor").seed(7).build()
 * }</pre>
 *
 * @param length how much to generate after the primer: steps (tokens or frames), seconds or bars
 * @param sampler how each next step is drawn: temperature, top-k, top-p, min-p, repetition controls
 * @param seed the seed of the primer choice and the sampling
 * @param primer what to start from
 * @param pitches the pitches generated notes may have ({@link PitchConstraint#ANY}: every one)
 * @param constraints instruments, drums, tempo, metre, polyphony ({@link MusicConstraints#ANY}: none)
 * @param mayEndEarly whether a piece may end before its length where the model draws {@code <eos>} (once it holds a
 *     note)
 */
public record GenerationRequest(Length length, Sampler sampler, long seed, Primer primer, PitchConstraint pitches,
    MusicConstraints constraints, boolean mayEndEarly) {
  /** The steps generated when a request names no length. */
  public static final int DEFAULT_STEPS = 500;
  /** How many of a score's or MIDI file's last steps a primer feeds, unless told otherwise. */
  public static final int PRIMER_STEPS = 64;

  /** Checks that nothing is missing. */
  public GenerationRequest {
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(sampler, "sampler");
    Objects.requireNonNull(primer, "primer");
    Objects.requireNonNull(pitches, "pitches");
    Objects.requireNonNull(constraints, "constraints");
  }

  /** A request of {@code length} steps with no constraint. */
  public GenerationRequest(int length, Sampler sampler, long seed, Primer primer) {
    this(Length.steps(length), sampler, seed, primer, PitchConstraint.ANY, MusicConstraints.ANY, false);
  }

  /** A request that samples with a temperature only, from the given tokens or else a window of the training data. */
  public GenerationRequest(int length, double temperature, long seed, Optional<int[]> primer) {
    this(length, new Sampler(temperature), seed, primer.map(Primer::tokens).orElseGet(Primer::fromTraining));
  }

  /** This request with a pitch constraint. */
  public GenerationRequest withPitches(PitchConstraint constraint) {
    return new GenerationRequest(length, sampler, seed, primer, constraint, constraints, mayEndEarly);
  }

  /** This request with another sampler. */
  public GenerationRequest withSampler(Sampler other) {
    return new GenerationRequest(length, other, seed, primer, pitches, constraints, mayEndEarly);
  }

  /** This request with other constraints. */
  public GenerationRequest withConstraints(MusicConstraints other) {
    return new GenerationRequest(length, sampler, seed, primer, pitches, other, mayEndEarly);
  }

  /** This request with another primer. */
  public GenerationRequest withPrimer(Primer other) {
    return new GenerationRequest(length, sampler, seed, other, pitches, constraints, mayEndEarly);
  }

  /** A builder: {@value #DEFAULT_STEPS} steps from nothing, temperature 1, seed 42, no constraint. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link GenerationRequest}; {@link #build()} checks the settings together. */
  public static final class Builder {
    private Primer primer = Primer.none();
    private Length length;
    private String lengthGiven;
    private double temperature = 1;
    private int topK;
    private double topP = 1;
    private double minP;
    private double repetitionPenalty = 1;
    private int noRepeatNgram;
    private long seed = 42;
    private String key;
    private String range;
    private Optional<Set<Integer>> programs = Optional.empty();
    private boolean drums = true;
    private double minBpm;
    private double maxBpm = Double.POSITIVE_INFINITY;
    private Optional<String> timeSignature = Optional.empty();
    private int maxPolyphony;
    private boolean noParallels;
    private Optional<String> style = Optional.empty();
    private OptionalDouble bpm = OptionalDouble.empty();
    private boolean mayEndEarly;

    private Builder() {}

    /** Starts from the end of a MIDI file ({@value #PRIMER_STEPS} steps), read by {@code MusicGenerator}. */
    public Builder primer(Path midiFile) {
      return primer(new Primer.MidiFile(midiFile, PRIMER_STEPS));
    }

    /** Starts from the end of a score ({@value #PRIMER_STEPS} steps in the model's encoding). */
    public Builder primer(Score score) {
      return primer(new Primer.Music(score, PRIMER_STEPS));
    }

    /** Starts from token ids of the model's vocabulary. */
    public Builder primerTokens(int... ids) {
      return primer(new Primer.Tokens(ids));
    }

    /** Starts from a random window of the model's training data (the first seed's way). */
    public Builder randomPrimer() {
      return primer(Primer.fromTraining());
    }

    /** Starts from nothing (the default). */
    public Builder noPrimer() {
      return primer(Primer.none());
    }

    /** Starts from this primer. */
    public Builder primer(Primer value) {
      this.primer = Objects.requireNonNull(value, "primer");
      return this;
    }

    /** Generates this many tokens (or frames) after the primer. */
    public Builder tokens(int count) {
      return length(Length.steps(count), "tokens");
    }

    /** Generates until the music lasts this many seconds. */
    public Builder seconds(double seconds) {
      return length(Length.seconds(seconds), "seconds");
    }

    /** Generates until the music fills this many bars. */
    public Builder bars(int bars) {
      return length(Length.bars(bars), "bars");
    }

    private Builder length(Length value, String name) {
      if (lengthGiven != null && !lengthGiven.equals(name)) {
        throw new IllegalArgumentException("a request has one length: " + lengthGiven + " or " + name + ", not both");
      }
      this.length = value;
      this.lengthGiven = name;
      return this;
    }

    /** Below 1 sharper, above 1 flatter, 0 always the most likely (default 1). */
    public Builder temperature(double value) {
      this.temperature = value;
      return this;
    }

    /** Only the k most likely tokens (0, the default: all). */
    public Builder topK(int k) {
      this.topK = k;
      return this;
    }

    /** Only the nucleus of probability p (1, the default: all). */
    public Builder topP(double p) {
      this.topP = p;
      return this;
    }

    /** Only tokens at least m times as likely as the most likely (0, the default: all). */
    public Builder minP(double m) {
      this.minP = m;
      return this;
    }

    /** CTRL's repetition penalty (1, the default: none). */
    public Builder repetitionPenalty(double penalty) {
      this.repetitionPenalty = penalty;
      return this;
    }

    /** Never repeats an n-gram of this size (0, the default: off). */
    public Builder noRepeatNgram(int n) {
      this.noRepeatNgram = n;
      return this;
    }

    /** The seed (default 42): the same request and seed give the same music on the same backend. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Only pitches of this key or scale: {@code "D minor"}, {@code "F# major"}, {@code "Bb"}. */
    public Builder key(String value) {
      this.key = value;
      return this;
    }

    /** Only pitches in this range: {@code "C3-C6"} or MIDI numbers {@code "48-84"}. */
    public Builder range(String value) {
      this.range = value;
      return this;
    }

    /** Only these General MIDI programs (0 to 127) for pitched notes; none at all, with drums, for drums alone. */
    public Builder programs(int... values) {
      this.programs = Optional.of(Arrays.stream(values).boxed().collect(Collectors.toSet()));
      return this;
    }

    /** Whether drum notes may come (default true). */
    public Builder drums(boolean allowed) {
      this.drums = allowed;
      return this;
    }

    /** Tempo changes only within this range of beats per minute. */
    public Builder tempo(double slowestBpm, double fastestBpm) {
      this.minBpm = slowestBpm;
      this.maxBpm = fastestBpm;
      return this;
    }

    /** Time-signature changes only to this metre ({@code "3/4"}). */
    public Builder timeSignature(String metre) {
      this.timeSignature = Optional.of(metre);
      return this;
    }

    /** For frame models: at most this many notes at once (0, the default: no limit). */
    public Builder maxPolyphony(int notes) {
      this.maxPolyphony = notes;
      return this;
    }

    /** For four-voice models (the {@code chorale} tokenizer): no parallel fifths or octaves between two voices (false). */
    public Builder noParallels(boolean value) {
      this.noParallels = value;
      return this;
    }

    /** For a frame model conditioned on styles: the style of the music ({@code "funk"}). */
    public Builder style(String value) {
      this.style = Optional.of(value);
      return this;
    }

    /** For a frame model conditioned on tempo: the tempo of the music, in beats per minute. */
    public Builder bpm(double value) {
      this.bpm = OptionalDouble.of(value);
      return this;
    }

    /** Exactly so many bars that loop without a seam ({@link Length#loop}). */
    public Builder loop(int bars) {
      return length(Length.loop(bars), "loop");
    }

    /** Lets a piece end before its length where the model draws {@code <eos>} (default false). */
    public Builder mayEndEarly(boolean value) {
      this.mayEndEarly = value;
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException naming the setting that is out of range or cannot be read
     */
    public GenerationRequest build() {
      Sampler sampler = new Sampler(temperature, topK, topP, minP, repetitionPenalty, noRepeatNgram);
      PitchConstraint pitches = PitchConstraint.ANY;
      if (key != null) {
        pitches = pitches.withKey(key);
      }
      if (range != null) {
        PitchConstraint r = PitchConstraint.range(range);
        pitches = pitches.withRange(r.lowest(), r.highest());
      }
      return new GenerationRequest(length != null ? length : Length.steps(DEFAULT_STEPS), sampler, seed, primer, pitches,
          new MusicConstraints(programs, drums, minBpm, maxBpm, timeSignature, maxPolyphony, style, bpm, noParallels),
          mayEndEarly);
    }
  }
}
