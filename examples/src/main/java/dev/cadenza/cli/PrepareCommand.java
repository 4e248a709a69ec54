package dev.cadenza.cli;

import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.corpus.PreparationEngine;
import dev.cadenza.corpus.PreparationSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza prepare}: a folder of MIDI files into a prepared corpus of token shards, for {@code train --data}. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = {"Reads MIDI files once, de-duplicates, filters and splits them, and writes token shards with a manifest, "
        + "statistics and a rejects table, for 'cadenza train --data', which streams them.",
        "--engine spark[:MASTER] runs the same job on Apache Spark (local[N] without a cluster)."})
final class PrepareCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "DIR-OR-URI", description = "MIDI files or folders (walked "
      + "recursively); with --engine spark, any Hadoop file system URI. Repeatable.")
  private List<String> inputs = new ArrayList<>();

  @Option(names = "--output", required = true, paramLabel = "DIR-OR-URI", description = "Where the prepared corpus goes.")
  private String output;

  @Option(names = "--overwrite", description = "Replace a prepared corpus that --output holds (its files only).")
  private boolean overwrite;

  @Option(names = "--engine", defaultValue = "local", paramLabel = "NAME[:ARG]", description = "local[:THREADS] (default) or "
      + "spark[:MASTER], such as spark:local[4] or spark:yarn.")
  private String engine;

  @Option(names = "--tokenizer", defaultValue = "remi", paramLabel = "NAME", description = "The tokenizer (default: ${DEFAULT-VALUE}).")
  private String tokenizer;

  @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A tokenizer option; repeatable.")
  private Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--validation-split", defaultValue = "0.05", description = "Share of files for validation (default: ${DEFAULT-VALUE}).")
  private double validationSplit;

  @Option(names = "--test-split", defaultValue = "0.05", description = "Share of files held out for evaluation (default: ${DEFAULT-VALUE}).")
  private double testSplit;

  @Option(names = "--min-tokens", defaultValue = "16", description = "Leave out files with fewer tokens (default: ${DEFAULT-VALUE}).")
  private int minTokens;

  @Option(names = "--max-tokens", defaultValue = "0", description = "Leave out files with more tokens; 0 for no limit (default).")
  private int maxTokens;

  @Option(names = "--programs", paramLabel = "LIST", description = "Keep only files whose pitched tracks all use these General "
      + "MIDI programs (0-127), such as 0-7 for pianos or 0-7,24-31.")
  private String programs;

  @Option(names = "--time-signatures", paramLabel = "LIST", split = ",", description = "Keep only files with these time "
      + "signatures, such as 4/4,2/4 (a file without one counts as 4/4).")
  private List<String> timeSignatures = new ArrayList<>();

  @Option(names = "--shard-tokens", defaultValue = "1000000", description = "About how many tokens a shard holds (default: ${DEFAULT-VALUE}).")
  private long shardTokens;

  @Option(names = "--min-count", defaultValue = "1", paramLabel = "N",
      description = "For tokenizers with a fitted vocabulary: occurrences a token needs (default: ${DEFAULT-VALUE}).")
  private int minCount;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    String[] nameAndArgument = engine.split(":", 2);
    Set<Integer> chosenPrograms;
    try {
      chosenPrograms = programs == null ? Set.of() : PreparationSettings.programs(programs);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--programs " + programs + ": " + (e instanceof NumberFormatException
          ? "not a list of numbers and ranges such as 0-7,24" : e.getMessage()));
    }
    PreparationEngine chosen;
    try {
      chosen = PreparationEngine.find(nameAndArgument[0]);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--engine " + engine + ": " + e.getMessage());
    }
    CorpusPreparation preparation;
    try {
      preparation = new CorpusPreparation(PreparationSettings.defaults(tokenizer, options).withSplit(seed, validationSplit, testSplit)
          .withFilters(minTokens, maxTokens, chosenPrograms, Set.copyOf(timeSignatures)).withSizes(shardTokens, minCount));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CorpusPreparation.Report report;
    ProgressBar[] bar = new ProgressBar[1];
    try {
      report = chosen.prepare(preparation, inputs, output, nameAndArgument.length > 1 ? nameAndArgument[1] : "", overwrite,
          (done, total) -> {
            synchronized (bar) {
              if (bar[0] == null) {
                bar[0] = TrainCommand.bar("reading", total);
              }
              bar[0].stepTo(done);
            }
          });
    } catch (FileAlreadyExistsException e) {
      throw new ParameterException(spec.commandLine(), "--output " + output + " holds a prepared corpus already: choose another "
          + "--output, or add --overwrite to replace it");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--engine " + engine + ": " + e.getMessage());
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    out.println(report.summary());
    out.println("prepared corpus in " + output + " (manifest.json, statistics.json, rejects.csv); train on it with cadenza train --data "
        + output);
    return 0;
  }
}
