package dev.cadenza.data;

import dev.cadenza.tokens.ScoreEncoding;
import java.util.List;

/**
 * What training reads: batches of training windows for each epoch, the validation batches, and what a trained model's
 * bundle records about them. {@link SequenceDataset} holds its pieces in memory; {@link ShardedDataset} streams them
 * from a {@link PreparedCorpus}'s shards, with memory that does not grow with the corpus. For the same pieces, split
 * and seed, both give the same batches while the shuffle buffer holds a whole epoch.
 */
public interface TrainingData {
  /** The encoding that made the pieces. */
  ScoreEncoding encoding();

  /** The number of pieces training uses. */
  int trainPieceCount();

  /** The number of pieces validation uses. */
  int validationPieceCount();

  /** The number of pieces left out for being shorter than one window and its target. */
  int tooShortPieces();

  /** The number of training windows per epoch. */
  long trainWindowCount();

  /** The number of validation windows. */
  long validationWindowCount();

  /** The number of training batches per epoch. */
  long trainBatchCount();

  /** The training batches of an epoch (1, 2, ...): shuffled and transposed as the seed and epoch decide. */
  Iterable<Batch> trainBatches(int epoch);

  /** The validation batches, always in the same order and never transposed. */
  Iterable<Batch> validationBatches();

  /** Up to {@code count} token spans of training pieces, chosen with the seed, for a bundle's generation primers. */
  List<int[]> primers(int count, long seed);

  /** A digest of which pieces train and validate, and their lengths: the same data gives the same fingerprint. */
  String fingerprint();
}
