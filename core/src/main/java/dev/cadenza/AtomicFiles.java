package dev.cadenza;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: into a temporary file beside the target, then renamed over it, so that a reader (or a
 * crash) sees the whole old file or the whole new one, never half of either.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes something to a path that it is given. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the content to {@code file}. */
    void writeTo(Path file) throws IOException;
  }

  /** Writes bytes to a file atomically, creating its folder if needed. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, temp -> Files.write(temp, bytes));
  }

  /** Lets {@code writer} fill a temporary file, then moves it over {@code file} atomically. */
  public static void write(Path file, Writer writer) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      writer.writeTo(temp);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
