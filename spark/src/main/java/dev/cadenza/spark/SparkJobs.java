package dev.cadenza.spark;

import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;

/** What the Spark jobs share: their Spark context, and a command line whose failures are one line each. */
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
}
