package dev.cadenza.tokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The tokens a tokenizer can produce, each with its id (its index in {@link #tokens()}). Immutable. */
public final class Vocabulary {
  /** The token that stands for strings a fitted vocabulary does not hold. */
  public static final String UNKNOWN = "<unk>";
  /** The token that fills a window past the end of a piece. */
  public static final String PAD = "<pad>";
  /** The token a piece starts with, and generation from nothing is fed first. */
  public static final String BOS = "<bos>";
  /** The token a piece ends with; a generated piece that draws it ends there. */
  public static final String EOS = "<eos>";
  private static final List<String> SPECIAL = List.of(PAD, BOS, EOS);

  private final List<String> tokens;
  private final Map<String, Integer> ids;
  private final boolean[] special;

  private Vocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < this.tokens.size(); i++) {
      if (ids.put(this.tokens.get(i), i) != null) {
        throw new IllegalArgumentException("the token '" + this.tokens.get(i) + "' appears twice in the vocabulary");
      }
    }
    this.special = new boolean[this.tokens.size()];
    for (String token : SPECIAL) {
      Integer id = ids.get(token);
      if (id != null) {
        special[id] = true;
      }
    }
  }

  /** A vocabulary of the given tokens, in id order. */
  public static Vocabulary of(List<String> tokens) {
    return new Vocabulary(tokens);
  }

  /**
   * A vocabulary fitted to token strings seen in a corpus: {@link #UNKNOWN} first (id 0), then every string seen
   * at least {@code minCount} times, the most frequent first (ties in string order, so the result is
   * deterministic).
   */
  public static Vocabulary fit(Iterable<? extends List<String>> sequences, int minCount) {
    Map<String, Long> counts = new HashMap<>();
    for (List<String> sequence : sequences) {
      for (String token : sequence) {
        counts.merge(token, 1L, Long::sum);
      }
    }
    return fromCounts(counts, minCount);
  }

  /**
   * The vocabulary {@link #fit} makes from sequences whose tokens occur {@code counts} times (counted elsewhere, such
   * as by a distributed job).
   *
   * @throws IllegalArgumentException if {@code minCount} is below 1
   */
  public static Vocabulary fromCounts(Map<String, Long> counts, int minCount) {
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
    }
    List<String> kept = new ArrayList<>();
    kept.add(UNKNOWN);
    counts.entrySet().stream().filter(e -> e.getValue() >= minCount && !e.getKey().equals(UNKNOWN) && !SPECIAL.contains(e.getKey()))
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> kept.add(e.getKey()));
    return new Vocabulary(kept);
  }

  /**
   * This vocabulary with {@link #PAD}, {@link #BOS} and {@link #EOS} after its tokens, in that order (itself if it
   * has them already).
   */
  public Vocabulary withSpecialTokens() {
    if (hasSpecialTokens()) {
      return this;
    }
    List<String> all = new ArrayList<>(tokens);
    all.addAll(SPECIAL);
    return new Vocabulary(all);
  }

  /** Whether it holds {@link #PAD}, {@link #BOS} and {@link #EOS}. */
  public boolean hasSpecialTokens() {
    return SPECIAL.stream().allMatch(ids::containsKey);
  }

  /** Whether an id is one of {@link #PAD}, {@link #BOS} and {@link #EOS}. */
  public boolean isSpecial(int id) {
    return contains(id) && special[id];
  }

  /** The tokens in id order. */
  public List<String> tokens() {
    return tokens;
  }

  /** The number of tokens. */
  public int size() {
    return tokens.size();
  }

  /** The id of a token, or -1 if the vocabulary does not hold it. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? -1 : id;
  }

  /** Whether an id names a token of this vocabulary. */
  public boolean contains(int id) {
    return id >= 0 && id < tokens.size();
  }

  /** The token of an id; an id outside the vocabulary reads {@code <id N?>} rather than failing. */
  public String token(int id) {
    return contains(id) ? tokens.get(id) : "<id " + id + "?>";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary other && tokens.equals(other.tokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokens);
  }

  @Override
  public String toString() {
    return "Vocabulary[" + tokens.size() + " tokens]";
  }
}
