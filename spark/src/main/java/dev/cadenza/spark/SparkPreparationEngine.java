package dev.cadenza.spark;

import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.corpus.CorpusPreparation.Decision;
import dev.cadenza.corpus.CorpusPreparation.FileFacts;
import dev.cadenza.corpus.CorpusPreparation.Kind;
import dev.cadenza.corpus.MidiCorpus;
import dev.cadenza.corpus.PreparationEngine;
import dev.cadenza.corpus.PreparationSettings;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.PreparedCorpus.Split;
import dev.cadenza.data.TokenShard;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerSpec;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The {@code spark} {@link PreparationEngine}: {@link CorpusPreparation} as a Spark job. Executors read and tokenize the
 * files (any Hadoop file system: local, HDFS, S3 through the connector the user adds) and write the shards; the driver
 * decides duplicates, filters and splits from the files' small facts, fits the vocabulary from counted tokens, and
 * writes the manifest, statistics and rejects table. The result is the corpus {@code local} makes of the same files,
 * but for sources named as URIs and other shard boundaries.
 */
public final class SparkPreparationEngine implements PreparationEngine {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public String summary() {
    return "Apache Spark; spark:MASTER names the master (local[N], yarn, spark://host:port, k8s://...); without one, "
        + "spark-submit's, or local[*]";
  }

  @Override
  public CorpusPreparation.Report prepare(CorpusPreparation preparation, List<String> inputs, String output, String argument,
      boolean overwrite, MidiCorpus.Progress progress) throws IOException {
    try (JavaSparkContext spark = SparkJobs.context("cadenza prepare", argument)) {
      return prepare(spark, preparation.settings(), inputs, output, overwrite);
    }
  }

  /**
   * Runs the preparation on a Spark context the caller owns.
   *
   * @throws FileAlreadyExistsException if {@code output} holds a corpus and overwriting was not asked for
   * @throws NoSuchFileException if an input does not exist
   * @throws IOException if the output cannot be written
   */
  public static CorpusPreparation.Report prepare(JavaSparkContext spark, PreparationSettings settings, List<String> inputs, String output,
      boolean overwrite) throws IOException {
    long started = System.nanoTime();
    CorpusPreparation preparation = new CorpusPreparation(settings);
    Configuration hadoop = spark.hadoopConfiguration();
    Path out = new Path(output);
    FileSystem fs = out.getFileSystem(hadoop);
    clearOutput(fs, out, overwrite);
    Broadcast<PreparationSettings> shared = spark.broadcast(settings);
    SerializableConfiguration executorHadoop = new SerializableConfiguration(hadoop);
    List<String> found = SparkJobs.find(inputs, hadoop);
    JavaRDD<FileFacts> facts = spark.parallelize(found, Math.max(1, Math.min(found.size(), 4 * spark.defaultParallelism())))
        .mapPartitions(part -> examine(part, shared.value(), executorHadoop)).persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      List<Decision> decisions = preparation.decide(facts.map(FileFacts::withoutTokens).collect());
      Map<String, Split> kept = new HashMap<>();
      decisions.stream().filter(d -> d.kind() == Kind.KEPT).forEach(d -> kept.put(d.source(), d.split()));
      Broadcast<Map<String, Split>> keptShared = spark.broadcast(kept);
      JavaRDD<FileFacts> keptFacts = facts.filter(f -> keptShared.value().containsKey(f.source()));
      Map<String, Long> tokenCounts = new HashMap<>(keptFacts.mapPartitions(part -> strings(part, shared.value())).countByValue());
      Tokenizer fitted = preparation.fitted(tokenCounts);
      Broadcast<TokenizerSpec> fittedSpec = spark.broadcast(fitted.spec());
      Map<Split, List<Integer>> lengths = new EnumMap<>(Split.class);
      List<PreparedCorpus.Shard> shards = new ArrayList<>();
      for (Split split : Split.values()) {
        List<Integer> splitLengths = keptFacts.filter(f -> keptShared.value().get(f.source()) == split).map(FileFacts::tokens).collect();
        lengths.put(split, splitLengths);
        long tokens = splitLengths.stream().mapToLong(Integer::longValue).sum();
        if (splitLengths.isEmpty()) {
          continue;
        }
        int partitions = (int) Math.max(1, Math.min(splitLengths.size(), (tokens + settings.shardTokens() - 1) / settings.shardTokens()));
        JavaPairRDD<String, int[]> pieces = keptFacts.filter(f -> keptShared.value().get(f.source()) == split)
            .mapToPair(f -> new Tuple2<>(f.source(), CorpusPreparation.ids(f, (Tokenizer) Tokenizers.fromSpec(fittedSpec.value()))))
            .sortByKey(true, partitions);
        String base = output;
        shards.addAll(pieces.mapPartitionsWithIndex((index, part) -> writeShard(part, split, index, base, executorHadoop), false)
            .collect().stream().sorted(Comparator.comparing(PreparedCorpus.Shard::file)).toList());
      }
      preparation.finish(path -> create(fs, new Path(out, path)), fitted, decisions, shards,
          CorpusPreparation.statistics(tokenCounts, lengths));
      return new CorpusPreparation.Report(CorpusPreparation.counts(decisions), shards, (System.nanoTime() - started) / 1e9);
    } finally {
      facts.unpersist();
    }
  }

  private static Iterator<FileFacts> examine(Iterator<String> files, PreparationSettings settings, SerializableConfiguration hadoop) {
    CorpusPreparation preparation = new CorpusPreparation(settings);
    List<FileFacts> facts = new ArrayList<>();
    while (files.hasNext()) {
      String file = files.next();
      String unreadable;
      try {
        byte[] bytes = SparkJobs.read(file, hadoop.value());
        if (bytes != null) {
          facts.add(preparation.examine(file, bytes));
          continue;
        }
        unreadable = "larger than " + (MidiReader.DEFAULT_MAX_FILE_BYTES >> 20) + " MiB";
      } catch (IOException e) {
        unreadable = "cannot read it: " + e.getMessage();
      }
      facts.add(new FileFacts(file, "", null, unreadable, 0, java.util.Set.of(), java.util.Set.of(), null, null));
    }
    return facts.iterator();
  }

  private static Iterator<String> strings(Iterator<FileFacts> files, PreparationSettings settings) {
    CorpusPreparation preparation = new CorpusPreparation(settings);
    List<String> strings = new ArrayList<>();
    files.forEachRemaining(f -> strings.addAll(preparation.strings(f)));
    return strings.iterator();
  }

  private static Iterator<PreparedCorpus.Shard> writeShard(Iterator<Tuple2<String, int[]>> part, Split split, int index, String output,
      SerializableConfiguration hadoop) throws IOException {
    List<EncodedPiece.Tokens> pieces = new ArrayList<>();
    part.forEachRemaining(p -> pieces.add(new EncodedPiece.Tokens(p._1(), p._2())));
    if (pieces.isEmpty()) {
      return java.util.Collections.emptyIterator();
    }
    String file = PreparedCorpus.Shard.file(split, index);
    Path path = new Path(output, file);
    TokenShard.write(create(path.getFileSystem(hadoop.value()), path), pieces);
    return List.of(new PreparedCorpus.Shard(file, split, pieces.size(), pieces.stream().mapToLong(EncodedPiece.Tokens::length).sum()))
        .iterator();
  }

  private static java.io.OutputStream create(FileSystem fs, Path path) throws IOException {
    return fs.create(path, true);
  }

  /** As {@link CorpusPreparation#clearOutput}, on a Hadoop file system. */
  private static void clearOutput(FileSystem fs, Path out, boolean overwrite) throws IOException {
    List<Path> earlier = new ArrayList<>();
    for (String name : PreparedCorpus.ENTRIES) {
      if (fs.exists(new Path(out, name))) {
        earlier.add(new Path(out, name));
      }
    }
    if (earlier.isEmpty()) {
      return;
    }
    if (!overwrite) {
      throw new FileAlreadyExistsException(out.toString(), null, "holds a prepared corpus already; choose another output, or "
          + "overwrite it");
    }
    for (Path path : earlier) {
      fs.delete(path, true);
    }
  }
}
