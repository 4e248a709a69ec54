package dev.cadenza.model;

import dev.cadenza.data.Batch;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trainable sequence model on some backend.
 *
 * <p>Threads: training calls ({@link #trainBatch}, {@link #configureTraining}) come from one thread at a time.
 * {@link #predict}, {@link #evaluateBatch}, {@link #exportWeights} and {@link #openSession} may run on any thread,
 * also while another thread trains; each sees the weights between two training steps. A {@link GenerationSession}
 * sees the weights as they were when it opened: training after that does not reach it (open a new session for
 * the new weights). Two models, of one backend or two, may train on two threads at once.
 *
 * <p>Randomness: a model draws its initial weights and its dropout from its own generator, seeded with
 * {@link ArchitectureSpec#seed()} (all 64 bits of it); it never sets a process-wide random seed.
 */
public interface SequenceModel extends AutoCloseable {
  /** The architecture it was built from. */
  ArchitectureSpec spec();

  /** Sets the optimizer's learning rate and gradient clipping for the following batches. */
  void configureTraining(TrainingSettings settings);

  /** One optimizer step on the batch; returns the mean loss per predicted step before the step. */
  double trainBatch(Batch batch);

  /** The mean loss per predicted step on the batch, without training (no dropout). */
  double evaluateBatch(Batch batch);

  /**
   * The raw scores for every step of whole input sequences, [batch][time][vocabulary or frame]: logits of the next
   * token for a token model, a logit per value of the next frame for a frame model ({@link Logits} turns them into
   * probabilities). The reference that {@link GenerationSession} must match step by step.
   */
  float[][][] predict(Batch batch);

  /** A session for step-by-step inference over {@code batchSize} streams. */
  GenerationSession openSession(int batchSize);

  /** Writes the weights (and optimizer state) in the backend's own format. */
  void save(Path file) throws IOException;

  /** The weights in the shared layout ({@link NamedTensors}). */
  NamedTensors exportWeights();

  /**
   * Replaces the weights with ones in the shared layout.
   *
   * @throws IllegalArgumentException if a tensor is missing or has the wrong shape
   */
  void importWeights(NamedTensors weights);

  @Override
  void close();
}
