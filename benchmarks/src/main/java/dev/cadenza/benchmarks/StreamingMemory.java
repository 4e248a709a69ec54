package dev.cadenza.benchmarks;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.corpus.MidiCorpus;
import dev.cadenza.corpus.PreparationSettings;
import dev.cadenza.data.Batch;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.PreparedCorpus.Split;
import dev.cadenza.data.SequenceDataset;
import dev.cadenza.data.ShardedDataset;
import dev.cadenza.data.TokenShard;
import dev.cadenza.data.TrainingData;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The files per second of {@link MidiCorpus} and of a {@link CorpusPreparation} on this machine, then the heap that
 * training data holds, streamed ({@link ShardedDataset}) against in memory ({@link SequenceDataset}), on
 * a prepared corpus and on the same corpus made ten times larger by transposition: the most heap still in use after a
 * full collection, sampled through an epoch, above what was in use before the data was opened. Usage:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.cadenza.benchmarks.StreamingMemory [MIDI-FOLDER]} (default the
 * Nottingham set).
 */
public final class StreamingMemory {
  private static final int SEQUENCE_LENGTH = 64;
  private static final int BATCH_SIZE = 32;
  private static final int SAMPLE_EVERY = 1000;

  private StreamingMemory() {}

  /**
   * Times loading and preparing the folder twice (the second round warm), scales the prepared corpus ten times, and
   * prints the retained heap of each way of reading each.
   */
  public static void main(String[] args) throws Exception {
    Path midi = args.length > 0 ? Path.of(args[0]) : BenchmarkData.root().resolve("nottingham-midi");
    Path work = Files.createTempDirectory("cadenza-streaming");
    for (int round = 1; round <= 2; round++) {
      long started = System.nanoTime();
      Corpus loaded = MidiCorpus.builder(Tokenizers.encoding("remi", TokenizerConfig.DEFAULTS)).cacheDirectory(null).build()
          .load(List.of(midi));
      double seconds = (System.nanoTime() - started) / 1e9;
      int files = loaded.pieces().size() + loaded.skipped().size();
      CorpusPreparation.Report report = new CorpusPreparation(PreparationSettings.defaults("remi", Map.of()))
          .prepare(List.of(midi), work.resolve("1x"), true, Runtime.getRuntime().availableProcessors(), (done, total) -> { });
      System.out.printf(Locale.ROOT, "round %d: MidiCorpus.load (no cache) %d files in %.1f s, %.0f files/s; prepare (local engine): %s%n",
          round, files, seconds, files / seconds, report.summary());
    }
    PreparedCorpus one = PreparedCorpus.open(work.resolve("1x"));
    PreparedCorpus ten = scaled(one, 10, work.resolve("10x"));
    System.out.printf("%-8s %14s %18s %18s%n", "corpus", "tokens", "in memory (MiB)", "streamed (MiB)");
    for (PreparedCorpus corpus : List.of(one, ten)) {
      long tokens = corpus.manifest().shards().stream().mapToLong(PreparedCorpus.Shard::tokens).sum();
      double memory = retainedBytes(() -> inMemory(corpus)) / 1048576.0;
      double streamed = retainedBytes(() -> streamed(corpus)) / 1048576.0;
      System.out.printf(Locale.ROOT, "%-8s %,14d %18.1f %18.1f%n", corpus.directory().getFileName(), tokens, memory, streamed);
    }
  }

  /** The corpus's training and validation data held in memory, as {@code train --data-dir} holds it. */
  public static TrainingData inMemory(PreparedCorpus corpus) throws IOException {
    return SequenceDataset.builder(corpus.pieces(Split.TRAIN), corpus.tokenizer()).validationPieces(corpus.pieces(Split.VALIDATION))
        .sequenceLength(SEQUENCE_LENGTH).batchSize(BATCH_SIZE).build();
  }

  /** The corpus streamed, as {@code train --data} streams it. */
  public static TrainingData streamed(PreparedCorpus corpus) throws IOException {
    return ShardedDataset.builder(corpus).sequenceLength(SEQUENCE_LENGTH).batchSize(BATCH_SIZE).build();
  }

  /**
   * A copy of a prepared corpus {@code factor} times as large: each piece of each split at {@code factor} transpositions
   * around the original (those that leave the tokenizer's range are left out), written one transposition at a time.
   */
  public static PreparedCorpus scaled(PreparedCorpus corpus, int factor, Path output) throws IOException {
    Tokenizer tokenizer = corpus.tokenizer();
    PreparedCorpus.Sink sink = PreparedCorpus.Sink.folder(output);
    List<PreparedCorpus.Shard> shards = new ArrayList<>();
    int pieces = 0;
    for (Split split : Split.values()) {
      int index = 0;
      for (int shift = -factor / 2; shift < factor - factor / 2; shift++) {
        List<EncodedPiece.Tokens> moved = new ArrayList<>();
        for (PreparedCorpus.Shard shard : corpus.manifest().shards(split)) {
          try (TokenShard.Reader reader = corpus.read(shard)) {
            while (reader.hasNext()) {
              EncodedPiece.Tokens piece = reader.next();
              int semitones = shift;
              tokenizer.transpose(piece.ids(), 0, piece.length(), semitones)
                  .ifPresent(ids -> moved.add(new EncodedPiece.Tokens(piece.source() + " @" + semitones, ids)));
            }
          }
        }
        List<PreparedCorpus.Shard> written = PreparedCorpus.writeShards(sink, split, moved, 1_000_000, index);
        index += written.size();
        pieces += moved.size();
        shards.addAll(written);
      }
    }
    try (OutputStream out = sink.create(PreparedCorpus.MANIFEST)) {
      out.write(new PreparedCorpus.Manifest(PreparedCorpus.FORMAT, tokenizer.spec(), Map.of("scaledFrom", corpus.directory().toString(),
          "factor", String.valueOf(factor)), new PreparedCorpus.Counts(pieces, pieces, 0, 0, 0), shards).toJson());
    }
    return PreparedCorpus.open(output);
  }

  /**
   * The most heap in use after a full collection while the data is opened and an epoch of training batches and the
   * validation batches are read, sampled every {@value #SAMPLE_EVERY} batches, less what was in use before.
   */
  public static long retainedBytes(Callable<TrainingData> open) throws Exception {
    long before = usedAfterCollection();
    TrainingData data = open.call();
    long peak = usedAfterCollection();
    long batches = 0;
    for (Iterable<Batch> pass : List.of(data.trainBatches(1), data.validationBatches())) {
      for (Batch ignored : pass) {
        if (++batches % SAMPLE_EVERY == 0) {
          peak = Math.max(peak, usedAfterCollection());
        }
      }
    }
    peak = Math.max(peak, usedAfterCollection());
    java.lang.ref.Reference.reachabilityFence(data);
    return peak - before;
  }

  private static long usedAfterCollection() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
