package dev.cadenza.spark;

import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;

/** What the Spark jobs share: their Spark context, a command line whose failures are one line each, finding and reading files. */
final class SparkJobs {
  private SparkJobs() {}

  /**
   * A Spark context: on {@code master} where one is given, else on spark-submit's ({@code spark.master}), else
   * {@code local[*]}; without the web UI in local mode.
   */
  static JavaSparkContext context(String appName, String master) {
    SparkConf conf = new SparkConf().setAppName(appName).setIfMissing("spark.master", "local[*]");
    if (master != null && !master.isEmpty()) {
      conf.setMaster(master);
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    return new JavaSparkContext(conf);
  }

  /**
   * Runs a job's command line and returns its exit status: 0 when it worked, 2 for unusable arguments, 1 for a failure;
   * each failure one line on standard error, with the stack trace only under {@code --debug}.
   */
  static int execute(Object job, String... args) {
    CommandLine line = new CommandLine(job);
    PrintWriter err = new PrintWriter(System.err, true);
    line.setErr(err);
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    line.setParameterExceptionHandler((e, arguments) -> fail(line, e.getMessage() + " (see --help)", e, debug, 2));
    line.setExecutionExceptionHandler((e, failed, parsed) -> fail(line, describe(e), e, debug, 1));
    return line.execute(args);
  }

  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file or folder: " + f.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " " + f.getReason();
    }
    return e.getMessage() != null ? e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ") : e.toString();
  }

  private static int fail(CommandLine line, String message, Exception e, boolean debug, int status) {
    line.getErr().println(line.getCommandSpec().name() + ": " + message);
    if (debug) {
      e.printStackTrace(line.getErr());
    }
    return status;
  }

  /**
   * The MIDI files the inputs name, as fully qualified paths in sorted order: a file as it is, a folder walked for
   * files with a MIDI extension. Listed on the driver with plain listings, which on a local file system (unlike Hadoop's
   * located listings, which run a process per file for its owner) cost no more than Java's own.
   */
  static List<String> find(List<String> inputs, Configuration hadoop) throws IOException {
    List<String> found = new ArrayList<>();
    for (String input : inputs) {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new NoSuchFileException(input, null, "no such file or folder");
      }
      List<String> files = new ArrayList<>();
      ArrayDeque<Path> folders = new ArrayDeque<>(List.of(fs.makeQualified(path)));
      if (fs.getFileStatus(path).isFile()) {
        files.add(fs.makeQualified(path).toString());
        folders.clear();
      }
      while (!folders.isEmpty()) {
        for (FileStatus status : fs.listStatus(folders.pop())) {
          if (status.isDirectory()) {
            folders.push(status.getPath());
          } else if (MidiFiles.hasMidiExtension(java.nio.file.Path.of(status.getPath().getName()))) {
            files.add(status.getPath().toString());
          }
        }
      }
      files.sort(null);
      found.addAll(files);
    }
    return found;
  }

  /** A file's bytes, or null if it is larger than a MIDI reader reads ({@link MidiReader#DEFAULT_MAX_FILE_BYTES}). */
  static byte[] read(String file, Configuration hadoop) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(hadoop);
    long size = fs.getFileStatus(path).getLen();
    if (size > MidiReader.DEFAULT_MAX_FILE_BYTES) {
      return null;
    }
    byte[] bytes = new byte[(int) size];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }
}
