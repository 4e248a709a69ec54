/**
 * Data for training: {@link dev.cadenza.data.EncodedPiece encoded pieces} (tokens or frames of one file),
 * the {@link dev.cadenza.data.SequenceDataset} that cuts them into windows, splits them by file into training
 * and validation, shuffles, batches and transposes them in memory, prepared corpora of token shards
 * ({@link dev.cadenza.data.PreparedCorpus}, {@link dev.cadenza.data.TokenShard}) and the
 * {@link dev.cadenza.data.ShardedDataset} that streams them with flat memory (both are
 * {@link dev.cadenza.data.TrainingData}), and the reader of the Boulanger-Lewandowski piano-roll benchmark sets
 * ({@link dev.cadenza.data.PolyMusic}).
 */
package dev.cadenza.data;
