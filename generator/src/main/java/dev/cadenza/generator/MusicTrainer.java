package dev.cadenza.generator;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.FileLabels;
import dev.cadenza.corpus.MidiCorpus;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.SequenceDataset;
import dev.cadenza.data.ShardedDataset;
import dev.cadenza.data.TrainingData;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Backends;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.training.Trainer;
import dev.cadenza.training.TrainingConfig;
import dev.cadenza.training.TrainingListener;
import dev.cadenza.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Trains a model on MIDI files, from the files to the best bundle, with the architecture's sizes taken from the
 * tokenizer:
 *
 * <pre>{@code
 * MusicTrainer trainer = MusicTrainer.builder().data(Path.of("midi")).tokenizer("remi").architecture("lstm")
 *     .training(TrainingConfig.builder().epochs(20).checkpointDirectory(Path.of("checkpoints")).build()).build();
 * TrainingResult result = trainer.train(new TrainingListener() {
 *   public void epochDone(EpochResult epoch) { System.out.println(epoch); }
 * });
 * }</pre>
 *
 * <p>{@link Builder#build()} checks every setting and their combinations (a Transformer on a backend that builds
 * LSTMs only, a context shorter than the window, a checkpoint folder holding a run that is neither resumed nor
 * overwritten) before anything is read. {@link #prepare} reads and encodes the files (cached, in parallel; a file
 * that cannot be read is reported in the corpus and skipped) and cuts the windows; {@link #train} trains, keeping the
 * best model by validation loss as {@code best.cadenza} in the checkpoint folder.
 */
public final class MusicTrainer {
  private final Windows settings;
  private final ScoreEncoding encoding;
  private final ArchitectureSpec architecture;
  private final SequenceModelProvider backend;
  private final TrainingConfig config;
  private volatile Trainer running;
  private volatile boolean stopped;

  private MusicTrainer(Windows settings, ScoreEncoding encoding, ArchitectureSpec architecture, SequenceModelProvider backend,
      TrainingConfig config) {
    this.settings = settings;
    this.encoding = encoding;
    this.architecture = architecture;
    this.backend = backend;
    this.config = config;
  }

  /** A builder; {@link Builder#data} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the data is, what labels it, and how windows are cut from it. */
  private record Windows(List<Path> data, Optional<PreparedCorpus> prepared, int sequenceLength, int stride, int batchSize,
      double validationSplit, double testSplit, long seed, int lowestShift, int highestShift, int shuffleBuffer, Path cacheDir,
      Optional<FileLabels> labels) {}

  /**
   * The data training reads: for MIDI files, the corpus as encoded (with the files skipped and why) and the windows cut
   * from it in memory; for a prepared corpus, its shards streamed.
   *
   * @param corpus the encoded files; empty for a prepared corpus
   * @param dataset the training and validation windows
   * @param heldOut the files the labels or the test split hold out for evaluation, read but not trained or validated
   *     on; empty for a prepared corpus (its {@code test} split holds them)
   */
  public record Prepared(Optional<Corpus> corpus, TrainingData dataset, List<EncodedPiece> heldOut) {
    /** Copies the list. */
    public Prepared {
      heldOut = List.copyOf(heldOut);
    }
  }

  /**
   * Reads and encodes the files and cuts the windows.
   *
   * @param progress told how many files are read, or null
   * @throws java.nio.file.NoSuchFileException if a data path does not exist
   * @throws IllegalArgumentException if there are no MIDI files, none can be read, or none is one window long
   * @throws IOException if a folder cannot be walked or the cache cannot be written
   */
  public Prepared prepare(MidiCorpus.Progress progress) throws IOException {
    if (settings.prepared().isPresent()) {
      ShardedDataset dataset = ShardedDataset.builder(settings.prepared().get()).sequenceLength(settings.sequenceLength())
          .stride(settings.stride()).batchSize(settings.batchSize()).seed(settings.seed())
          .transpose(settings.lowestShift(), settings.highestShift()).shuffleBuffer(settings.shuffleBuffer()).build();
      if (dataset.trainWindowCount() == 0) {
        throw new IllegalArgumentException("all " + (dataset.tooShortPieces() + dataset.trainPieceCount()) + " pieces of "
            + settings.prepared().get().directory() + " are shorter than the sequence length " + settings.sequenceLength()
            + " plus one step, or its train split is empty; lower the sequence length");
      }
      return new Prepared(Optional.empty(), dataset, List.of());
    }
    List<Path> files = MidiFiles.find(settings.data());
    if (files.isEmpty()) {
      throw new IllegalArgumentException(settings.data() + ": no MIDI files (.mid, .midi, .kar, .rmi) there");
    }
    MidiCorpus.Builder corpusBuilder = MidiCorpus.builder(encoding);
    if (settings.cacheDir() != null) {
      corpusBuilder.cacheDirectory(settings.cacheDir());
    }
    if (progress != null) {
      corpusBuilder.progress(progress);
    }
    Corpus corpus = corpusBuilder.build().load(files);
    if (corpus.pieces().isEmpty()) {
      throw new IllegalArgumentException("none of the " + files.size() + " MIDI files could be read (" + corpus.skipped().get(0)
          + (files.size() > 1 ? ", ..." : "") + ")");
    }
    Labelled labelled = settings.labels().map(labels -> label(corpus, labels))
        .orElseGet(() -> holdOut(corpus.pieces(), settings.testSplit(), settings.seed()));
    SequenceDataset.Builder windows = SequenceDataset.builder(labelled.train(), corpus.encoding())
        .sequenceLength(settings.sequenceLength()).stride(settings.stride()).batchSize(settings.batchSize())
        .validationFraction(settings.validationSplit()).seed(settings.seed()).transpose(settings.lowestShift(), settings.highestShift());
    if (labelled.validation() != null) {
      windows.validationPieces(labelled.validation());
    }
    SequenceDataset dataset = windows.build();
    if (dataset.trainWindowCount() == 0) {
      throw new IllegalArgumentException("all " + corpus.pieces().size() + " readable files are shorter than the sequence length "
          + settings.sequenceLength() + " plus one step; lower the sequence length");
    }
    return new Prepared(Optional.of(corpus), dataset, labelled.heldOut());
  }

  /** Pieces as the labels split them; validation null where the labels have no split (a random share is drawn then). */
  private record Labelled(List<EncodedPiece> train, List<EncodedPiece> validation, List<EncodedPiece> heldOut) {}

  /**
   * The pieces with their style channels set from the labels (a file the labels do not name keeps none), split as the
   * labels split them: train and unnamed files for training, validation for validation, test held out.
   */
  private static Labelled label(Corpus corpus, FileLabels labels) {
    FrameEncoding frames = (FrameEncoding) corpus.encoding();
    List<EncodedPiece> train = new ArrayList<>();
    List<EncodedPiece> validation = new ArrayList<>();
    List<EncodedPiece> heldOut = new ArrayList<>();
    boolean split = false;
    for (EncodedPiece piece : corpus.pieces()) {
      Optional<FileLabels.Label> label = labels.of(Path.of(piece.source()));
      EncodedPiece styled = label.<EncodedPiece>map(l -> new EncodedPiece.Frames(piece.source(),
          java.util.Arrays.stream(((EncodedPiece.Frames) piece).frames())
              .map(f -> frames.conditioned(f, Optional.of(l.style()), java.util.OptionalDouble.empty())).toArray(float[][]::new)))
          .orElse(piece);
      FileLabels.Split part = label.flatMap(FileLabels.Label::split).orElse(FileLabels.Split.TRAIN);
      split |= label.flatMap(FileLabels.Label::split).isPresent();
      (part == FileLabels.Split.TRAIN ? train : part == FileLabels.Split.VALIDATION ? validation : heldOut).add(styled);
    }
    return new Labelled(train, split ? validation : null, heldOut);
  }

  /**
   * The pieces with a share of them, drawn by the seed from the pieces in path order that hold something in the
   * encoding, held out for evaluation; the validation share is drawn later from the rest.
   */
  private static Labelled holdOut(List<EncodedPiece> pieces, double share, long seed) {
    List<EncodedPiece> shuffled = new ArrayList<>(pieces.stream().filter(p -> p.length() > 0).toList());
    shuffled.sort(java.util.Comparator.comparing(EncodedPiece::source));
    java.util.Collections.shuffle(shuffled, new java.util.Random(seed ^ 0x7E57L));
    int held = (int) Math.round(shuffled.size() * share);
    List<EncodedPiece> heldOut = new ArrayList<>(shuffled.subList(0, held));
    heldOut.sort(java.util.Comparator.comparing(EncodedPiece::source));
    List<EncodedPiece> train = pieces.stream().filter(p -> !heldOut.contains(p)).toList();
    return new Labelled(train, null, heldOut);
  }

  /** Reads the data ({@link #prepare}) and trains on it. */
  public TrainingResult train(TrainingListener... listeners) throws IOException {
    return train(prepare(null), List.of(listeners));
  }

  /**
   * Trains on prepared data, telling the listeners how it goes; stops early after {@link #stop()}.
   *
   * @throws IOException if a checkpoint cannot be written
   */
  public TrainingResult train(Prepared data, List<TrainingListener> listeners) throws IOException {
    Trainer trainer = new Trainer(config, listeners);
    running = trainer;
    if (stopped) {
      trainer.stop();
    }
    return trainer.train(backend, architecture, data.dataset(), data.dataset().encoding().spec());
  }

  /** Asks training to stop after the current batch (from any thread, such as a shutdown hook). */
  public void stop() {
    stopped = true;
    Trainer trainer = running;
    if (trainer != null) {
      trainer.stop();
    }
  }

  /** The model to train, with its sizes from the tokenizer. */
  public ArchitectureSpec architecture() {
    return architecture;
  }

  /** The backend it trains on. */
  public SequenceModelProvider backend() {
    return backend;
  }

  /** The encoding of the music (before a fitted vocabulary, for tokenizers that fit one to the corpus). */
  public ScoreEncoding encoding() {
    return encoding;
  }

  /** The training settings: epochs, learning rate, checkpoints, seed. */
  public TrainingConfig config() {
    return config;
  }

  /** Configures a {@link MusicTrainer}; the defaults are those of {@code cadenza train}. */
  public static final class Builder {
    private List<Path> data;
    private String tokenizer = "remi";
    private final Map<String, String> tokenizerOptions = new TreeMap<>();
    private String backendName;
    private SequenceModelProvider backend;
    private String family = ArchitectureSpec.LSTM;
    private int embeddingSize = 64;
    private int units = 256;
    private int layers = 3;
    private double dropout = 0.3;
    private boolean batchNorm;
    private int modelWidth = 256;
    private int heads = 4;
    private Integer feedForward;
    private Integer context;
    private int sequenceLength = 64;
    private Integer stride;
    private int batchSize = 32;
    private double validationSplit = 0.1;
    private double testSplit;
    private int lowestShift;
    private int highestShift;
    private TrainingConfig training = TrainingConfig.builder().build();
    private Path cacheDir;
    private FileLabels labels;
    private Path preparedData;
    private int shuffleBuffer = 16_384;

    private Builder() {}

    /** The MIDI files: files, and folders walked for files with a MIDI extension. */
    public Builder data(Path... paths) {
      this.data = List.of(paths);
      return this;
    }

    /** The MIDI files: files, and folders walked for files with a MIDI extension. */
    public Builder data(List<Path> paths) {
      this.data = List.copyOf(paths);
      return this;
    }

    /**
     * A prepared corpus ({@link PreparedCorpus}, made by {@code cadenza prepare}) instead of MIDI files: training streams
     * its shards, with the tokenizer and the train/validation split it was prepared with.
     */
    public Builder preparedData(Path directory) {
      this.preparedData = directory;
      return this;
    }

    /** With {@link #preparedData}: how many windows are shuffled together (16,384). */
    public Builder shuffleBuffer(int windows) {
      this.shuffleBuffer = windows;
      return this;
    }

    /** The tokenizer by name (default {@code remi}). */
    public Builder tokenizer(String name) {
      this.tokenizer = Objects.requireNonNull(name, "name");
      return this;
    }

    /** One tokenizer option ({@code "stepsPerQuarter", "8"}). */
    public Builder tokenizerOption(String key, String value) {
      tokenizerOptions.put(key, value);
      return this;
    }

    /** The backend by name; else {@code cadenza.backend}, {@code CADENZA_BACKEND}, or the best one here. */
    public Builder backend(String name) {
      this.backendName = name;
      this.backend = null;
      return this;
    }

    /** This backend, not looked up. */
    public Builder backend(SequenceModelProvider provider) {
      this.backend = provider;
      this.backendName = null;
      return this;
    }

    /** {@code lstm} (the default) or {@code transformer}. */
    public Builder architecture(String value) {
      this.family = value;
      return this;
    }

    /** Token embedding width (64). */
    public Builder embeddingSize(int value) {
      this.embeddingSize = value;
      return this;
    }

    /** LSTM units per layer (256). */
    public Builder units(int value) {
      this.units = value;
      return this;
    }

    /** LSTM layers, or Transformer blocks (3). */
    public Builder layers(int value) {
      this.layers = value;
      return this;
    }

    /** Dropout between layers (0.3). */
    public Builder dropout(double value) {
      this.dropout = value;
      return this;
    }

    /** Batch normalization after each LSTM layer (false). */
    public Builder batchNorm(boolean value) {
      this.batchNorm = value;
      return this;
    }

    /** Transformer: model width (256). */
    public Builder modelWidth(int value) {
      this.modelWidth = value;
      return this;
    }

    /** Transformer: attention heads (4). */
    public Builder heads(int value) {
      this.heads = value;
      return this;
    }

    /** Transformer: feed-forward width (4 x the model width). */
    public Builder feedForward(int value) {
      this.feedForward = value;
      return this;
    }

    /** Transformer: the longest sequence it attends over (the sequence length). */
    public Builder context(int value) {
      this.context = value;
      return this;
    }

    /** Steps per training window (64). */
    public Builder sequenceLength(int value) {
      this.sequenceLength = value;
      return this;
    }

    /** Steps between windows (half the sequence length). */
    public Builder stride(int value) {
      this.stride = value;
      return this;
    }

    /** Windows per batch (32). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Share of files kept for validation (0.1). */
    public Builder validationSplit(double value) {
      this.validationSplit = value;
      return this;
    }

    /**
     * Share of files held out for evaluation, neither trained nor validated on (0; with {@link #labels}, the labels
     * say): {@link Prepared#heldOut} has them.
     */
    public Builder testSplit(double value) {
      this.testSplit = value;
      return this;
    }

    /** Transposes training windows by a number of semitones drawn from {@code lowest..highest} (0..0). */
    public Builder transpose(int lowest, int highest) {
      this.lowestShift = lowest;
      this.highestShift = highest;
      return this;
    }

    /**
     * How to train: epochs, learning rate, clipping, patience, the checkpoint folder, resume or overwrite, the seed
     * (of the split, the shuffles and the weights too), what bundles record (default: {@code TrainingConfig}'s).
     */
    public Builder training(TrainingConfig config) {
      this.training = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Labels of the files (such as the Groove MIDI Dataset's {@code info.csv}): the model is conditioned on their
     * styles (a frame encoding with style channels, such as {@code drum-grid}, which gets the option
     * {@code styles} from them unless it was given), and where they split the data set, training uses their split:
     * train, validation, and test held out (default: none).
     */
    public Builder labels(FileLabels value) {
      this.labels = value;
      return this;
    }

    /** Where encoded files are cached (default: {@link MidiCorpus#defaultCacheDirectory()}). */
    public Builder cacheDir(Path value) {
      this.cacheDir = value;
      return this;
    }

    /**
     * Checks the settings together, builds the tokenizer and the architecture, picks the backend and checks the
     * checkpoint folder.
     *
     * @throws IllegalStateException if no data was given, or no backend here can train the architecture
     * @throws IllegalArgumentException naming a setting out of range or a combination that cannot work
     * @throws dev.cadenza.training.ExistingRunException if the checkpoint folder holds a run neither resumed nor
     *     overwritten, or a resume finds nothing to resume
     * @throws IOException if the checkpoint folder cannot be read, or the prepared corpus cannot be opened
     */
    public MusicTrainer build() throws IOException {
      if ((data == null || data.isEmpty()) == (preparedData == null)) {
        throw new IllegalStateException(data == null || data.isEmpty() ? "no data: give data(Path...) MIDI files or folders, or preparedData(Path) a "
            + "prepared corpus" : "data(Path...) and preparedData(Path) are alternatives: give one");
      }
      require(shuffleBuffer >= 1, "the shuffle buffer must be at least 1 window, was " + shuffleBuffer);
      Optional<PreparedCorpus> prepared = Optional.empty();
      if (preparedData != null) {
        require(labels == null && testSplit == 0, "a prepared corpus has its split (and test files) already: no labels or test split");
        prepared = Optional.of(PreparedCorpus.open(preparedData));
      }
      require(sequenceLength >= 2, "the sequence length must be at least 2, was " + sequenceLength);
      int step = stride != null ? stride : Math.max(1, sequenceLength / 2);
      require(step >= 1, "the stride must be at least 1, was " + step);
      require(batchSize >= 1, "the batch size must be at least 1, was " + batchSize);
      require(validationSplit >= 0 && validationSplit < 1, "the validation split must be at least 0 and below 1, was " + validationSplit);
      require(testSplit >= 0 && testSplit + validationSplit < 1, "the test split must be at least 0 and, with the validation "
          + "split, below 1, was " + testSplit);
      require(testSplit == 0 || labels == null, "a test split and labels: the labels say which files are held out");
      require(lowestShift <= highestShift && lowestShift >= -24 && highestShift <= 24,
          "the transposition range must be within -24..24 semitones, low to high, was " + lowestShift + ".." + highestShift);
      require(List.of(ArchitectureSpec.LSTM, ArchitectureSpec.TRANSFORMER).contains(family),
          "the architecture must be lstm or transformer, was '" + family + "'");
      ScoreEncoding encoding = prepared.<ScoreEncoding>map(PreparedCorpus::tokenizer).orElseGet(this::encoding);
      ArchitectureSpec architecture = architecture(encoding);
      SequenceModelProvider provider = backend != null ? backend : Backends.choose(Optional.ofNullable(backendName), architecture);
      var fits = provider.supports(architecture);
      require(fits.possible(), "the " + provider.name() + " backend cannot train this model: " + fits.reason());
      new Trainer(training, List.of()).checkFolder();
      Windows windows = new Windows(data, prepared, sequenceLength, step, batchSize, validationSplit, testSplit, training.seed(),
          lowestShift, highestShift, shuffleBuffer, cacheDir, Optional.ofNullable(labels));
      return new MusicTrainer(windows, encoding, architecture, provider, training);
    }

    /** The encoding asked for; with labels, conditioned on their styles. */
    private ScoreEncoding encoding() {
      if (labels == null) {
        return Tokenizers.encoding(tokenizer, new TokenizerConfig(tokenizerOptions));
      }
      String noStyles = "style labels (" + labels.table() + ") are for frame encodings with styles, such as drum-grid; " + tokenizer
          + " has none";
      require(Tokenizers.encoding(tokenizer, new TokenizerConfig(Map.of())) instanceof FrameEncoding, noStyles);
      Map<String, String> options = new TreeMap<>(tokenizerOptions);
      options.putIfAbsent("styles", String.join(",", labels.styles()));
      ScoreEncoding encoding = Tokenizers.encoding(tokenizer, new TokenizerConfig(options));
      require(!((FrameEncoding) encoding).styles().isEmpty(), noStyles);
      return encoding;
    }

    /** The architecture of the family asked for, its input size the tokenizer's vocabulary or frame width. */
    private ArchitectureSpec architecture(ScoreEncoding encoding) {
      boolean tokens = encoding instanceof Tokenizer;
      int inputSize = tokens ? ((Tokenizer) encoding).vocabulary().size() : ((FrameEncoding) encoding).frameSize();
      if (family.equals(ArchitectureSpec.LSTM)) {
        ArchitectureSpec lstm = tokens ? ArchitectureSpec.lstmTokens(inputSize, embeddingSize, units, layers, dropout, training.seed())
            : ArchitectureSpec.lstmFrames(inputSize, units, layers, dropout, training.seed());
        return lstm.withBatchNorm(batchNorm);
      }
      int window = context != null ? context : sequenceLength;
      require(window >= sequenceLength, "the context " + window + " is shorter than the sequence length " + sequenceLength);
      return ArchitectureSpec.transformer(tokens ? ArchitectureSpec.InputKind.TOKENS : ArchitectureSpec.InputKind.FRAMES,
          inputSize, modelWidth, layers, heads, feedForward != null ? feedForward : 4 * modelWidth, window, dropout, training.seed());
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
