package dev.cadenza.spark;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Score;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class dev.cadenza.spark.GenerateMany cadenza-spark.jar --model M --count 10000 --output DIR}:
 * generates many pieces across executors. The driver reads the bundle once (from any Hadoop file system) and broadcasts
 * it; each task loads it once and generates its pieces in groups of {@code --batch} through one session each
 * ({@link MusicGenerator#generate(GenerationRequest, int)}). Group {@code g} uses seed {@code --seed + g}, so piece
 * {@code i} is the piece {@code MusicGenerator} makes on one machine with that seed, wherever it runs. The pieces are
 * {@code piece-000000.mid} on; a backend must be on the job's class path (add cadenza-backend-djl or -dl4j).
 */
@Command(name = "GenerateMany", mixinStandardHelpOptions = true, description = "Generates many pieces on Spark.")
public final class GenerateMany implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "BUNDLE", description = "A model bundle (path or URI); default: the bundled default model.")
  private String model;

  @Option(names = "--count", required = true, description = "How many pieces.")
  private int count;

  @Option(names = "--output", required = true, paramLabel = "DIR-OR-URI", description = "Where the MIDI files go.")
  private String output;

  @Option(names = "--overwrite", description = "Write into an --output that holds files already.")
  private boolean overwrite;

  @Option(names = "--length", defaultValue = "500", description = "Steps per piece (default: ${DEFAULT-VALUE}).")
  private int length;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the first group; group g uses seed + g (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--batch", defaultValue = "16", description = "Pieces generated together through one session (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling share (default: ${DEFAULT-VALUE}, off).")
  private double topP;

  @Option(names = "--debug", description = "After an error's one-line message, print the stack trace.")
  private boolean debug;

  /** Runs the job; exits 0 when it worked, 2 for unusable arguments, 1 for a failure. */
  public static void main(String[] args) {
    System.exit(SparkJobs.execute(new GenerateMany(), args));
  }

  /** What a task needs: the bundle's bytes (empty for the bundled default), and how to generate and where to write. */
  record Job(byte[] bundle, int count, int batch, int length, long seed, double temperature, double topP, String output)
      implements java.io.Serializable {
    GenerationRequest request(int group) {
      return GenerationRequest.builder().tokens(length).seed(seed + group).temperature(temperature).topP(topP).randomPrimer().build();
    }

    int size(int group) {
      return Math.min(batch, count - group * batch);
    }
  }

  @Override
  public Integer call() throws Exception {
    require(count >= 1, "--count must be at least 1, was " + count);
    require(batch >= 1, "--batch must be at least 1, was " + batch);
    require(length >= 1, "--length must be at least 1, was " + length);
    try (JavaSparkContext spark = SparkJobs.context("cadenza GenerateMany", null)) {
      long written = run(spark, model, new Job(new byte[0], count, batch, length, seed, temperature, topP, output), overwrite);
      System.out.println(written + " pieces in " + output);
    }
    return 0;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Generates {@code job.count()} pieces on a Spark context the caller owns; returns how many were written.
   *
   * @param model the bundle's path or URI, or null for the bundled default model
   * @throws FileAlreadyExistsException if the output holds files and overwriting was not asked for
   * @throws IOException if the bundle cannot be read or the output written
   */
  static long run(JavaSparkContext spark, String model, Job job, boolean overwrite) throws IOException {
    Configuration hadoop = spark.hadoopConfiguration();
    Path out = new Path(job.output());
    FileSystem fs = out.getFileSystem(hadoop);
    if (!overwrite && fs.exists(out) && fs.listStatus(out).length > 0) {
      throw new FileAlreadyExistsException(job.output(), null, "holds files already; choose another output, or overwrite");
    }
    byte[] bundle = new byte[0];
    if (model != null) {
      bundle = SparkJobs.read(model, hadoop);
      if (bundle == null) {
        throw new IOException(model + " is larger than a model bundle can be");
      }
    }
    Broadcast<Job> shared = spark.broadcast(new Job(bundle, job.count(), job.batch(), job.length(), job.seed(), job.temperature(),
        job.topP(), job.output()));
    SerializableConfiguration executorHadoop = new SerializableConfiguration(hadoop);
    int groups = (job.count() + job.batch() - 1) / job.batch();
    List<Integer> indices = IntStream.range(0, groups).boxed().toList();
    return spark.parallelize(indices, Math.max(1, Math.min(groups, 4 * spark.defaultParallelism())))
        .mapPartitions(part -> generate(part, shared.value(), executorHadoop)).reduce(Long::sum);
  }

  private static Iterator<Long> generate(Iterator<Integer> groups, Job job, SerializableConfiguration hadoop) throws IOException {
    if (!groups.hasNext()) {
      return List.of(0L).iterator();
    }
    java.nio.file.Path bundle = null;
    MusicGenerator.Builder builder = MusicGenerator.builder();
    if (job.bundle().length > 0) {
      bundle = Files.createTempFile("cadenza-model", ".cadenza");
      Files.write(bundle, job.bundle());
      builder.model(bundle);
    }
    long written = 0;
    MidiWriter writer = new MidiWriter();
    try (MusicGenerator generator = builder.build()) {
      while (groups.hasNext()) {
        int group = groups.next();
        List<Score> pieces = new ArrayList<>(generator.generate(job.request(group), job.size(group)));
        for (int k = 0; k < pieces.size(); k++) {
          Path file = new Path(job.output(), String.format(Locale.ROOT, "piece-%06d.mid", group * job.batch() + k));
          try (OutputStream out = file.getFileSystem(hadoop.value()).create(file, true)) {
            out.write(writer.toBytes(pieces.get(k)));
          }
          written++;
        }
      }
    } finally {
      if (bundle != null) {
        Files.deleteIfExists(bundle);
      }
    }
    return List.of(written).iterator();
  }
}
