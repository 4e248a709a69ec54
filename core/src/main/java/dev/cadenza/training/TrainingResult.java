package dev.cadenza.training;

import java.nio.file.Path;
import java.util.List;

/**
 * How training ended.
 *
 * @param status why it ended
 * @param message the same in words, for people
 * @param bestEpoch the epoch of the best model, 0 when none was written
 * @param bestValidationLoss its validation loss
 * @param bestBundle where the best model is
 * @param history every epoch run, including those of a resumed run
 */
public record TrainingResult(Status status, String message, int bestEpoch, double bestValidationLoss, Path bestBundle,
    List<EpochResult> history) {

  /** Why training ended. */
  public enum Status {
    /** All epochs ran. */
    COMPLETED,
    /** The validation loss stopped improving for {@code patience} epochs. */
    EARLY_STOPPED,
    /** The loss became NaN or infinite and stayed so after the allowed recoveries; the best model stays as it was. */
    NOT_A_NUMBER,
    /** {@link Trainer#stop()} was called. */
    STOPPED
  }

  /** Copies the history. */
  public TrainingResult {
    history = List.copyOf(history);
  }
}
