package dev.cadenza.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real data sets in {@code ../shared/data} for tests. Where the folder is missing, a test that needs
 * it is skipped with a message saying so, except under CI ({@code CI=true}), where it fails: CI must run them.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared data folder, from the system property {@code cadenza.shared.data} or {@code ../shared/data}. */
  public static Path root() {
    String configured = System.getProperty("cadenza.shared.data");
    return (configured != null ? Path.of(configured) : Path.of("..", "shared", "data")).toAbsolutePath().normalize();
  }

  /** A folder below the shared data root; skips the calling test (or fails it under CI) when it is absent. */
  public static Path dir(String relative) {
    Path dir = root().resolve(relative);
    if (!Files.isDirectory(dir)) {
      String message = "real-data test needs " + dir + ", which is absent (it lies in ../shared/data beside the project)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + "; CI=true, so this is a failure");
      }
      Assumptions.abort("skipped: " + message);
    }
    return dir;
  }

  /** Whether the shared data folder is there, for parameter sources that must not throw. */
  public static boolean present() {
    return Files.isDirectory(root());
  }

  /** The regular files below a shared folder whose names end with one of the given suffixes, sorted. */
  public static List<Path> files(String relative, String... suffixes) {
    try (Stream<Path> walk = Files.walk(dir(relative))) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> suffixes.length == 0 || Stream.of(suffixes)
              .anyMatch(s -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s)))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
