package dev.cadenza.corpus;

import java.nio.file.Path;

/**
 * A file a corpus left out, and why.
 *
 * @param file the file
 * @param reason what was wrong with it
 */
public record SkippedFile(Path file, String reason) {
  @Override
  public String toString() {
    return file + ": " + reason;
  }
}
