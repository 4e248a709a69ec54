package dev.cadenza.corpus;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What a table says about a corpus's files, such as the Groove MIDI Dataset's {@code info.csv}: one row per file, with
 * the file (column {@code midi_filename}, or {@code file}) relative to the table's folder, its style (column
 * {@code style}; the part before a {@code /}, in lower case, so {@code funk/groove1} is {@code funk}) and, where the
 * table has a {@code split} column, the part of the data set it belongs to ({@code train}, {@code validation} or
 * {@code test}).
 */
public final class FileLabels {
  /** The name the beat preset looks for in a data folder. */
  public static final String DEFAULT_NAME = "info.csv";

  /** The part of a data set a file belongs to. */
  public enum Split {
    /** Learned from. */
    TRAIN,
    /** Chooses the best model. */
    VALIDATION,
    /** Held out for evaluation: never seen in training. */
    TEST
  }

  /**
   * One file's labels.
   *
   * @param style its style, lower case
   * @param split its part of the data set, where the table says
   */
  public record Label(String style, Optional<Split> split) {}

  private final Path table;
  private final Map<Path, Label> labels;

  private FileLabels(Path table, Map<Path, Label> labels) {
    this.table = table;
    this.labels = Map.copyOf(labels);
  }

  /**
   * Reads a table.
   *
   * @throws IllegalArgumentException naming the table and what is wrong: a missing column, a row without a file or
   *     style, a split that is none of the three
   * @throws IOException if the table cannot be read
   */
  public static FileLabels read(Path table) throws IOException {
    Path folder = table.toAbsolutePath().normalize().getParent();
    Map<Path, Label> labels = new HashMap<>();
    try (Reader reader = Files.newBufferedReader(table, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build().parse(reader)) {
      List<String> columns = parser.getHeaderNames();
      String fileColumn = columns.contains("midi_filename") ? "midi_filename" : "file";
      for (String needed : List.of(fileColumn, "style")) {
        if (!columns.contains(needed)) {
          throw new IllegalArgumentException(table + ": no column '" + needed + "' (it has " + String.join(", ", columns) + ")");
        }
      }
      boolean splits = columns.contains("split");
      for (CSVRecord row : parser) {
        String file = row.isSet(fileColumn) ? row.get(fileColumn) : "";
        String style = row.isSet("style") ? row.get("style").split("/", 2)[0].strip().toLowerCase(Locale.ROOT) : "";
        if (file.isEmpty() || style.isEmpty()) {
          throw new IllegalArgumentException(table + ", line " + parser.getCurrentLineNumber() + ": a row needs a file and a style");
        }
        Optional<Split> split = splits && row.isSet("split") && !row.get("split").isEmpty()
            ? Optional.of(split(table, parser.getCurrentLineNumber(), row.get("split"))) : Optional.empty();
        labels.put(folder.resolve(file).normalize(), new Label(style, split));
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(table + ": no rows");
    }
    return new FileLabels(table, labels);
  }

  private static Split split(Path table, long line, String text) {
    try {
      return Split.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(table + ", line " + line + ": the split must be train, validation or test, was '" + text + "'");
    }
  }

  /** The table named {@value #DEFAULT_NAME} in the folder or the shallowest one below it, if there is one. */
  public static Optional<Path> find(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try (Stream<Path> walk = Files.walk(folder, 4)) {
      return walk.filter(p -> p.getFileName().toString().equals(DEFAULT_NAME) && Files.isRegularFile(p))
          .min(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
    }
  }

  /** The labels of a file, if the table has a row for it. */
  public Optional<Label> of(Path file) {
    return Optional.ofNullable(labels.get(file.toAbsolutePath().normalize()));
  }

  /** The files of one split with their styles, in path order. */
  public SortedMap<Path, String> filesIn(Split split) {
    SortedMap<Path, String> files = new TreeMap<>();
    labels.forEach((file, label) -> {
      if (label.split().equals(Optional.of(split))) {
        files.put(file, label.style());
      }
    });
    return files;
  }

  /** The styles the table names, sorted. */
  public List<String> styles() {
    return List.copyOf(new TreeSet<>(labels.values().stream().map(Label::style).toList()));
  }

  /** The table these labels come from. */
  public Path table() {
    return table;
  }

  /** How many files the table labels. */
  public int size() {
    return labels.size();
  }

  @Override
  public String toString() {
    return "FileLabels[" + table + ": " + labels.size() + " files, styles " + styles() + "]";
  }
}
