package dev.cadenza.generation;

import dev.cadenza.tokens.Vocabulary;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * What generated music may hold besides its pitches ({@link PitchConstraint}): instruments, drums, tempo, metre and,
 * for frame models, how many notes sound at once. Token models read the first four through their vocabulary's token
 * names, as MidiTok spells them ({@code Program_p}, {@code Program_-1} for drums, {@code Tempo_x}, {@code TimeSig_n/d},
 * which {@code remi} has): a token that breaks a constraint is never drawn. A constraint that the model's tokenizer
 * cannot express (instruments for {@code performance}, say) is an error, not a silent no-op.
 *
 * @param programs the General MIDI programs (0 to 127) pitched notes may be played on, or empty for any (an empty
 *     set: none, only drums)
 * @param drums whether drum notes may come
 * @param minBpm the slowest tempo a tempo change may set (0: no limit)
 * @param maxBpm the fastest tempo a tempo change may set ({@link Double#POSITIVE_INFINITY}: no limit)
 * @param timeSignature the only metre a time-signature token may set ({@code "3/4"}), or empty for any; bars before
 *     the first such token keep the tokenizer's default (4/4 for {@code remi})
 * @param maxPolyphony the most notes a frame model's step may sound (0: no limit)
 * @param style the style of the music, for a frame model conditioned on styles ({@code "funk"}), or empty for the
 *     primer's, else the model's own choice
 * @param bpm the tempo of the music, for a frame model conditioned on tempo, or empty for the primer's, else 120
 * @param noParallels for four-voice models (the {@code chorale} tokenizer): no two voices move in parallel fifths or
 *     octaves ({@link dev.cadenza.tokens.ChoraleTokenizer#withoutParallels})
 */
public record MusicConstraints(Optional<Set<Integer>> programs, boolean drums, double minBpm, double maxBpm,
    Optional<String> timeSignature, int maxPolyphony, Optional<String> style, OptionalDouble bpm, boolean noParallels) {
  /** No constraint. */
  public static final MusicConstraints ANY = new MusicConstraints(Optional.empty(), true, 0, Double.POSITIVE_INFINITY, Optional.empty(), 0,
      Optional.empty(), OptionalDouble.empty(), false);

  private static final String PROGRAM = "Program_";
  private static final String TEMPO = "Tempo_";
  private static final String METRE = "TimeSig_";

  /** Validates and copies. */
  public MusicConstraints {
    programs = programs.map(Set::copyOf);
    for (int p : programs.orElse(Set.of())) {
      require(p >= 0 && p <= 127, "a program must be 0 to 127 (General MIDI, counted from 0), was " + p);
    }
    require(drums || !programs.map(Set::isEmpty).orElse(false), "no instrument is left: no program, and no drums");
    require(minBpm >= 0 && maxBpm >= minBpm && !Double.isNaN(maxBpm), "the tempo range must be 0 or more, slowest first, was "
        + minBpm + ".." + maxBpm);
    require(timeSignature.isEmpty() || timeSignature.get().matches("\\d{1,2}/\\d{1,2}"),
        "a time signature reads like 3/4, was '" + timeSignature.orElse("") + "'");
    require(maxPolyphony >= 0, "the maximum polyphony must be 0 (no limit) or more, was " + maxPolyphony);
    require(bpm.isEmpty() || bpm.getAsDouble() > 0 && bpm.getAsDouble() <= 1000, "the tempo must be above 0 and at most 1000 bpm, was "
        + bpm.orElse(0));
  }

  /** These constraints with parallel fifths and octaves forbidden, or not. */
  public MusicConstraints withNoParallels(boolean value) {
    return new MusicConstraints(programs, drums, minBpm, maxBpm, timeSignature, maxPolyphony, style, bpm, value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Whether tokens are left as the model draws them: no program, drum, tempo or metre constraint. */
  boolean leavesTokens() {
    return programs.isEmpty() && drums && minBpm == 0 && maxBpm == Double.POSITIVE_INFINITY && timeSignature.isEmpty();
  }

  /**
   * The tokens of a vocabulary these constraints let come (null: all).
   *
   * @throws IllegalArgumentException if the vocabulary cannot express a constraint asked for
   */
  boolean[] allowedTokens(Vocabulary vocabulary, String tokenizer) {
    if (leavesTokens()) {
      return null;
    }
    boolean hasPrograms = vocabulary.id(PROGRAM + 0) >= 0;
    boolean hasTempos = vocabulary.tokens().stream().anyMatch(t -> t.startsWith(TEMPO));
    require(programs.isEmpty() || hasPrograms, "the model's tokenizer (" + tokenizer + ") has no instruments to choose from");
    require(minBpm == 0 && maxBpm == Double.POSITIVE_INFINITY || hasTempos, "the model's tokenizer (" + tokenizer + ") has no tempo changes");
    timeSignature.ifPresent(metre -> require(vocabulary.id(METRE + metre) >= 0, "the model's tokenizer (" + tokenizer + ") has no "
        + "time signature " + metre + (vocabulary.tokens().stream().anyMatch(t -> t.startsWith(METRE)) ? "" : ", nor any other")));
    boolean[] allowed = new boolean[vocabulary.size()];
    for (int id = 0; id < allowed.length; id++) {
      allowed[id] = allows(vocabulary.token(id));
    }
    return allowed;
  }

  private boolean allows(String token) {
    if (token.startsWith(PROGRAM)) {
      int program = Integer.parseInt(token.substring(PROGRAM.length()));
      return program < 0 ? drums : programs.map(set -> set.contains(program)).orElse(true);
    }
    if (token.startsWith(TEMPO)) {
      double bpm = Double.parseDouble(token.substring(TEMPO.length()));
      return bpm >= minBpm && bpm <= maxBpm;
    }
    return !token.startsWith(METRE) || timeSignature.isEmpty() || token.equals(METRE + timeSignature.get());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MusicConstraints[programs=%s, drums=%s, bpm=%s..%s, timeSignature=%s, maxPolyphony=%d, style=%s, "
        + "tempo=%s, noParallels=%s]", programs.map(TreeSet::new).map(Object::toString).orElse("any"), drums, minBpm, maxBpm,
        timeSignature.orElse("any"), maxPolyphony, style.orElse("any"), bpm.isPresent() ? bpm.getAsDouble() : "any", noParallels);
  }
}
