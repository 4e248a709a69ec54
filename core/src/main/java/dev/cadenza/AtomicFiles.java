package dev.cadenza;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Writes files atomically: into a temporary file beside the target, then renamed over it, so that a reader (or a
 * crash) sees the whole old file or the whole new one, never half of either.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

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

  /**
   * Lets {@code writer} fill a temporary file, then moves it over {@code file} atomically. The new file gets the
   * permissions of the one it replaces, or else those any new file gets (the user's umask); not the owner-only
   * mode of {@link Files#createTempFile}.
   */
  public static void write(Path file, Writer writer) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = createTemp(dir, file.getFileName().toString());
    try {
      if (Files.exists(file) && Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
      }
      writer.writeTo(temp);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }
}
