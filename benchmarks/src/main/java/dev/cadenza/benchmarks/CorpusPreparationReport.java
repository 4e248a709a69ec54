package dev.cadenza.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CorpusPreparation} and prints the cold and cached times and their ratio.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.cadenza.benchmarks.CorpusPreparationReport}.
 */
public final class CorpusPreparationReport {
  private CorpusPreparationReport() {}

  /** Runs the benchmark and prints the report. */
  public static void main(String[] args) throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(CorpusPreparation.class.getSimpleName())
        .jvmArgsAppend("-Dcadenza.data=" + BenchmarkData.root())
        .build()).run();
    double cold = 0;
    double cached = 0;
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith(".cold")) {
        cold = r.getPrimaryResult().getScore();
      } else {
        cached = r.getPrimaryResult().getScore();
      }
    }
    System.out.printf("%nnottingham-midi (1034 files), remi: cold %.0f ms, cached %.0f ms, cached is %.1fx faster%n",
        cold, cached, cold / cached);
  }
}
