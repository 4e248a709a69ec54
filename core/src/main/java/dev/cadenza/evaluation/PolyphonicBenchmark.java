package dev.cadenza.evaluation;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PolyMusic;
import dev.cadenza.data.SequenceDataset;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.tokens.ChordStepTokenizer;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.training.Trainer;
import dev.cadenza.training.TrainingConfig;
import dev.cadenza.training.TrainingListener;
import dev.cadenza.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The polyphonic music benchmark of Boulanger-Lewandowski et al. (ICML 2012), as Bai et al. (2018) ran it: train on a
 * set's {@code train.txt}, stop early on its {@code valid.txt}, and report the negative log-likelihood per time step of
 * {@code test.txt} (see {@link PolyMusic} for the files), in nats, over the 88 keys 21..108. Each sequence's first
 * step is context; every later step is scored.
 *
 * <p>Two forms ({@link Form}): {@link Form#FACTORIZED} frames with an independent sigmoid per key (the protocol of
 * Bai et al., Table 1), and {@link Form#EXACT} the joint probability of each step's chord from a {@code chord-steps}
 * token model (comparable with the RNN-RBM and RNN-NADE rows). The model and its training run are ordinary: the
 * checkpoint folder holds a {@code best.cadenza} that {@code generate} can play.
 */
public final class PolyphonicBenchmark {
  /** The set with one step per quarter note; the others have two. */
  private static final String JSB = "JSB_Chorales";

  /** How a step's notes are predicted and scored. */
  public enum Form {
    /** An independent sigmoid per key: the product of 88 guesses (Bai et al. 2018). */
    FACTORIZED,
    /** The chord's notes one token at a time, ascending, then the end of the step: a true joint probability. */
    EXACT
  }

  /**
   * What a run measured.
   *
   * @param dataset the set's folder name, such as {@code JSB_Chorales}
   * @param form the form
   * @param backend the backend's name
   * @param family the model family
   * @param validNll the valid split's negative log-likelihood per time step, nats
   * @param testNll the test split's, nats
   * @param testSteps the test steps scored
   * @param epochs the epochs trained
   * @param bestEpoch the epoch whose model was scored
   * @param trainingSeconds the wall time of training
   * @param evaluationSeconds the wall time of scoring the valid and test splits
   * @param training how training ended
   */
  public record Result(String dataset, Form form, String backend, String family, double validNll, double testNll,
      long testSteps, int epochs, int bestEpoch, double trainingSeconds, double evaluationSeconds, TrainingResult training) {
    /** One line for people. */
    public String summary() {
      return String.format(Locale.ROOT, "%s %s %s %s: test NLL %.3f per step (valid %.3f), best epoch %d of %d, training %.0f s",
          dataset, form.name().toLowerCase(Locale.ROOT), family, backend, testNll, validNll, bestEpoch, epochs, trainingSeconds);
    }
  }

  private final Path datasetDir;
  private final Form form;
  private final ArchitectureSpec.InputKind input;
  private final ScoreEncoding encoding;

  /**
   * A benchmark on one set's folder, which holds {@code train.txt}, {@code valid.txt} and {@code test.txt}.
   *
   * @throws NoSuchFileException if a split is missing
   */
  public PolyphonicBenchmark(Path datasetDir, Form form) throws NoSuchFileException {
    this.datasetDir = Objects.requireNonNull(datasetDir, "datasetDir");
    this.form = Objects.requireNonNull(form, "form");
    for (String split : List.of("train", "valid", "test")) {
      Path file = datasetDir.resolve(split + ".txt");
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "no " + split + ".txt: not a poly-music data set folder");
      }
    }
    TokenizerConfig config = TokenizerConfig.of("stepsPerQuarter", datasetDir.getFileName().toString().equals(JSB) ? "1" : "2",
        "lowestPitch", Integer.toString(PolyMusic.LOWEST_PITCH), "highestPitch", Integer.toString(PolyMusic.HIGHEST_PITCH));
    this.encoding = Tokenizers.encoding(form == Form.EXACT ? "chord-steps" : "piano-roll", config);
    this.input = form == Form.EXACT ? ArchitectureSpec.InputKind.TOKENS : ArchitectureSpec.InputKind.FRAMES;
  }

  /** The encoding its models read: {@code piano-roll} (factorized) or {@code chord-steps} (exact) over the 88 keys. */
  public ScoreEncoding encoding() {
    return encoding;
  }

  /** The size a model's input must have: 88 frame values, or the chord-steps vocabulary. */
  public int inputSize() {
    return encoding instanceof Tokenizer tokenizer ? tokenizer.vocabulary().size() : PolyMusic.HIGHEST_PITCH - PolyMusic.LOWEST_PITCH + 1;
  }

  /** What its models read. */
  public ArchitectureSpec.InputKind input() {
    return input;
  }

  /** One split's sequences, encoded for this form. */
  public List<EncodedPiece> pieces(String split) throws IOException {
    List<EncodedPiece> pieces = new ArrayList<>();
    List<float[][]> rolls = rolls(split);
    for (int i = 0; i < rolls.size(); i++) {
      float[][] frames = rolls.get(i);
      String source = split + ":" + (i + 1);
      pieces.add(encoding instanceof ChordStepTokenizer tokens ? new EncodedPiece.Tokens(source, tokens.encode(frames))
          : new EncodedPiece.Frames(source, frames));
    }
    return pieces;
  }

  /**
   * Trains a model on the train split (stopping early on the valid split's window loss) and scores the best one on
   * the valid and test splits.
   *
   * @param provider the backend
   * @param spec the model, which must read {@link #input()} of {@link #inputSize()}
   * @param data how windows are cut from the train split: {@code SequenceDataset.builder(pieces("train"), encoding())}
   *     with the valid split as {@code validationPieces}, and the window settings
   * @param training the training loop's settings (its checkpoint folder gets the run)
   * @param listeners told about training's progress
   * @throws IOException if a split cannot be read or a checkpoint cannot be written
   */
  public Result run(SequenceModelProvider provider, ArchitectureSpec spec, SequenceDataset data, TrainingConfig training,
      List<TrainingListener> listeners) throws IOException {
    long started = System.nanoTime();
    TrainingResult trained = new Trainer(training, listeners).train(provider, spec, data, encoding.spec());
    double trainingSeconds = (System.nanoTime() - started) / 1e9;
    if (trained.bestEpoch() == 0) {
      throw new IOException("training wrote no model: " + trained.message());
    }
    started = System.nanoTime();
    Likelihood.Result valid;
    Likelihood.Result test;
    try (SequenceModel model = ModelBundle.read(trained.bestBundle()).load(provider)) {
      valid = score(model, "valid");
      test = score(model, "test");
    }
    return new Result(datasetDir.getFileName().toString(), form, provider.name(), spec.family(), valid.perStep(), test.perStep(),
        test.steps(), trained.history().size(), trained.bestEpoch(), trainingSeconds, (System.nanoTime() - started) / 1e9, trained);
  }

  /** A model's likelihood of a whole split, per time step, each sequence from its start with carried state. */
  public Likelihood.Result score(SequenceModel model, String split) throws IOException {
    List<float[][]> rolls = rolls(split);
    List<Likelihood.Roll> pieces = new ArrayList<>();
    for (int i = 0; i < rolls.size(); i++) {
      pieces.add(new Likelihood.Roll(split + ":" + (i + 1), rolls.get(i)));
    }
    return Likelihood.Result.total(split, encoding instanceof ChordStepTokenizer tokens ? Likelihood.chords(model, tokens, pieces)
        : Likelihood.frames(model, pieces));
  }

  /** A split's sequences as 88-key frames. */
  private List<float[][]> rolls(String split) throws IOException {
    return PolyMusic.read(datasetDir.resolve(split + ".txt")).stream()
        .map(steps -> PolyMusic.frames(steps, PolyMusic.LOWEST_PITCH, PolyMusic.HIGHEST_PITCH)).toList();
  }
}
