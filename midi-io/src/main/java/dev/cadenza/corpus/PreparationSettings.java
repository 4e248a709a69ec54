package dev.cadenza.corpus;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How a corpus is prepared ({@link CorpusPreparation}), the same whichever engine runs it.
 *
 * @param tokenizer the tokenizer's name; it must give tokens, not frames
 * @param options the tokenizer's options
 * @param seed the seed of the split
 * @param validationShare the share of files for validation, by a seeded hash of their content
 * @param testShare the share of files held out for evaluation
 * @param minTokens files with fewer tokens are filtered out
 * @param maxTokens files with more tokens are filtered out; 0 for no limit
 * @param programs files with a pitched track on another General MIDI program (0-127) are filtered out; empty for any
 * @param timeSignatures files with another time signature (such as {@code 3/4}; none counts as {@code 4/4}) are
 *     filtered out; empty for any
 * @param shardTokens about how many tokens each shard holds
 * @param minCount for a tokenizer that fits its vocabulary: how often a token must occur to get its own id
 */
public record PreparationSettings(String tokenizer, Map<String, String> options, long seed, double validationShare,
    double testShare, int minTokens, int maxTokens, Set<Integer> programs, Set<String> timeSignatures, long shardTokens,
    int minCount) implements Serializable {
  private static final Pattern SIGNATURE = Pattern.compile("[1-9][0-9]*/[1-9][0-9]*");

  /**
   * Checks the settings and copies the collections.
   *
   * @throws IllegalArgumentException naming a setting that is out of range
   */
  public PreparationSettings {
    options = Map.copyOf(options);
    programs = Set.copyOf(programs);
    timeSignatures = Set.copyOf(timeSignatures);
    require(validationShare >= 0 && testShare >= 0 && validationShare + testShare < 1,
        "the validation and test shares must be at least 0 and below 1 together, were " + validationShare + " and " + testShare);
    require(minTokens >= 0, "the least tokens must be at least 0, was " + minTokens);
    require(maxTokens == 0 || maxTokens >= minTokens, "the most tokens must be 0 (no limit) or at least the least, was " + maxTokens);
    require(programs.stream().allMatch(p -> p >= 0 && p <= 127), "programs must be General MIDI programs 0-127, were " + programs);
    require(timeSignatures.stream().allMatch(s -> SIGNATURE.matcher(s).matches()),
        "time signatures must be written like 4/4, were " + timeSignatures);
    require(shardTokens >= 1, "the tokens per shard must be at least 1, was " + shardTokens);
    require(minCount >= 1, "the least count of a token must be at least 1, was " + minCount);
  }

  /** The defaults for a tokenizer: seed 42, 5% validation, 5% test, at least 16 tokens, 1,000,000 tokens a shard. */
  public static PreparationSettings defaults(String tokenizer, Map<String, String> options) {
    return new PreparationSettings(tokenizer, options, 42, 0.05, 0.05, 16, 0, Set.of(), Set.of(), 1_000_000, 1);
  }

  /** These settings with another split: its seed and shares. */
  public PreparationSettings withSplit(long newSeed, double newValidationShare, double newTestShare) {
    return new PreparationSettings(tokenizer, options, newSeed, newValidationShare, newTestShare, minTokens, maxTokens, programs,
        timeSignatures, shardTokens, minCount);
  }

  /** These settings with other filters. */
  public PreparationSettings withFilters(int least, int most, Set<Integer> allowedPrograms, Set<String> allowedSignatures) {
    return new PreparationSettings(tokenizer, options, seed, validationShare, testShare, least, most, allowedPrograms,
        allowedSignatures, shardTokens, minCount);
  }

  /** These settings with other shard sizes and vocabulary threshold. */
  public PreparationSettings withSizes(long tokensPerShard, int leastCount) {
    return new PreparationSettings(tokenizer, options, seed, validationShare, testShare, minTokens, maxTokens, programs,
        timeSignatures, tokensPerShard, leastCount);
  }

  /**
   * The settings {@link #asMap} wrote (as a manifest records them), or some of them over the defaults for
   * {@code tokenizer}: {@code seed}, {@code validationShare}, {@code testShare}, {@code minTokens}, {@code maxTokens},
   * {@code programs} (such as {@code 0-7,24}), {@code timeSignatures} (such as {@code 4/4,3/4}), {@code shardTokens},
   * {@code minCount}.
   *
   * @throws IllegalArgumentException naming a key that is not a setting or a value that is not one
   */
  public static PreparationSettings fromMap(String tokenizer, Map<String, String> options, Map<String, String> settings) {
    Map<String, String> all = new LinkedHashMap<>(defaults(tokenizer, options).asMap());
    for (Map.Entry<String, String> e : settings.entrySet()) {
      require(all.containsKey(e.getKey()) && !e.getKey().equals("tokenizer") && !e.getKey().equals("options"), "no preparation "
          + "setting '" + e.getKey() + "' (there are: seed, validationShare, testShare, minTokens, maxTokens, programs, timeSignatures, "
          + "shardTokens, minCount)");
      all.put(e.getKey(), e.getValue());
    }
    try {
      return new PreparationSettings(tokenizer, options, Long.parseLong(all.get("seed")), Double.parseDouble(all.get("validationShare")),
          Double.parseDouble(all.get("testShare")), Integer.parseInt(all.get("minTokens")), Integer.parseInt(all.get("maxTokens")),
          programs(all.get("programs")), Set.copyOf(list(all.get("timeSignatures"))), Long.parseLong(all.get("shardTokens")),
          Integer.parseInt(all.get("minCount")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a preparation setting is not a number: " + e.getMessage(), e);
    }
  }

  /** Programs written as numbers and ranges, such as {@code 0-7,24} (or {@code [0, 1, 24]}). */
  public static Set<Integer> programs(String text) {
    Set<Integer> programs = new java.util.TreeSet<>();
    for (String part : list(text)) {
      String[] ends = part.split("-", 2);
      int low = Integer.parseInt(ends[0].strip());
      int high = ends.length > 1 ? Integer.parseInt(ends[1].strip()) : low;
      require(low >= 0 && high <= 127 && low <= high, "programs must be General MIDI programs 0-127, low to high, was " + part);
      for (int p = low; p <= high; p++) {
        programs.add(p);
      }
    }
    return programs;
  }

  private static java.util.List<String> list(String text) {
    return java.util.Arrays.stream(text.replace("[", "").replace("]", "").split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .toList();
  }

  /** The settings as text, for a manifest. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("tokenizer", tokenizer);
    map.put("options", new TreeMap<>(options).toString());
    map.put("seed", String.valueOf(seed));
    map.put("validationShare", String.valueOf(validationShare));
    map.put("testShare", String.valueOf(testShare));
    map.put("minTokens", String.valueOf(minTokens));
    map.put("maxTokens", String.valueOf(maxTokens));
    map.put("programs", String.join(",", new java.util.TreeSet<>(programs).stream().map(String::valueOf).toList()));
    map.put("timeSignatures", String.join(",", new java.util.TreeSet<>(timeSignatures)));
    map.put("shardTokens", String.valueOf(shardTokens));
    map.put("minCount", String.valueOf(minCount));
    return map;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
