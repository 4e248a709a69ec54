package dev.cadenza.cli;

import dev.cadenza.midi.MidiFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What the command line says when a command fails: one line a person can act on, and the exit status (2 for a
 * mistake in the arguments, 1 for a failure while working). Stack traces are for {@code --debug} only.
 */
final class Failures {
  /** The exit status of unusable arguments. */
  static final int USAGE = 2;
  /** The exit status of a failure while working. */
  static final int FAILED = 1;

  private Failures() {}

  /** The failure in one line. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return describe(u.getCause());
    }
    if (e instanceof NoSuchFileException f) {
      return "no such file or folder: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof NotDirectoryException f) {
      return f.getFile() + " is not a folder";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " is in the way: it exists, and a folder is needed there";
    }
    if (e instanceof FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot use it");
    }
    if (e instanceof MidiFormatException || e instanceof IOException
        || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      return oneLine(e.getMessage() != null ? e.getMessage() : e.toString());
    }
    return "internal error: " + oneLine(e.toString()) + " (run again with --debug to see where)";
  }

  /** The exit status for the failure. */
  static int status(Throwable e) {
    return e instanceof IllegalArgumentException ? USAGE : FAILED;
  }

  /** Text on one line: line breaks become "; ". */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
