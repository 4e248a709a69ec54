package dev.cadenza.benchmarks;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link MidiReadThroughput} and prints files/s and MB/s for Cadenza and the JDK, and their ratio.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.cadenza.benchmarks.MidiReadReport [corpus]}.
 */
public final class MidiReadReport {
  private MidiReadReport() {}

  /** Runs the benchmark and prints the report. */
  public static void main(String[] args) throws RunnerException {
    String corpus = args.length > 0 ? args[0] : "bach-chorales-midi";
    List<byte[]> files = BenchmarkData.midiBytes(corpus);
    long bytes = files.stream().mapToLong(f -> f.length).sum();
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(MidiReadThroughput.class.getSimpleName())
        .param("corpus", corpus)
        .jvmArgsAppend("-Dcadenza.data=" + BenchmarkData.root())
        .build()).run();
    System.out.printf("%n%s: %d files, %.2f MB%n", corpus, files.size(), bytes / 1e6);
    double cadenza = 0;
    double jdk = 0;
    for (RunResult r : results) {
      double corporaPerSecond = r.getPrimaryResult().getScore();
      double error = r.getPrimaryResult().getScoreError();
      String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      System.out.printf("%-8s %9.0f files/s  %7.2f MB/s  (+- %.1f%%)%n", name, corporaPerSecond * files.size(),
          corporaPerSecond * bytes / 1e6, 100 * error / corporaPerSecond);
      if (name.equals("cadenza")) {
        cadenza = corporaPerSecond;
      } else {
        jdk = corporaPerSecond;
      }
    }
    System.out.printf("cadenza / jdk throughput: %.2fx%n", cadenza / jdk);
  }
}
