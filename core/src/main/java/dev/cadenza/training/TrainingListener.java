package dev.cadenza.training;

/**
 * Told how training goes, on the training thread. An exception thrown here stops training; the best bundle
 * written so far stays intact.
 */
public interface TrainingListener {
  /** An epoch starts: its number, from 1, and its number of batches. */
  default void epochStarted(int epoch, int batches) {}

  /** A batch is done: its number from 1, its loss, and the epoch's throughput so far (steps per second). */
  default void batchDone(int epoch, int batch, double loss, double stepsPerSecond) {}

  /** An epoch is done. */
  default void epochDone(EpochResult result) {}
}
