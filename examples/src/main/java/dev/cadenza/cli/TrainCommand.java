package dev.cadenza.cli;

import dev.cadenza.AtomicFiles;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.FileLabels;
import dev.cadenza.generator.MusicTrainer;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.TrainingData;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.training.EpochResult;
import dev.cadenza.render.LossChart;
import dev.cadenza.training.ExistingRunException;
import dev.cadenza.training.TrainingConfig;
import dev.cadenza.training.TrainingListener;
import dev.cadenza.training.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza train}: trains a model on a folder of MIDI files, keeping the best by validation loss. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains a sequence model on a folder of MIDI files (or a prepared corpus, streamed), with a progress bar "
        + "per epoch.",
        "Only the best model by validation loss is kept (CHECKPOINT-DIR/best.cadenza, written atomically); "
            + "the loss curve goes to loss.csv and loss.png beside it. Ctrl-C stops after the current batch."})
final class TrainCommand implements Callable<Integer> {
  /** The list of held-out files in a checkpoint folder. */
  static final String HELD_OUT = "held-out.txt";
  @Spec
  private CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "A folder of MIDI files (walked recursively); or give --data.")
  private Path dataDir;

  @Option(names = "--data", paramLabel = "DIR", description = "A prepared corpus (cadenza prepare), streamed shard by shard with "
      + "its own tokenizer and split: memory stays flat whatever its size.")
  private Path preparedData;

  @Option(names = "--shuffle-buffer", defaultValue = "16384", paramLabel = "WINDOWS",
      description = "With --data: how many windows are shuffled together (default: ${DEFAULT-VALUE}).")
  private int shuffleBuffer;

  @Option(names = "--preset", paramLabel = "NAME", description = "beats: the beat generator's model (drum-grid with a bar clock, "
      + "velocity, conditioned on style and tempo, the styles and splits from an info.csv in --data-dir, batch norm); "
      + "options given beside it win.")
  private String preset;

  @Option(names = "--features", defaultValue = "symbolic", paramLabel = "KIND",
      description = "symbolic (the tokenizer's), or mel: the seed's mel-spectrogram route (default: ${DEFAULT-VALUE}).")
  private String features;

  @Option(names = "--sample-rate", defaultValue = "44100", description = "--features mel: audio sample rate in Hz (default: ${DEFAULT-VALUE}).")
  private int sampleRate;

  @Option(names = "--hop-length", defaultValue = "512", description = "--features mel: samples between frames (default: ${DEFAULT-VALUE}).")
  private int hopLength;

  @Option(names = "--n-mels", defaultValue = "128", description = "--features mel: mel bands (default: ${DEFAULT-VALUE}).")
  private int melBands;

  @Option(names = "--labels", paramLabel = "CSV", description = "A table of the files' styles and splits (the Groove MIDI "
      + "Dataset's info.csv): the model is conditioned on style, and trains, validates and holds out as the table says "
      + "(default with --preset beats: an info.csv in --data-dir, if there is one).")
  private Path labels;

  @Option(names = "--tokenizer", defaultValue = "remi", paramLabel = "NAME", description = "The tokenizer (default: ${DEFAULT-VALUE}).")
  private String tokenizer;

  @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A tokenizer option; repeatable.")
  private Map<String, String> tokenizerOptions = new LinkedHashMap<>();

  @Option(names = "--backend", paramLabel = "NAME", description = "The backend (default: -Dcadenza.backend, $CADENZA_BACKEND, or the best available).")
  private String backend;

  @Option(names = "--architecture", defaultValue = "lstm", paramLabel = "FAMILY",
      description = "lstm, or transformer (a decoder with causal self-attention; DJL backend) (default: ${DEFAULT-VALUE}).")
  private String family;

  /** The old spelling of --architecture, which generate's --model (a bundle) made confusing; still read, with a notice. */
  @Option(names = "--model", hidden = true, paramLabel = "FAMILY")
  private String oldFamilyOption;

  @Option(names = "--heads", defaultValue = "4", description = "Transformer: attention heads (default: ${DEFAULT-VALUE}).")
  private int heads;

  @Option(names = "--model-width", defaultValue = "256", description = "Transformer: model width (default: ${DEFAULT-VALUE}).")
  private int modelWidth;

  @Option(names = "--feed-forward", description = "Transformer: feed-forward width (default: 4 x the model width).")
  private Integer feedForward;

  @Option(names = "--context", description = "Transformer: the longest sequence it attends over (default: the sequence length).")
  private Integer context;

  @Option(names = "--embedding-size", defaultValue = "64", description = "Token embedding width (default: ${DEFAULT-VALUE}).")
  private int embeddingSize;

  @Option(names = "--units", defaultValue = "256", description = "LSTM units per layer (default: ${DEFAULT-VALUE}).")
  private int units;

  @Option(names = "--num-layers", defaultValue = "3", description = "LSTM layers (default: ${DEFAULT-VALUE}).")
  private int layers;

  @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout between layers (default: ${DEFAULT-VALUE}).")
  private double dropout;

  @Option(names = "--batch-norm", negatable = true, description = "Batch normalization after each LSTM layer, as the beat generator had "
      + "(on with --preset beats; --no-batch-norm for none).")
  private boolean batchNorm;

  @Option(names = "--sequence-length", defaultValue = "64", description = "Steps per training window (default: ${DEFAULT-VALUE}).")
  private int sequenceLength;

  @Option(names = "--stride", description = "Steps between windows (default: half the sequence length).")
  private Integer stride;

  @Option(names = "--batch-size", defaultValue = "32", description = "Windows per batch (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  private double learningRate;

  @Option(names = "--gradient-clip", defaultValue = "1.0", description = "Largest gradient L2 norm per layer, 0 for none (default: ${DEFAULT-VALUE}).")
  private double gradientClip;

  @Option(names = "--epochs", defaultValue = "100", description = "The most epochs (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--validation-split", defaultValue = "0.1", description = "Share of files kept for validation (default: ${DEFAULT-VALUE}).")
  private double validationSplit;

  @Option(names = "--test-split", defaultValue = "0", description = "Share of files held out for evaluation, never trained or "
      + "validated on; listed in CHECKPOINT-DIR/held-out.txt, one per line, for evaluate --reference @FILE (default: ${DEFAULT-VALUE}).")
  private double testSplit;

  @Option(names = "--patience", defaultValue = "10", description = "Epochs without improvement before stopping (default: ${DEFAULT-VALUE}).")
  private int patience;

  @Option(names = "--transpose", paramLabel = "LOW,HIGH", split = ",", description = "Transpose training windows by LOW..HIGH semitones, e.g. -5,6.")
  private List<Integer> transpose = new ArrayList<>();

  @Option(names = "--checkpoint-dir", defaultValue = "checkpoints", description = "Where models go (default: ${DEFAULT-VALUE}).")
  private Path checkpointDir;

  @Option(names = "--resume", description = "Continue the run in --checkpoint-dir from its best model.")
  private boolean resume;

  @Option(names = "--overwrite", description = "Start a new run in a --checkpoint-dir that holds one, deleting its model and loss history.")
  private boolean overwrite;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, shuffles and weights (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Token cache (default: ~/.cache/cadenza/tokens).")
  private Path cacheDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (oldFamilyOption != null) {
      OptionChecks.require(spec, !spec.commandLine().getParseResult().hasMatchedOption("--architecture"),
          "--model is the old name of --architecture: give one");
      err.println("note: train's --model is now --architecture (generate's --model names a model bundle); reading it as --architecture "
          + oldFamilyOption);
      family = oldFamilyOption;
      oldFamilyOption = null;
    }
    checkOptions();
    applyPreset(err);
    MusicTrainer trainer = trainer();
    int files = dataDir == null ? 0 : MidiInputs.find(spec, "--data-dir", List.of(dataDir)).size();
    MusicTrainer.Prepared prepared;
    try {
      prepared = prepare(trainer, files);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (dataDir != null ? "--data-dir " + dataDir : "--data " + preparedData) + ": "
          + e.getMessage().replace("the sequence length " + sequenceLength, "--sequence-length " + sequenceLength)
          .replace("lower the sequence length", "lower --sequence-length"));
    }
    List<String> summary = summary(prepared, trainer.backend(), trainer.architecture());
    if (labels != null) {
      summary.add(1, String.format("styles and splits from %s: %d files held out for evaluation (test)", labels, prepared.heldOut().size()));
    } else if (!prepared.heldOut().isEmpty()) {
      Path list = checkpointDir.resolve(HELD_OUT);
      Files.createDirectories(checkpointDir);
      AtomicFiles.write(list, (prepared.heldOut().stream().map(EncodedPiece::source).collect(Collectors.joining("\n")) + "\n")
          .getBytes(StandardCharsets.UTF_8));
      summary.add(1, String.format("%d files held out for evaluation (test), listed in %s", prepared.heldOut().size(), list));
    }
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      trainer.stop();
      awaitQuietly(finished);
    }, "cadenza-train-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    TrainingResult result;
    try {
      result = trainer.train(prepared, List.of(new ProgressListener(out, err, epochs, summary, trainer.architecture().input()), new ChartListener(checkpointDir)));
    } finally {
      finished.countDown();
      removeHook(hook);
    }
    if (result.status() == TrainingResult.Status.NOT_A_NUMBER) {
      err.println(spec.qualifiedName() + ": " + result.message());
      return Failures.FAILED;
    }
    out.println(result.message());
    return 0;
  }

  /** Whether the user gave an option on the command line (not its default). */
  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * Sets what --preset and --features choose, where the command line does not say otherwise: the beat model's
   * encoding, batch norm and labels; the mel encoding with its sample rate, hop length and bands.
   */
  private void applyPreset(PrintWriter err) throws IOException {
    if ("beats".equals(preset)) {
      OptionChecks.require(spec, !given("--tokenizer") || features.equals("symbolic"), "--tokenizer and --features mel are alternatives: give one");
      if (!given("--tokenizer") && features.equals("symbolic")) {
        tokenizer = "drum-grid";
        tokenizerOptions.putIfAbsent("velocity", "true");
        tokenizerOptions.putIfAbsent("tempo", "true");
        tokenizerOptions.putIfAbsent("positions", "true");
      }
      batchNorm = given("--batch-norm") ? batchNorm : true;
      if (labels == null && features.equals("symbolic") && dataDir != null) {
        labels = FileLabels.find(dataDir).orElse(null);
      }
    }
    if (features.equals("mel")) {
      OptionChecks.require(spec, !given("--tokenizer"), "--tokenizer and --features mel are alternatives: give one");
      tokenizer = "mel";
      tokenizerOptions.putIfAbsent("sampleRate", String.valueOf(sampleRate));
      tokenizerOptions.putIfAbsent("hopLength", String.valueOf(hopLength));
      tokenizerOptions.putIfAbsent("melBands", String.valueOf(melBands));
    } else if (given("--sample-rate") || given("--hop-length") || given("--n-mels")) {
      err.println("note: --sample-rate, --hop-length and --n-mels shape mel spectrograms; the symbolic route (without --features mel) "
          + "does not use them");
    }
  }

  /** The labels --labels (or the beat preset) names, read; a table that cannot be read is a usage error naming it. */
  private FileLabels readLabels() throws IOException {
    if (labels == null) {
      return null;
    }
    try {
      return FileLabels.read(labels);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--labels " + e.getMessage());
    }
  }

  /** Option values out of range are usage errors, named, before anything is read. */
  private void checkOptions() {
    OptionChecks.atLeast(spec, "--epochs", epochs, 1);
    OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
    OptionChecks.atLeast(spec, "--sequence-length", sequenceLength, 2);
    OptionChecks.atLeast(spec, "--units", units, 1);
    OptionChecks.atLeast(spec, "--num-layers", layers, 1);
    OptionChecks.atLeast(spec, "--embedding-size", embeddingSize, 1);
    OptionChecks.atLeast(spec, "--patience", patience, 1);
    OptionChecks.atLeast(spec, "--heads", heads, 1);
    OptionChecks.atLeast(spec, "--model-width", modelWidth, 1);
    OptionChecks.require(spec, preset == null || preset.equals("beats"), "--preset must be beats, was '" + preset + "'");
    OptionChecks.require(spec, List.of("symbolic", "mel").contains(features), "--features must be symbolic or mel, was '" + features + "'");
    OptionChecks.atLeast(spec, "--sample-rate", sampleRate, 8000);
    OptionChecks.atLeast(spec, "--hop-length", hopLength, 1);
    OptionChecks.atLeast(spec, "--n-mels", melBands, 1);
    if (labels != null) {
      OptionChecks.existingFile(spec, "--labels", labels);
    }
    if (stride != null) {
      OptionChecks.atLeast(spec, "--stride", stride, 1);
    }
    OptionChecks.require(spec, learningRate > 0 && Double.isFinite(learningRate), "--learning-rate must be above 0, was " + learningRate);
    OptionChecks.require(spec, gradientClip >= 0 && Double.isFinite(gradientClip), "--gradient-clip must be 0 (off) or above, was " + gradientClip);
    OptionChecks.within(spec, "--dropout", dropout, 0, 1, false);
    OptionChecks.within(spec, "--validation-split", validationSplit, 0, 1, false);
    OptionChecks.within(spec, "--test-split", testSplit, 0, 1 - validationSplit, false);
    OptionChecks.require(spec, transpose.isEmpty() || transpose.size() == 2 && transpose.get(0) <= transpose.get(1),
        "--transpose takes LOW,HIGH with LOW at most HIGH, such as -5,6; was " + transpose);
    OptionChecks.require(spec, List.of(ArchitectureSpec.LSTM, ArchitectureSpec.TRANSFORMER).contains(family),
        "--architecture must be lstm or transformer, was '" + family + "'");
    OptionChecks.require(spec, !(resume && overwrite), "--resume and --overwrite exclude each other: continue the run, or replace it");
    OptionChecks.require(spec, (dataDir == null) != (preparedData == null), "give --data-dir (MIDI files) or --data (a prepared "
        + "corpus): one of them");
    OptionChecks.require(spec, dataDir == null || Files.exists(dataDir), "--data-dir " + dataDir + ": no such folder");
    OptionChecks.require(spec, preparedData == null || Files.isRegularFile(preparedData.resolve(PreparedCorpus.MANIFEST)),
        "--data " + preparedData + " is not a prepared corpus (no " + PreparedCorpus.MANIFEST + "): make one with cadenza prepare, "
        + "or give MIDI files with --data-dir");
    OptionChecks.atLeast(spec, "--shuffle-buffer", shuffleBuffer, 1);
    OptionChecks.require(spec, preparedData == null || !given("--tokenizer") && tokenizerOptions.isEmpty() && !given("--validation-split"),
        "--tokenizer, -o and --validation-split do not apply to --data: a prepared corpus has its tokenizer and split (choose them "
        + "in cadenza prepare)");
    OptionChecks.require(spec, preparedData != null || !given("--shuffle-buffer"), "--shuffle-buffer applies to --data (a prepared "
        + "corpus, streamed); --data-dir reads the files into memory and shuffles them all");
    OptionChecks.folderOrNew(spec, "--checkpoint-dir", checkpointDir);
    if (cacheDir != null) {
      OptionChecks.folderOrNew(spec, "--cache-dir", cacheDir);
    }
  }

  /** The trainer the options describe; a setting or combination that cannot work is a usage error. */
  private MusicTrainer trainer() throws IOException {
    MusicTrainer.Builder builder = MusicTrainer.builder().tokenizer(tokenizer).backend(backend).architecture(family)
        .embeddingSize(embeddingSize).units(units).layers(layers).dropout(dropout).batchNorm(batchNorm).modelWidth(modelWidth)
        .heads(heads).sequenceLength(sequenceLength).batchSize(batchSize).validationSplit(validationSplit).testSplit(testSplit).cacheDir(cacheDir)
        .labels(readLabels());
    tokenizerOptions.forEach(builder::tokenizerOption);
    if (dataDir != null) {
      builder.data(dataDir);
    } else {
      builder.preparedData(preparedData).shuffleBuffer(shuffleBuffer);
    }
    if (feedForward != null) {
      builder.feedForward(feedForward);
    }
    if (context != null) {
      builder.context(context);
    }
    if (stride != null) {
      builder.stride(stride);
    }
    if (transpose.size() == 2) {
      builder.transpose(transpose.get(0), transpose.get(1));
    }
    try {
      return builder.training(TrainingConfig.builder().epochs(epochs).learningRate(learningRate).gradientClipNorm(gradientClip)
          .patience(patience).checkpointDirectory(checkpointDir).resume(resume).overwrite(overwrite).seed(seed)
          .minLearningRate(Math.min(1e-5, learningRate)).recordedSettings(options()).build()).build();
    } catch (ExistingRunException e) {
      throw new ParameterException(spec.commandLine(), "--checkpoint-dir " + e.getMessage().replace("(resume)", "with --resume")
          .replace("(overwrite)", "with --overwrite").replace("resumed", "resumed with --resume"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage().replace("the context " + context, "--context " + context)
          .replace("the sequence length " + sequenceLength, "--sequence-length " + sequenceLength));
    }
  }

  /** Reads the files, with a progress bar where standard error is a terminal. */
  private MusicTrainer.Prepared prepare(MusicTrainer trainer, int files) throws IOException {
    if (System.console() == null || files == 0) {
      return trainer.prepare(null);
    }
    try (ProgressBar bar = bar("reading", files)) {
      return trainer.prepare((done, total) -> {
        synchronized (bar) {
          bar.stepTo(done);
        }
      });
    }
  }

  /** What training is about to do, in words: printed when the first epoch starts. */
  private List<String> summary(MusicTrainer.Prepared prepared, SequenceModelProvider provider, ArchitectureSpec architecture) {
    List<String> lines = new ArrayList<>();
    TrainingData data = prepared.dataset();
    int pieces = data.trainPieceCount() + data.validationPieceCount() + data.tooShortPieces();
    if (prepared.corpus().isPresent()) {
      Corpus corpus = prepared.corpus().get();
      pieces = corpus.pieces().size();
      lines.add(corpus.summary());
      corpus.skipped().stream().limit(20).forEach(s -> lines.add("  skipped " + s));
      if (corpus.skipped().size() > 20) {
        lines.add("  ... and " + (corpus.skipped().size() - 20) + " more skipped");
      }
    } else {
      lines.add(String.format("prepared corpus %s, streamed with a shuffle buffer of %d windows, with its own tokenizer and split", preparedData, shuffleBuffer));
    }
    if (data.tooShortPieces() > 0) {
      lines.add(String.format("%d of %d files are shorter than --sequence-length %d plus one step in the tokenizer's encoding "
          + "(or hold nothing it keeps) and give no windows",
          data.tooShortPieces(), pieces, sequenceLength));
    }
    lines.add(String.format("%d training windows from %d files, %d validation windows from %d files; backend %s; %s",
        data.trainWindowCount(), data.trainPieceCount(), data.validationWindowCount(), data.validationPieceCount(),
        provider.name(), architecture));
    if (data.validationWindowCount() == 0) {
      lines.add("no validation windows (raise --validation-split or add files): the training loss decides which model is best");
    }
    return lines;
  }

  /** Every option of the command that has a value, as given or defaulted, by its longest name: what the bundles record. */
  private Map<String, String> options() {
    Map<String, String> all = new TreeMap<>();
    for (OptionSpec option : spec.options()) {
      Object value = option.getValue();
      if (!option.usageHelp() && !option.versionHelp() && value != null) {
        all.put(option.longestName(), String.valueOf(value));
      }
    }
    return all;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it is what stopped training
    }
  }

  /**
   * A progress bar on standard error. Where that is not a terminal (a log file, CI), the bar is replaced by a
   * line at each tenth of the work, so logs stay readable.
   */
  static ProgressBar bar(String task, long max) {
    ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII);
    if (System.console() != null) {
      return builder.setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).continuousUpdate().build();
    }
    return builder.setConsumer(new TenthsConsumer()).setUpdateIntervalMillis(1000).build();
  }

  /** Prints the rendered bar as a line whenever it passes another tenth of the work. */
  private static final class TenthsConsumer implements ProgressBarConsumer {
    private int tenthsShown = -1;

    @Override
    public int getMaxRenderedLength() {
      return 120;
    }

    @Override
    public void accept(String rendered) {
      java.util.regex.Matcher percent = java.util.regex.Pattern.compile("(\\d+)%").matcher(rendered);
      int tenths = percent.find() ? Integer.parseInt(percent.group(1)) / 10 : 0;
      if (tenths > tenthsShown) {
        tenthsShown = tenths;
        System.err.println(rendered.strip());
      }
    }

    @Override
    public void close() {
      System.err.flush();
    }
  }

  /**
   * The run's summary when the first epoch starts (so a run refused before that prints nothing), a progress bar per
   * epoch with loss, tokens per second and ETA, a summary line after it, and a warning on each NaN recovery.
   */
  static final class ProgressListener implements TrainingListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final int epochs;
    private final String unit;
    private List<String> summary;
    private ProgressBar bar;

    ProgressListener(PrintWriter out, PrintWriter err, int epochs, List<String> summary, ArchitectureSpec.InputKind input) {
      this.out = out;
      this.err = err;
      this.epochs = epochs;
      this.summary = summary;
      this.unit = input == ArchitectureSpec.InputKind.TOKENS ? "tokens" : "frames";
    }

    @Override
    public void epochStarted(int epoch, int batches) {
      if (summary != null) {
        summary.forEach(out::println);
        out.flush();
        summary = null;
      }
      bar = bar("epoch " + epoch + "/" + epochs, batches);
    }

    @Override
    public void recoveredFromNaN(int epoch, int batch, double learningRate, int recoveriesLeft) {
      bar.close();
      err.printf("warning: the %s became NaN in epoch %d%s: back to the weights at the start of the epoch, learning rate "
          + "halved to %.2g, running the epoch again (%d more recoveries allowed)%n", batch == 0 ? "validation loss" : "loss",
          epoch, batch == 0 ? "" : ", batch " + batch, learningRate, recoveriesLeft);
      err.flush();
    }

    @Override
    public void batchDone(int epoch, int batch, double loss, double stepsPerSecond) {
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(" loss %.4f, %.0f %s/s", loss, stepsPerSecond, unit));
    }

    @Override
    public void epochDone(EpochResult r) {
      bar.close();
      out.printf("epoch %d: loss %.4f, validation loss %.4f%s, learning rate %.2g, %.0f %s/s%n", r.epoch(), r.trainLoss(),
          r.validationLoss(), r.improved() ? " (best so far, saved)" : "", r.learningRate(), r.stepsPerSecond(), unit);
      out.flush();
    }
  }

  /** Redraws loss.png from loss.csv (the whole run, resumed parts included) after every epoch. */
  static final class ChartListener implements TrainingListener {
    private final Path dir;

    ChartListener(Path dir) {
      this.dir = dir;
    }

    @Override
    public void epochDone(EpochResult result) {
      try {
        LossChart.write(dir.resolve(TrainingConfig.HISTORY), dir.resolve("loss.png"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot draw the loss curve in " + dir, e);
      }
    }
  }
}
