package dev.cadenza.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The one table {@code benchmarks/run} prints: {@link ModelThroughput}'s JMH results for each backend beside the
 * PyTorch-from-Python reference measured in the same run (the faster of its thread counts, per row), as ratios,
 * with the goals of the speed work marked met or not, and the wall time of {@code ./cadenza generate}.
 *
 * <p>Usage: {@code ThroughputTable JMH_JSON CLI_SECONDS REFERENCE_JSON...}, where {@code CLI_SECONDS} is a file of
 * wall times in seconds, one a line.
 */
public final class ThroughputTable {
  /** DJL LSTM training goal: half of this 2-core machine's ~270 GFLOP/s at ~6 MFLOP per training token. */
  static final double HALF_PEAK_LSTM_TRAINING = 22_000;
  /** DL4J LSTM training goal, as a share of the reference. */
  static final double DL4J_TRAINING_SHARE = 0.6;
  /** Batch-1 generation goal, as a multiple of the reference. */
  static final double STEP_MULTIPLE = 1.5;
  /** Batch-16 goal, as a multiple of the same backend's batch 1. */
  static final double BATCH_MULTIPLE = 8;
  /** {@code ./cadenza generate} goal, seconds of wall time. */
  static final double CLI_SECONDS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Double> scores = new LinkedHashMap<>();
  private final List<JsonNode> references = new ArrayList<>();

  private ThroughputTable() {}

  /** Prints the table. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ThroughputTable JMH_JSON CLI_SECONDS REFERENCE_JSON...");
      System.exit(2);
    }
    ThroughputTable table = new ThroughputTable();
    for (JsonNode result : JSON.readTree(Path.of(args[0]).toFile())) {
      String method = result.get("benchmark").asText().replaceAll(".*\\.", "");
      table.scores.put(method + " " + result.get("params").get("model").asText(), result.get("primaryMetric").get("score").asDouble());
    }
    for (String file : Arrays.copyOfRange(args, 2, args.length)) {
      table.references.add(JSON.readTree(Path.of(file).toFile()));
    }
    double[] cli = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).sorted().toArray();
    System.out.print(table.render(cli));
  }

  private String render(double[] cliSeconds) {
    JsonNode first = references.get(0);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Reference: PyTorch %s from Python on %s (OpenBLAS kernel %s), threads %s; per row the faster.%n%n",
        first.get("pytorch").asText(), first.get("blas").asText(), first.get("kernel").asText(),
        references.stream().map(r -> r.get("threads").asText()).toList()));
    out.append("| path | family | DJL | DL4J | PyTorch | DJL / PyTorch | DL4J / PyTorch | goal |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (String family : List.of("lstm", "transformer")) {
      OptionalDouble djlTrain = score("train", "djl", family);
      String trainGoal = family.equals("lstm")
          ? String.format(Locale.ROOT, "DJL >= %,.0f tokens/s (half of peak): %s; DL4J >= %.1fx: %s", HALF_PEAK_LSTM_TRAINING,
              met(djlTrain, HALF_PEAK_LSTM_TRAINING), DL4J_TRAINING_SHARE, met(ratio("train", "dl4j", family), DL4J_TRAINING_SHARE))
          : "";
      row(out, "train, batch 64 x 100, tokens/s", "train", family, trainGoal);
      row(out, "generation step, batch 1, tokens/s", "stepBatch1", family, String.format(Locale.ROOT, ">= %.1fx: DJL %s%s",
          STEP_MULTIPLE, met(ratio("stepBatch1", "djl", family), STEP_MULTIPLE),
          family.equals("lstm") ? ", DL4J " + met(ratio("stepBatch1", "dl4j", family), STEP_MULTIPLE) : ""));
      row(out, "generation step, batch 16, tokens/s", "stepBatch16", family, "");
      out.append(String.format(Locale.ROOT, "| batch 16 / batch 1 | %s | %s | %s | %s | | | >= %.0fx: DJL %s%s |%n", family,
          times(multiple("djl", family)), times(multiple("dl4j", family)), times(referenceMultiple(family)), BATCH_MULTIPLE,
          met(multiple("djl", family), BATCH_MULTIPLE), family.equals("lstm") ? ", DL4J " + met(multiple("dl4j", family), BATCH_MULTIPLE) : ""));
      row(out, "500 tokens through MusicGenerator, tokens/s", "generate", family, "");
      row(out, "loading a bundle, ms", "load", family, "");
    }
    double median = cliSeconds[cliSeconds.length / 2];
    out.append(String.format(Locale.ROOT, "%n`./cadenza generate --length 500` (default model, after the first build), wall time: median %.2f s of %s; "
        + "goal < %.0f s: %s%n", median, Arrays.toString(cliSeconds), CLI_SECONDS, median < CLI_SECONDS ? "met" : "not met"));
    return out.toString();
  }

  private void row(StringBuilder out, String label, String method, String family, String goal) {
    out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", label, family,
        number(score(method, "djl", family)), number(score(method, "dl4j", family)), number(reference(method, family)),
        times(ratio(method, "djl", family)), times(ratio(method, "dl4j", family)), goal));
  }

  private OptionalDouble score(String method, String backend, String family) {
    Double value = scores.get(method + " " + backend + "/" + family);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** The reference's best over its thread counts; empty where it has no such measurement. */
  private OptionalDouble reference(String method, String family) {
    return references.stream().map(r -> r.get("models").get(family).get(method)).filter(n -> n != null)
        .mapToDouble(JsonNode::asDouble).max();
  }

  private OptionalDouble ratio(String method, String backend, String family) {
    return quotient(score(method, backend, family), reference(method, family));
  }

  private OptionalDouble multiple(String backend, String family) {
    return quotient(score("stepBatch16", backend, family), score("stepBatch1", backend, family));
  }

  private OptionalDouble referenceMultiple(String family) {
    return quotient(reference("stepBatch16", family), reference("stepBatch1", family));
  }

  private static OptionalDouble quotient(OptionalDouble a, OptionalDouble b) {
    return a.isPresent() && b.isPresent() ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble()) : OptionalDouble.empty();
  }

  private static String number(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, value.getAsDouble() < 100 ? "%,.1f" : "%,.0f", value.getAsDouble()) : "-";
  }

  private static String times(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.2fx", value.getAsDouble()) : "-";
  }

  private static String met(OptionalDouble value, double goal) {
    return value.isEmpty() ? "-" : value.getAsDouble() >= goal ? "met" : "not met";
  }
}
