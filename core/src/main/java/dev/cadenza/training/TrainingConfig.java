package dev.cadenza.training;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to train; built with {@link #builder()}, checked in {@link Builder#build()}.
 *
 * @param epochs the most epochs to run
 * @param learningRate Adam's initial step size
 * @param gradientClipNorm the largest L2 norm of a layer's gradient, 0 for no clipping
 * @param patience epochs without a better validation loss before stopping early
 * @param plateauPatience epochs without improvement before the learning rate is lowered
 * @param plateauFactor what the learning rate is multiplied by on a plateau
 * @param minLearningRate the learning rate is not lowered below this
 * @param checkpointDirectory where the best bundle, the last state, and the loss curve go
 * @param resume whether to continue from the best model and the run's state in the checkpoint folder
 * @param overwrite whether to start a new run in a checkpoint folder that holds one, deleting its model and history
 * @param nanRecoveries how often a NaN loss may be recovered from (roll back, halve the learning rate) before training stops
 * @param seed the run's seed (recorded in the bundle; the data set and weights take their own)
 * @param recordedSettings what else the caller wants every bundle to record of how it was trained, such as the
 *     command line's options and the data set's settings (see {@link dev.cadenza.bundle.Provenance#settings()})
 */
public record TrainingConfig(int epochs, double learningRate, double gradientClipNorm, int patience, int plateauPatience,
    double plateauFactor, double minLearningRate, Path checkpointDirectory, boolean resume, boolean overwrite,
    int nanRecoveries, long seed, Map<String, String> recordedSettings) {

  /** Copies the recorded settings. */
  public TrainingConfig {
    recordedSettings = Map.copyOf(recordedSettings);
  }

  /** This configuration's own values, by name, then the recorded settings: what a bundle's provenance keeps. */
  public Map<String, String> settings() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("epochs", Integer.toString(epochs));
    all.put("learning_rate", Double.toString(learningRate));
    all.put("gradient_clip", Double.toString(gradientClipNorm));
    all.put("patience", Integer.toString(patience));
    all.put("plateau_patience", Integer.toString(plateauPatience));
    all.put("plateau_factor", Double.toString(plateauFactor));
    all.put("min_learning_rate", Double.toString(minLearningRate));
    all.put("nan_recoveries", Integer.toString(nanRecoveries));
    all.put("seed", Long.toString(seed));
    all.put("resume", Boolean.toString(resume));
    new TreeMap<>(recordedSettings).forEach(all::putIfAbsent);
    return all;
  }

  /** The file name of the best bundle in the checkpoint folder. */
  public static final String BEST = "best.cadenza";
  /** The file name of the loop's state, for resuming. */
  public static final String STATE = "training-state.json";
  /** The file name of the loss history. */
  public static final String HISTORY = "loss.csv";

  /**
   * A builder with the defaults: 100 epochs, 0.001, clip 1.0, patience 10, plateau 3 x 0.5 down to 1e-5, three
   * recoveries from a NaN, no resume, no overwrite.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link TrainingConfig}. */
  public static final class Builder {
    private int epochs = 100;
    private double learningRate = 1e-3;
    private double gradientClipNorm = 1.0;
    private int patience = 10;
    private int plateauPatience = 3;
    private double plateauFactor = 0.5;
    private double minLearningRate = 1e-5;
    private Path checkpointDirectory = Path.of("checkpoints");
    private boolean resume;
    private boolean overwrite;
    private int nanRecoveries = 3;
    private long seed = 42;
    private Map<String, String> recordedSettings = Map.of();

    private Builder() {}

    /** The most epochs to run. */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /** Adam's initial step size. */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** The largest gradient norm per layer; 0 for none. */
    public Builder gradientClipNorm(double value) {
      this.gradientClipNorm = value;
      return this;
    }

    /** Epochs without improvement before stopping. */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /** Epochs without improvement before lowering the learning rate, and the factor. */
    public Builder plateau(int epochsWithoutImprovement, double factor) {
      this.plateauPatience = epochsWithoutImprovement;
      this.plateauFactor = factor;
      return this;
    }

    /** The floor of the learning rate. */
    public Builder minLearningRate(double value) {
      this.minLearningRate = value;
      return this;
    }

    /** Where checkpoints go. */
    public Builder checkpointDirectory(Path value) {
      this.checkpointDirectory = Objects.requireNonNull(value, "checkpointDirectory");
      return this;
    }

    /** Whether to continue from the last state. */
    public Builder resume(boolean value) {
      this.resume = value;
      return this;
    }

    /** Whether to start afresh in a checkpoint folder that holds a run, deleting its model and loss history. */
    public Builder overwrite(boolean value) {
      this.overwrite = value;
      return this;
    }

    /** How many times a NaN loss is recovered from (roll back to the epoch's start, halve the learning rate); 0 stops at once. */
    public Builder nanRecoveries(int value) {
      this.nanRecoveries = value;
      return this;
    }

    /** The run's seed. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Settings every bundle of the run records besides this configuration's own (default none). */
    public Builder recordedSettings(Map<String, String> settings) {
      this.recordedSettings = Map.copyOf(settings);
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public TrainingConfig build() {
      check(epochs >= 1, "the number of epochs must be at least 1, was " + epochs);
      check(learningRate > 0, "the learning rate must be above 0, was " + learningRate);
      check(gradientClipNorm >= 0, "the gradient clip must be 0 (off) or above, was " + gradientClipNorm);
      check(patience >= 1, "the patience must be at least 1 epoch, was " + patience);
      check(plateauPatience >= 1, "the plateau patience must be at least 1 epoch, was " + plateauPatience);
      check(plateauFactor > 0 && plateauFactor <= 1, "the plateau factor must be above 0 and at most 1, was " + plateauFactor);
      check(minLearningRate > 0 && minLearningRate <= learningRate,
          "the smallest learning rate must be above 0 and at most the learning rate, was " + minLearningRate);
      check(nanRecoveries >= 0, "the number of NaN recoveries must be 0 or more, was " + nanRecoveries);
      check(!(resume && overwrite), "resume and overwrite exclude each other: continue the run, or replace it");
      return new TrainingConfig(epochs, learningRate, gradientClipNorm, patience, plateauPatience, plateauFactor,
          minLearningRate, checkpointDirectory, resume, overwrite, nanRecoveries, seed, recordedSettings);
    }

    private static void check(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
