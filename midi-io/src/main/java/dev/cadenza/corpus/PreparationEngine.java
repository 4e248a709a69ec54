package dev.cadenza.corpus;

import java.io.IOException;
import java.util.List;

/**
 * Something that runs a {@link CorpusPreparation} over many files: {@code local} (this machine's threads) is built in;
 * the {@code spark} module adds {@code spark} (Apache Spark, local or on a cluster). Found with
 * {@link java.util.ServiceLoader} by {@link #find}, as DJL finds its engines.
 */
public interface PreparationEngine {
  /** Its name: {@code local}, {@code spark}. */
  String name();

  /** One line on what it runs on and what its argument means. */
  String summary();

  /**
   * Prepares the MIDI files the inputs name (files or folders; URIs where the engine reads a distributed file system)
   * into {@code output}.
   *
   * @param argument what follows the name in {@code NAME:ARGUMENT}: for {@code local} the number of threads, for
   *     {@code spark} the master URL; empty for the engine's default
   * @param overwrite whether a corpus already in {@code output} may be replaced
   * @param progress told as files are read, where the engine can tell
   * @throws IllegalArgumentException if the argument does not fit the engine
   * @throws java.nio.file.FileAlreadyExistsException if {@code output} holds a corpus and overwriting was not asked for
   * @throws IOException if an input cannot be found or the output cannot be written
   */
  CorpusPreparation.Report prepare(CorpusPreparation preparation, List<String> inputs, String output, String argument,
      boolean overwrite, MidiCorpus.Progress progress) throws IOException;

  /** The engines on the class path, by name. */
  static List<PreparationEngine> available() {
    return java.util.ServiceLoader.load(PreparationEngine.class).stream().map(java.util.ServiceLoader.Provider::get)
        .sorted(java.util.Comparator.comparing(PreparationEngine::name)).toList();
  }

  /**
   * The engine of that name.
   *
   * @throws IllegalArgumentException naming the engines there are, if none has that name
   */
  static PreparationEngine find(String name) {
    return available().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "no preparation engine '" + name + "' on the class path (there are: " + String.join(", ", available().stream()
            .map(PreparationEngine::name).toList()) + ")" + ("spark".equals(name) ? "; the spark engine is the cadenza-spark "
            + "module: ./cadenza adds it when asked for --engine spark, a Java program adds the artifact cadenza-spark" : "")));
  }
}
