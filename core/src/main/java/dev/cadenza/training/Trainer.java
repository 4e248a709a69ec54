package dev.cadenza.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.AtomicFiles;
import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.data.TrainingData;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.tokens.TokenizerSpec;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model on a data set, the same way on every backend. After each epoch it validates; a better
 * validation loss writes the best bundle ({@link TrainingConfig#BEST}, atomically, so a crash or Ctrl-C never
 * leaves a broken one), the only model the checkpoint folder keeps; the loop's state (epoch, learning rate,
 * counters, history) goes to {@link TrainingConfig#STATE} for {@code resume}, which continues from the best model
 * with that state; the loss history goes to {@link TrainingConfig#HISTORY}. It lowers the learning rate on plateaus, stops early after
 * {@code patience} epochs without improvement, and recovers from a NaN loss by rolling back and halving the
 * learning rate, a bounded number of times. A new run never replaces one the folder holds unless asked to.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int PRIMERS = 16;

  private final TrainingConfig config;
  private final List<TrainingListener> listeners;
  private volatile boolean stopRequested;

  /** A trainer with the given settings, telling the listeners how it goes. */
  public Trainer(TrainingConfig config, List<TrainingListener> listeners) {
    this.config = config;
    this.listeners = List.copyOf(listeners);
  }

  /** Asks training to stop after the current batch; the best bundle stays as it is. Safe from any thread. */
  public void stop() {
    stopRequested = true;
  }

  /**
   * The loop's state between epochs, saved for resuming.
   *
   * @param epoch the last epoch completed
   * @param learningRate the learning rate for the next epoch
   * @param bestLoss the best validation loss so far
   * @param bestEpoch its epoch
   * @param epochsWithoutImprovement for early stopping
   * @param plateauEpochs for lowering the learning rate
   * @param history every epoch so far
   */
  record State(int epoch, double learningRate, double bestLoss, int bestEpoch, int epochsWithoutImprovement,
      int plateauEpochs, List<EpochResult> history) {
    State withLearningRate(double rate) {
      return new State(epoch, rate, bestLoss, bestEpoch, epochsWithoutImprovement, plateauEpochs, history);
    }
  }

  /**
   * Trains a new model of the given shape (or, with {@code resume}, the one the checkpoint folder holds).
   *
   * <p>A loss that becomes NaN or infinite is recovered from up to {@link TrainingConfig#nanRecoveries()} times:
   * the weights go back to those at the start of the epoch (with a fresh optimizer), the learning rate is halved,
   * and the epoch runs again; the listeners are told. Only then does training stop with
   * {@link TrainingResult.Status#NOT_A_NUMBER}.
   *
   * @param provider the backend
   * @param spec the architecture
   * @param data the training and validation windows, in memory or streamed
   * @param tokenizer the tokenizer the data was encoded with, stored in the bundles
   * @throws ExistingRunException if the folder holds a run and neither resume nor overwrite was asked for
   * @throws IllegalArgumentException if the architecture does not fit the tokenizer (vocabulary size, tokens or frames),
   *     the data has no training windows, or the run to resume has another architecture
   * @throws IOException if a checkpoint cannot be written or the one to resume cannot be read
   */
  public TrainingResult train(SequenceModelProvider provider, ArchitectureSpec spec, TrainingData data,
      TokenizerSpec tokenizer) throws IOException {
    Optional<String> mismatch = spec.mismatch(Tokenizers.fromSpec(tokenizer));
    if (mismatch.isPresent()) {
      throw new IllegalArgumentException("the architecture does not fit the data's encoding: " + mismatch.get());
    }
    if (data.trainWindowCount() == 0) {
      throw new IllegalArgumentException("no training windows: every piece is shorter than one window and its target ("
          + data.tooShortPieces() + " too short)");
    }
    checkFolder();
    Path dir = config.checkpointDirectory();
    Path best = dir.resolve(TrainingConfig.BEST);
    Path stateFile = dir.resolve(TrainingConfig.STATE);
    Path historyFile = dir.resolve(TrainingConfig.HISTORY);
    boolean resuming = config.resume() && Files.exists(best) && Files.exists(stateFile);
    State state = new State(0, config.learningRate(), Double.POSITIVE_INFINITY, 0, 0, 0, List.of());
    SequenceModel model;
    if (resuming) {
      state = JSON.readValue(stateFile.toFile(), State.class);
      ModelBundle previous = ModelBundle.read(best);
      if (!previous.manifest().architecture().equals(spec)) {
        throw new IllegalArgumentException(best + " was trained with other settings (" + spec.differences(previous.manifest().architecture())
            .replace(" there", " in the model") + "); resume it with the settings it was trained with, or start a new run");
      }
      model = previous.load(provider);
      LOG.info("resuming after epoch {} from the best model, of epoch {}", state.epoch(), state.bestEpoch());
    } else {
      model = provider.create(spec);
      if (config.overwrite()) {
        clearEarlierRun(earlierRun(dir));
      }
    }
    Files.createDirectories(dir);
    if (data.validationWindowCount() == 0) {
      LOG.warn("no validation windows (every validation piece is shorter than a window, or none was set aside): "
          + "the training loss decides which model is best");
    }
    String fingerprint = data.fingerprint();
    List<int[]> primers = data.primers(PRIMERS, config.seed());
    List<EpochResult> history = new ArrayList<>(state.history());
    int recoveries = 0;
    try {
      for (int epoch = state.epoch() + 1; epoch <= config.epochs(); epoch++) {
        NamedTensors start = model.exportWeights();
        model.configureTraining(new TrainingSettings(state.learningRate(), config.gradientClipNorm()));
        for (TrainingListener l : listeners) {
          l.epochStarted(epoch, (int) Math.min(Integer.MAX_VALUE, data.trainBatchCount()));
        }
        double lossSum = 0;
        long windows = 0;
        long steps = 0;
        long started = System.nanoTime();
        int index = 0;
        int failedBatch = -1;
        for (Batch batch : data.trainBatches(epoch)) {
          if (stopRequested) {
            return result(TrainingResult.Status.STOPPED, "stopped on request in epoch " + epoch, state, best, history);
          }
          double loss = model.trainBatch(batch);
          index++;
          if (!Double.isFinite(loss)) {
            failedBatch = index;
            break;
          }
          lossSum += loss * batch.size();
          windows += batch.size();
          steps += (long) batch.size() * batch.length();
          double perSecond = steps / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
          for (TrainingListener l : listeners) {
            l.batchDone(epoch, index, loss, perSecond);
          }
        }
        double trainLoss = lossSum / Math.max(1, windows);
        double perSecond = steps / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        double validationLoss = failedBatch >= 0 ? Double.NaN
            : data.validationWindowCount() > 0 ? validate(model, data) : trainLoss;
        if (!Double.isFinite(validationLoss)) {
          String where = failedBatch >= 0 ? String.format(Locale.ROOT, "the loss became NaN or infinite in epoch %d, batch %d",
              epoch, failedBatch) : String.format(Locale.ROOT, "the validation loss became %s in epoch %d", validationLoss, epoch);
          if (recoveries == config.nanRecoveries()) {
            return result(TrainingResult.Status.NOT_A_NUMBER, where + (recoveries == 0 ? "" : ", after " + recoveries
                + " recoveries,") + " and training stopped; try a lower --learning-rate or --gradient-clip", state, best, history);
          }
          recoveries++;
          model.close();
          model = provider.create(spec);
          model.importWeights(start);
          state = state.withLearningRate(Math.max(config.minLearningRate(), state.learningRate() / 2));
          LOG.warn("{}: back to the weights at the start of the epoch, learning rate halved to {}", where, state.learningRate());
          for (TrainingListener l : listeners) {
            l.recoveredFromNaN(epoch, Math.max(0, failedBatch), state.learningRate(), config.nanRecoveries() - recoveries);
          }
          epoch--;
          continue;
        }
        boolean improved = validationLoss < state.bestLoss();
        EpochResult result = new EpochResult(epoch, trainLoss, validationLoss, state.learningRate(), perSecond, improved);
        history.add(result);
        state = next(state, epoch, validationLoss, improved, history);
        if (improved) {
          bundle(model, provider, tokenizer, data, fingerprint, epoch, validationLoss, primers).write(best);
        }
        AtomicFiles.write(stateFile, JSON.writeValueAsBytes(state));
        AtomicFiles.write(historyFile, csv(history).getBytes(StandardCharsets.UTF_8));
        for (TrainingListener l : listeners) {
          l.epochDone(result);
        }
        if (state.epochsWithoutImprovement() >= config.patience()) {
          return result(TrainingResult.Status.EARLY_STOPPED, "no better validation loss for " + config.patience()
              + " epochs: stopped early after epoch " + epoch, state, best, history);
        }
      }
      return result(TrainingResult.Status.COMPLETED, "trained " + config.epochs() + " epochs", state, best, history);
    } finally {
      model.close();
    }
  }

  /**
   * Checks, before any work, that training can use its checkpoint folder: it is a folder (or can be made one), and a
   * new run would replace no earlier one unless overwriting was asked for. {@link #train} checks the same first.
   *
   * @throws ExistingRunException if the folder holds a run and neither resume nor overwrite was asked for
   * @throws java.nio.file.NotDirectoryException if the checkpoint path is a file
   * @throws IOException if the folder's state cannot be read
   */
  public void checkFolder() throws IOException {
    Path dir = config.checkpointDirectory();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new java.nio.file.NotDirectoryException(dir.toString());
    }
    List<Path> earlier = earlierRun(dir);
    boolean resumable = Files.exists(dir.resolve(TrainingConfig.BEST)) && Files.exists(dir.resolve(TrainingConfig.STATE));
    if (!earlier.isEmpty() && config.resume() && !resumable) {
      throw new ExistingRunException(dir, "only " + earlier.stream().map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.joining(", ")) + ", not a model and its state, so it cannot be resumed", false);
    }
    if (!earlier.isEmpty() && !config.resume() && !config.overwrite()) {
      Path stateFile = dir.resolve(TrainingConfig.STATE);
      String holds = Files.exists(stateFile) ? describe(JSON.readValue(stateFile.toFile(), State.class))
          : earlier.stream().map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.joining(", "));
      throw new ExistingRunException(dir, holds, resumable);
    }
  }

  /** The files of an earlier run in the folder: its best model, state and history, where they exist. */
  private static List<Path> earlierRun(Path dir) {
    List<Path> earlier = new ArrayList<>();
    for (String name : List.of(TrainingConfig.BEST, TrainingConfig.STATE, TrainingConfig.HISTORY)) {
      if (Files.exists(dir.resolve(name))) {
        earlier.add(dir.resolve(name));
      }
    }
    return earlier;
  }

  /** Deletes an earlier run's files: only when overwriting was asked for. */
  private void clearEarlierRun(List<Path> earlier) throws IOException {
    for (Path file : earlier) {
      Files.delete(file);
    }
    if (!earlier.isEmpty()) {
      LOG.info("overwriting the run in {}", config.checkpointDirectory());
    }
  }

  private static String describe(State state) {
    return state.bestEpoch() == 0 ? state.epoch() + " epochs, no model kept"
        : String.format(Locale.ROOT, "%d epochs; its best model, of epoch %d, has validation loss %.4f", state.epoch(),
            state.bestEpoch(), state.bestLoss());
  }

  private State next(State s, int epoch, double validationLoss, boolean improved, List<EpochResult> history) {
    if (improved) {
      return new State(epoch, s.learningRate(), validationLoss, epoch, 0, 0, List.copyOf(history));
    }
    int plateau = s.plateauEpochs() + 1;
    double rate = s.learningRate();
    if (plateau >= config.plateauPatience()) {
      rate = Math.max(config.minLearningRate(), rate * config.plateauFactor());
      plateau = 0;
      LOG.info("validation loss on a plateau: learning rate lowered to {}", rate);
    }
    return new State(epoch, rate, s.bestLoss(), s.bestEpoch(), s.epochsWithoutImprovement() + 1, plateau, List.copyOf(history));
  }

  private static double validate(SequenceModel model, TrainingData data) {
    double sum = 0;
    long windows = 0;
    for (Batch batch : data.validationBatches()) {
      sum += model.evaluateBatch(batch) * batch.size();
      windows += batch.size();
    }
    return sum / windows;
  }

  private ModelBundle bundle(SequenceModel model, SequenceModelProvider provider, TokenizerSpec tokenizer, TrainingData data,
      String fingerprint, int epoch, double loss, List<int[]> primers) throws IOException {
    Provenance provenance = new Provenance(fingerprint, data.trainPieceCount(), data.validationPieceCount(), epoch,
        loss, config.seed(), Instant.now().toString(), config.settings(), provider.engine(),
        Runtime.getRuntime().availableProcessors());
    return ModelBundle.of(model, provider.name(), tokenizer, provenance, primers);
  }

  private static TrainingResult result(TrainingResult.Status status, String message, State state, Path best, List<EpochResult> history) {
    String where = state.bestEpoch() > 0
        ? String.format(Locale.ROOT, "; the best model (epoch %d, validation loss %.4f) is in %s", state.bestEpoch(), state.bestLoss(), best)
        : "; no model was good enough to keep yet";
    return new TrainingResult(status, message + where, state.bestEpoch(), state.bestLoss(), best, history);
  }

  private static String csv(List<EpochResult> history) {
    StringBuilder s = new StringBuilder("epoch,train_loss,validation_loss,learning_rate,steps_per_second,improved\n");
    for (EpochResult r : history) {
      s.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.8f,%.1f,%b%n", r.epoch(), r.trainLoss(), r.validationLoss(),
          r.learningRate(), r.stepsPerSecond(), r.improved()));
    }
    return s.toString();
  }
}
