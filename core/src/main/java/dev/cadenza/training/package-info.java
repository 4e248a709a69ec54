/**
 * The training loop, the same on every backend: epochs over a {@link dev.cadenza.data.SequenceDataset},
 * validation, best-only checkpoints by validation loss, early stopping, learning-rate reduction on plateaus,
 * gradient clipping, a NaN guard, resume, and {@link dev.cadenza.training.TrainingListener listeners} for progress.
 */
package dev.cadenza.training;
