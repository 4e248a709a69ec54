package dev.cadenza.cli;

import dev.cadenza.data.SequenceDataset;
import dev.cadenza.evaluation.PolyphonicBenchmark;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Backends;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.training.ExistingRunException;
import dev.cadenza.training.Trainer;
import dev.cadenza.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza benchmark}: published benchmarks, rerun with Cadenza's own training. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, subcommands = BenchmarkCommand.Poly.class,
    description = "Reruns published benchmarks with Cadenza's training; 'benchmark poly' is the polyphonic music benchmark.")
final class BenchmarkCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a benchmark to run: poly");
  }

  /** The published rows of the polyphonic music benchmark, NLL per time step: model, then value per data set. */
  static final Map<String, Map<String, Double>> PUBLISHED = Map.of(
      "JSB_Chorales", Map.of("RNN-RBM", 6.27, "RNN-NADE", 5.56, "LSTM", 8.45, "GRU", 8.43, "TCN", 8.10),
      "Nottingham", Map.of("RNN-RBM", 2.39, "RNN-NADE", 2.31, "LSTM", 3.29, "GRU", 3.46, "TCN", 3.07),
      "MuseData", Map.of("RNN-RBM", 6.01, "RNN-NADE", 5.60),
      "Piano_midi", Map.of("RNN-RBM", 7.09, "RNN-NADE", 7.05));

  /** {@code cadenza benchmark poly}. */
  @Command(name = "poly", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"The polyphonic music benchmark (Boulanger-Lewandowski et al. 2012; Bai et al. 2018): trains on a set's "
          + "train split, stops early on its valid split, and prints the test split's negative log-likelihood per time step "
          + "(nats), factorized (an independent sigmoid per key) and exact (each step's chord one token at a time).",
          "Each run is an ordinary training run in its checkpoint folder: its best.cadenza can be played with generate."})
  static final class Poly implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
        description = "A poly-music set: a folder with train.txt, valid.txt and test.txt (JSB_Chorales, Nottingham, MuseData, Piano_midi).")
    private Path dataset;

    @Option(names = "--form", defaultValue = "both", paramLabel = "FORM",
        description = "factorized, exact, or both (default: ${DEFAULT-VALUE}).")
    private String form;

    @Option(names = "--backend", paramLabel = "NAME", description = "The backend (default: as for train).")
    private String backend;

    @Option(names = {"--architecture", "--model"}, defaultValue = "lstm", paramLabel = "FAMILY",
        description = "lstm or transformer (default: ${DEFAULT-VALUE}).")
    private String family;

    @Option(names = "--units", defaultValue = "256", description = "LSTM units per layer, or the Transformer's width (default: ${DEFAULT-VALUE}).")
    private int units;

    @Option(names = "--num-layers", defaultValue = "2", description = "LSTM layers or Transformer blocks (default: ${DEFAULT-VALUE}).")
    private int layers;

    @Option(names = "--dropout", defaultValue = "0.5", description = "Dropout (default: ${DEFAULT-VALUE}).")
    private double dropout;

    @Option(names = "--sequence-length", paramLabel = "STEPS",
        description = "Training window: frames (factorized, default 32) or tokens (exact, default 160).")
    private Integer sequenceLength;

    @Option(names = "--stride", paramLabel = "STEPS", description = "Steps between training windows (default: a quarter of the window).")
    private Integer stride;

    @Option(names = "--batch-size", paramLabel = "WINDOWS", description = "Windows per batch (default: 8 factorized, 16 exact).")
    private Integer batchSize;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Adam's learning rate (default: 0.005 factorized, 0.001 exact).")
    private Double learningRate;

    @Option(names = "--epochs", defaultValue = "60", description = "The most epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--patience", defaultValue = "6", description = "Epochs without improvement before stopping (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--plateau", defaultValue = "3", paramLabel = "EPOCHS",
        description = "Epochs without improvement before the learning rate is halved (default: ${DEFAULT-VALUE}).")
    private int plateau;

    @Option(names = "--checkpoint-dir", defaultValue = "poly-benchmark", paramLabel = "DIR",
        description = "Each run goes in DIR/SET-FORM-FAMILY-BACKEND (default: ${DEFAULT-VALUE}).")
    private Path checkpointDir;

    @Option(names = "--overwrite", description = "Replace runs already in those folders.")
    private boolean overwrite;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the shuffles and weights (default: ${DEFAULT-VALUE}).")
    private long seed;

    /**
     * What a form trains with unless told: a factorized LSTM sits at the keys' marginal frequencies for many epochs at
     * Adam's usual 0.001, and leaves it within a few at 0.005 with small batches; the token model learns at 0.001.
     */
    private record Defaults(int window, int batchSize, double learningRate) {
      static Defaults of(PolyphonicBenchmark.Form form) {
        return form == PolyphonicBenchmark.Form.EXACT ? new Defaults(160, 16, 0.001) : new Defaults(32, 8, 0.005);
      }
    }

    @Override
    public Integer call() throws IOException {
      checkOptions();
      GenerateCommand.oneLibtorchThread();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<PolyphonicBenchmark.Form> forms = form.equals("both") ? List.of(PolyphonicBenchmark.Form.FACTORIZED, PolyphonicBenchmark.Form.EXACT)
          : List.of(PolyphonicBenchmark.Form.valueOf(form.toUpperCase(Locale.ROOT)));
      List<PolyphonicBenchmark.Result> results = new ArrayList<>();
      for (PolyphonicBenchmark.Form f : forms) {
        PolyphonicBenchmark benchmark;
        try {
          benchmark = new PolyphonicBenchmark(dataset, f);
        } catch (NoSuchFileException e) {
          throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": " + e.getReason());
        }
        Defaults defaults = Defaults.of(f);
        int window = sequenceLength != null ? sequenceLength : defaults.window();
        double rate = learningRate != null ? learningRate : defaults.learningRate();
        ArchitectureSpec architecture = architecture(benchmark, window);
        SequenceModelProvider provider;
        try {
          provider = Backends.choose(Optional.ofNullable(backend), architecture);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--backend " + backend + ": " + e.getMessage());
        }
        String name = String.join("-", dataset.getFileName().toString(), f.name().toLowerCase(Locale.ROOT), family, provider.name());
        Path dir = checkpointDir.resolve(name);
        TrainingConfig training;
        try {
          training = TrainingConfig.builder().epochs(epochs).learningRate(rate).patience(patience).plateau(plateau, 0.5).checkpointDirectory(dir)
              .overwrite(overwrite).seed(seed).minLearningRate(Math.min(1e-5, rate)).build();
          new Trainer(training, List.of()).checkFolder();
        } catch (ExistingRunException e) {
          throw new ParameterException(spec.commandLine(), "--checkpoint-dir " + e.getMessage().replace("(resume)", "with train --resume")
              .replace("(overwrite)", "with --overwrite").replace("resumed", "resumed with train --resume"));
        }
        SequenceDataset data = SequenceDataset.builder(benchmark.pieces("train"), benchmark.encoding()).sequenceLength(window)
            .stride(stride != null ? stride : Math.max(1, window / 4)).batchSize(batchSize != null ? batchSize : defaults.batchSize()).seed(seed).validationPieces(benchmark.pieces("valid")).build();
        List<String> summary = List.of(String.format(Locale.ROOT, "%s, %s form: %s on %s, %d training windows of %d %s, valid split "
            + "%d windows; run in %s", dataset.getFileName(), f.name().toLowerCase(Locale.ROOT), family, provider.name(),
            data.trainWindowCount(), window, f == PolyphonicBenchmark.Form.EXACT ? "tokens" : "frames", data.validationWindowCount(), dir));
        PolyphonicBenchmark.Result result = benchmark.run(provider, architecture, data, training,
            List.of(new TrainCommand.ProgressListener(out, err, epochs, summary, architecture.input()), new TrainCommand.ChartListener(dir)));
        out.println(result.summary() + String.format(Locale.ROOT, ", scoring %.0f s", result.evaluationSeconds()));
        out.flush();
        results.add(result);
      }
      table(out, results);
      return 0;
    }

    private ArchitectureSpec architecture(PolyphonicBenchmark benchmark, int window) {
      if (family.equals(ArchitectureSpec.TRANSFORMER)) {
        OptionChecks.require(spec, units % 4 == 0, "--units " + units + " must be a multiple of the Transformer's 4 heads");
        return ArchitectureSpec.transformer(benchmark.input(), benchmark.inputSize(), units, layers, 4, 4 * units, window, dropout, seed);
      }
      return benchmark.input() == ArchitectureSpec.InputKind.TOKENS
          ? ArchitectureSpec.lstmTokens(benchmark.inputSize(), 64, units, layers, dropout, seed)
          : ArchitectureSpec.lstmFrames(benchmark.inputSize(), units, layers, dropout, seed);
    }

    private void checkOptions() {
      OptionChecks.require(spec, List.of("factorized", "exact", "both").contains(form), "--form must be factorized, exact or both, was '" + form + "'");
      OptionChecks.require(spec, List.of(ArchitectureSpec.LSTM, ArchitectureSpec.TRANSFORMER).contains(family),
          "--architecture must be lstm or transformer, was '" + family + "'");
      OptionChecks.atLeast(spec, "--epochs", epochs, 1);
      OptionChecks.atLeast(spec, "--patience", patience, 1);
      OptionChecks.atLeast(spec, "--plateau", plateau, 1);
      OptionChecks.atLeast(spec, "--units", units, 1);
      OptionChecks.atLeast(spec, "--num-layers", layers, 1);
      if (batchSize != null) {
        OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
      }
      if (sequenceLength != null) {
        OptionChecks.atLeast(spec, "--sequence-length", sequenceLength, 2);
      }
      if (stride != null) {
        OptionChecks.atLeast(spec, "--stride", stride, 1);
      }
      OptionChecks.require(spec, learningRate == null || learningRate > 0 && Double.isFinite(learningRate),
          "--learning-rate must be above 0, was " + learningRate);
      OptionChecks.within(spec, "--dropout", dropout, 0, 1, false);
      OptionChecks.require(spec, Files.isDirectory(dataset), "--dataset " + dataset + ": no such folder");
      OptionChecks.folderOrNew(spec, "--checkpoint-dir", checkpointDir);
    }

    /** Cadenza's rows beside the published ones of the same set. */
    private static void table(PrintWriter out, List<PolyphonicBenchmark.Result> results) {
      if (results.isEmpty()) {
        return;
      }
      String set = results.get(0).dataset();
      out.printf("%nNLL per time step on %s's test split (nats, lower is better):%n", set);
      PUBLISHED.getOrDefault(set, Map.of()).entrySet().stream().sorted(Map.Entry.comparingByValue())
          .forEach(row -> out.printf(Locale.ROOT, "  %-36s %6.2f  (published)%n", row.getKey(), row.getValue()));
      for (PolyphonicBenchmark.Result r : results) {
        out.printf(Locale.ROOT, "  %-36s %6.2f  (%.0f s training)%n", "Cadenza " + r.family() + " " + r.form().name().toLowerCase(Locale.ROOT)
            + " (" + r.backend() + ")", r.testNll(), r.trainingSeconds());
      }
      out.flush();
    }
  }
}
