package dev.cadenza.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link TokenizerThroughput} and prints tokens (or frames) per second, encoding and decoding, per tokenizer.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.cadenza.benchmarks.TokenizerReport}.
 */
public final class TokenizerReport {
  private TokenizerReport() {}

  /** Runs the benchmark and prints the report. */
  public static void main(String[] args) throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(TokenizerThroughput.class.getSimpleName())
        .jvmArgsAppend("-Dcadenza.data=" + BenchmarkData.root())
        .build()).run();
    System.out.printf("%n%-12s %-18s %12s %14s %14s%n", "tokenizer", "corpus", "units", "encode/s", "decode/s");
    for (String name : new String[] {"note-chord", "performance", "remi", "piano-roll", "drum-grid"}) {
      TokenizerThroughput probe = new TokenizerThroughput();
      probe.tokenizer = name;
      probe.load();
      long units = probe.units();
      System.out.printf("%-12s %-18s %12d %14.0f %14.0f%n", name, TokenizerThroughput.corpusOf(name), units,
          score(results, name, "encode") * units, score(results, name, "decode") * units);
    }
  }

  private static double score(Collection<RunResult> results, String tokenizer, String method) throws RunnerException {
    return results.stream()
        .filter(r -> r.getParams().getParam("tokenizer").equals(tokenizer) && r.getParams().getBenchmark().endsWith("." + method))
        .findFirst().orElseThrow(() -> new RunnerException("no result for " + tokenizer + " " + method))
        .getPrimaryResult().getScore();
  }
}
