package dev.cadenza.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values that give a usage error naming the option, before a command does any work. */
final class OptionChecks {
  private OptionChecks() {}

  /** A usage error with {@code message} unless {@code ok}. */
  static void require(CommandSpec spec, boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** A usage error unless {@code value} is at least {@code least}. */
  static void atLeast(CommandSpec spec, String option, long value, long least) {
    require(spec, value >= least, option + " must be at least " + least + ", was " + value);
  }

  /** A usage error unless {@code low <= value < high} (or {@code <= high} when {@code highIncluded}). */
  static void within(CommandSpec spec, String option, double value, double low, double high, boolean highIncluded) {
    boolean ok = value >= low && (highIncluded ? value <= high : value < high);
    require(spec, ok, option + " must be from " + low + " to " + (highIncluded ? "" : "below ") + high + ", was " + value);
  }

  /** The whole number {@code text} within {@code low..high}; else a usage error naming the option. */
  static int integer(CommandSpec spec, String option, String text, int low, int high) {
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), option + ": '" + text + "' is not a whole number");
    }
    require(spec, value >= low && value <= high, option + " must be from " + low + " to " + high + ", was " + value);
    return value;
  }

  /** A usage error unless the file exists and is a file, not a folder. */
  static void existingFile(CommandSpec spec, String option, Path file) {
    require(spec, Files.exists(file), option + " " + file + ": no such file");
    require(spec, !Files.isDirectory(file), option + " " + file + " is a folder; name a file");
  }

  /** A usage error if the path exists and is not a folder. */
  static void folderOrNew(CommandSpec spec, String option, Path dir) {
    require(spec, !Files.exists(dir) || Files.isDirectory(dir), option + " " + dir + " is a file; name a folder");
  }
}
