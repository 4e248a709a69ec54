package dev.cadenza.tokens;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options of a tokenizer, as text keys and values (so that they read the same from a command line, a
 * JSON file and Java). Each tokenizer documents its keys and rejects keys it does not know.
 *
 * @param options the options, sorted by key
 */
public record TokenizerConfig(Map<String, String> options) {
  /**
   * The option every token tokenizer takes (default true): its vocabulary ends with {@link Vocabulary#PAD},
   * {@link Vocabulary#BOS} and {@link Vocabulary#EOS}.
   */
  public static final String SPECIAL_TOKENS = "specialTokens";

  /** No options: every tokenizer's defaults. */
  public static final TokenizerConfig DEFAULTS = new TokenizerConfig(Map.of());

  /** Copies the options, sorted. */
  public TokenizerConfig {
    options = Collections.unmodifiableMap(new TreeMap<>(options));
  }

  /** A configuration from alternating keys and values: {@code of("stepsPerQuarter", "8")}. */
  public static TokenizerConfig of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("options come in key, value pairs");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new TokenizerConfig(map);
  }

  /** This configuration with one option set. */
  public TokenizerConfig with(String key, String value) {
    Map<String, String> map = new TreeMap<>(options);
    map.put(key, value);
    return new TokenizerConfig(map);
  }

  /** This configuration without one option (its default applies). */
  public TokenizerConfig without(String key) {
    Map<String, String> map = new TreeMap<>(options);
    map.remove(key);
    return new TokenizerConfig(map);
  }

  /**
   * Checks that every option is one the tokenizer knows.
   *
   * @throws IllegalArgumentException naming the unknown options and the known ones
   */
  public void requireKnown(String tokenizer, Set<String> known) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("tokenizer " + tokenizer + " has no option " + unknown
          + "; its options are " + new TreeSet<>(known));
    }
  }

  /** An integer option within a range, or its default. */
  public int intOption(String key, int defaultValue, int min, int max) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a whole number, was '" + text + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("option " + key + " must be " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /** A number option within a range, or its default. */
  public double doubleOption(String key, double defaultValue, double min, double max) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    double value;
    try {
      value = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a number, was '" + text + "'");
    }
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException("option " + key + " must be " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /** A true/false option, or its default. */
  public boolean booleanOption(String key, boolean defaultValue) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("option " + key + " must be true or false, was '" + text + "'");
    };
  }

  /** A text option that must be one of the given choices, or its default. */
  public String choiceOption(String key, String defaultValue, Set<String> choices) {
    String value = options.getOrDefault(key, defaultValue).strip();
    if (!choices.contains(value)) {
      throw new IllegalArgumentException("option " + key + " must be one of " + new TreeSet<>(choices) + ", was '" + value + "'");
    }
    return value;
  }

  /** A list option, its names separated by commas ({@code "rock,funk,jazz"}), or empty; blank names are dropped. */
  public List<String> listOption(String key) {
    String text = options.get(key);
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
  }
}
