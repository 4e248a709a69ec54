package dev.cadenza.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.evaluation.MusicFeatures;
import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * {@code spark-submit --class dev.cadenza.spark.Evaluate cadenza-spark.jar --generated DIR --reference DIR}: the
 * evaluation features ({@link MusicFeatures}) of a large generated set and a reference set, computed on the executors,
 * compared on the driver as {@code cadenza evaluate --generated --reference} compares them ({@link SetComparison}).
 * Files that cannot be read are named on standard error and left out.
 */
@Command(name = "Evaluate", mixinStandardHelpOptions = true, description = "Compares generated music with a reference set on Spark.")
public final class Evaluate implements Callable<Integer> {
  @Option(names = "--generated", required = true, paramLabel = "DIR-OR-URI", description = "Generated MIDI files; repeatable.")
  private List<String> generated = new ArrayList<>();

  @Option(names = "--reference", required = true, paramLabel = "DIR-OR-URI", description = "Reference MIDI files; repeatable.")
  private List<String> reference = new ArrayList<>();

  @Option(names = "--json", description = "Print the comparison as JSON.")
  private boolean json;

  @Option(names = "--debug", description = "After an error's one-line message, print the stack trace.")
  private boolean debug;

  /** Runs the job; exits 0 when it worked, 2 for unusable arguments, 1 for a failure. */
  public static void main(String[] args) {
    System.exit(SparkJobs.execute(new Evaluate(), args));
  }

  @Override
  public Integer call() throws Exception {
    try (JavaSparkContext spark = SparkJobs.context("cadenza Evaluate", null)) {
      List<SetComparison.Feature> features = SetComparison.compareFeatures(features(spark, generated), features(spark, reference));
      if (json) {
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(features));
      } else {
        SetComparison.table(features).forEach(System.out::println);
      }
    }
    return 0;
  }

  /**
   * The features of every MIDI file the inputs name, in the order of their paths, computed on the executors; a file
   * that cannot be read is named on standard error and left out.
   *
   * @throws IllegalArgumentException if no file could be read
   * @throws IOException if an input does not exist or cannot be listed
   */
  static List<Map<String, Double>> features(JavaSparkContext spark, List<String> inputs) throws IOException {
    List<String> files = SparkJobs.find(inputs, spark.hadoopConfiguration());
    SerializableConfiguration hadoop = new SerializableConfiguration(spark.hadoopConfiguration());
    List<Tuple2<String, Object>> results = spark.parallelize(files, Math.max(1, Math.min(files.size(), 4 * spark.defaultParallelism())))
        .map(file -> new Tuple2<>(file, features(file, hadoop))).collect();
    List<Map<String, Double>> features = new ArrayList<>();
    for (Tuple2<String, Object> result : results) {
      if (result._2() instanceof String error) {
        System.err.println("skipped " + result._1() + ": " + error);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Double> piece = (Map<String, Double>) result._2();
        features.add(piece);
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException(inputs + ": no MIDI file could be read");
    }
    return features;
  }

  /** A file's features, or why it could not be read. */
  private static Object features(String file, SerializableConfiguration hadoop) {
    try {
      byte[] bytes = SparkJobs.read(file, hadoop.value());
      if (bytes == null) {
        return CorpusPreparation.TOO_LARGE;
      }
      return new HashMap<>(MusicFeatures.of(MidiReader.lenient().read(bytes, file).score()));
    } catch (MidiFormatException e) {
      return "byte " + e.offset() + ": " + e.reason();
    } catch (IOException e) {
      return "cannot read it: " + e.getMessage();
    }
  }
}
