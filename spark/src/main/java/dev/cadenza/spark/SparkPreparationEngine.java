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
import org.apache.spark.Partitioner;
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
 * writes the manifest, statistics and rejects table; it plans the shards as {@code local} cuts them, so executors write
 * the very shards {@code local} writes of the same files, but for sources named as URIs.
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
      List<FileFacts> summaries = facts.map(FileFacts::withoutTokens).collect();
      List<Decision> decisions = preparation.decide(summaries);
      Map<String, Integer> tokens = new HashMap<>();
      summaries.forEach(f -> tokens.put(f.source(), f.tokens()));
      Map<Split, List<Integer>> lengths = new EnumMap<>(Split.class);
      Map<String, Integer> shardOf = new HashMap<>();
      List<Planned> plan = new ArrayList<>();
      for (Split split : Split.values()) {
        List<String> sources = decisions.stream().filter(d -> d.kind() == Kind.KEPT && d.split() == split).map(Decision::source).toList();
        lengths.put(split, sources.stream().map(tokens::get).toList());
        int from = 0;
        List<Integer> sizes = PreparedCorpus.shardSizes(lengths.get(split), settings.shardTokens());
        for (int k = 0; k < sizes.size(); k++) {
          for (String source : sources.subList(from, from + sizes.get(k))) {
            shardOf.put(source, plan.size());
          }
          plan.add(new Planned(split, k));
          from += sizes.get(k);
        }
      }
      Broadcast<Map<String, Integer>> shardShared = spark.broadcast(shardOf);
      JavaRDD<FileFacts> kept = facts.filter(f -> shardShared.value().containsKey(f.source()));
      Map<String, Long> tokenCounts = plan.isEmpty() ? Map.of()
          : kept.mapPartitions(part -> List.of(counts(part, shared.value())).iterator()).treeReduce(SparkPreparationEngine::merge);
      Tokenizer fitted = preparation.fitted(tokenCounts);
      Broadcast<TokenizerSpec> fittedSpec = spark.broadcast(fitted.spec());
      List<PreparedCorpus.Shard> shards = plan.isEmpty() ? List.of() : kept
          .mapPartitionsToPair(part -> pieces(part, fittedSpec.value(), shardShared.value()))
          .partitionBy(new ShardPartitioner(plan.size()))
          .mapPartitionsWithIndex((index, part) -> writeShard(part, plan.get(index), output, executorHadoop), false)
          .collect().stream().sorted(Comparator.comparing((PreparedCorpus.Shard shard) -> shard.split()).thenComparing(shard -> shard.file()))
          .toList();
      preparation.finish(path -> create(fs, new Path(out, path)), fitted, decisions, shards,
          CorpusPreparation.statistics(tokenCounts, lengths));
      return new CorpusPreparation.Report(CorpusPreparation.counts(decisions), shards, (System.nanoTime() - started) / 1e9);
    } finally {
      facts.unpersist();
    }
  }

  /** A shard to be written: its split and its number in the split. */
  private record Planned(Split split, int index) implements java.io.Serializable {}

  /** Sends each piece to the partition of its shard: the key is the shard's number. */
  private static final class ShardPartitioner extends Partitioner {
    private final int shards;

    ShardPartitioner(int shards) {
      this.shards = shards;
    }

    @Override
    public int numPartitions() {
      return shards;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }
  }

  /** Each kept file's ids under the fitted tokenizer (made once for the partition), keyed by its shard's number. */
  private static Iterator<Tuple2<Integer, EncodedPiece.Tokens>> pieces(Iterator<FileFacts> files, TokenizerSpec fittedSpec,
      Map<String, Integer> shardOf) {
    Tokenizer fitted = (Tokenizer) Tokenizers.fromSpec(fittedSpec);
    List<Tuple2<Integer, EncodedPiece.Tokens>> pieces = new ArrayList<>();
    files.forEachRemaining(f -> pieces.add(new Tuple2<>(shardOf.get(f.source()),
        new EncodedPiece.Tokens(f.source(), CorpusPreparation.ids(f, fitted)))));
    return pieces.iterator();
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
        unreadable = CorpusPreparation.TOO_LARGE;
      } catch (IOException e) {
        unreadable = "cannot read it: " + e.getMessage();
      }
      facts.add(FileFacts.unreadable(file, unreadable));
    }
    return facts.iterator();
  }

  /** How often each token occurs in some files. */
  private static HashMap<String, Long> counts(Iterator<FileFacts> files, PreparationSettings settings) {
    CorpusPreparation preparation = new CorpusPreparation(settings);
    HashMap<String, Long> counts = new HashMap<>();
    files.forEachRemaining(f -> preparation.strings(f).forEach(token -> counts.merge(token, 1L, Long::sum)));
    return counts;
  }

  private static HashMap<String, Long> merge(HashMap<String, Long> a, HashMap<String, Long> b) {
    b.forEach((token, count) -> a.merge(token, count, Long::sum));
    return a;
  }

  /** Writes a shard of the pieces, in the order of their sources. */
  private static Iterator<PreparedCorpus.Shard> writeShard(Iterator<Tuple2<Integer, EncodedPiece.Tokens>> part, Planned planned,
      String output, SerializableConfiguration hadoop) throws IOException {
    List<EncodedPiece.Tokens> pieces = new ArrayList<>();
    part.forEachRemaining(p -> pieces.add(p._2()));
    pieces.sort(Comparator.comparing(EncodedPiece.Tokens::source));
    PreparedCorpus.Sink sink = path -> create(new Path(output).getFileSystem(hadoop.value()), new Path(output, path));
    return List.of(PreparedCorpus.writeShard(sink, planned.split(), planned.index(), pieces)).iterator();
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
