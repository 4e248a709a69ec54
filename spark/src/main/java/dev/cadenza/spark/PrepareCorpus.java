package dev.cadenza.spark;

import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.corpus.PreparationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class dev.cadenza.spark.PrepareCorpus cadenza-spark.jar --input DIR-OR-URI --tokenizer remi
 * [-o KEY=VALUE]... [-s SETTING=VALUE]... --output OUT}: prepares a corpus on the cluster
 * ({@link SparkPreparationEngine}); the settings are {@link PreparationSettings#fromMap}'s.
 */
@Command(name = "PrepareCorpus", mixinStandardHelpOptions = true, description = "Prepares MIDI files into token shards on Spark.")
public final class PrepareCorpus implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "DIR-OR-URI", description = "MIDI files or folders; repeatable.")
  private List<String> inputs = new ArrayList<>();

  @Option(names = "--output", required = true, paramLabel = "DIR-OR-URI", description = "Where the prepared corpus goes.")
  private String output;

  @Option(names = "--tokenizer", defaultValue = "remi", description = "The tokenizer (default: ${DEFAULT-VALUE}).")
  private String tokenizer;

  @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A tokenizer option; repeatable.")
  private Map<String, String> options = new LinkedHashMap<>();

  @Option(names = {"-s", "--setting"}, paramLabel = "SETTING=VALUE", description = "A preparation setting: seed, validationShare, "
      + "testShare, minTokens, maxTokens, programs (0-7,24), timeSignatures (4/4,3/4), shardTokens, minCount; repeatable.")
  private Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--overwrite", description = "Replace a prepared corpus that --output holds (its files only).")
  private boolean overwrite;

  @Option(names = "--debug", description = "After an error's one-line message, print the stack trace.")
  private boolean debug;

  /** Runs the job; exits 0 when it worked, 2 for unusable arguments, 1 for a failure. */
  public static void main(String[] args) {
    System.exit(SparkJobs.execute(new PrepareCorpus(), args));
  }

  @Override
  public Integer call() throws Exception {
    PreparationSettings chosen = PreparationSettings.fromMap(tokenizer, options, settings);
    try (JavaSparkContext spark = SparkJobs.context("cadenza PrepareCorpus", null)) {
      CorpusPreparation.Report report = SparkPreparationEngine.prepare(spark, chosen, inputs, output, overwrite);
      System.out.println(report.summary());
    }
    return 0;
  }
}
