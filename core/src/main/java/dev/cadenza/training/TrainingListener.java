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

  /**
   * The loss became NaN or infinite: the weights went back to those at the start of the epoch, the learning rate
   * was halved, and the epoch runs again.
   *
   * @param epoch the epoch that runs again
   * @param batch the batch whose loss was not finite, from 1 (0: the validation loss)
   * @param learningRate the new learning rate
   * @param recoveriesLeft how many more times this may happen before training stops
   */
  default void recoveredFromNaN(int epoch, int batch, double learningRate, int recoveriesLeft) {}

  /** An epoch is done. */
  default void epochDone(EpochResult result) {}
}
