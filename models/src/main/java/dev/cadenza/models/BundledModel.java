package dev.cadenza.models;

import dev.cadenza.Digests;
import dev.cadenza.bundle.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A model that ships with Cadenza: its bundle on the class path and what its manifest says about it.
 *
 * @param name how users ask for it ({@code chorales})
 * @param summary what it makes, in one line
 * @param resource the bundle's class-path resource, beside the manifest ({@code chorales.cadenza})
 * @param sha256 the bundle's SHA-256: a bundle that differs is refused
 * @param trainedOn the data it was trained on, with its licence
 * @param command the exact {@code cadenza train} command that made it, from the repository root
 * @param evaluation what {@code cadenza evaluate} measured, one line per figure
 */
public record BundledModel(String name, String summary, String resource, String sha256, String trainedOn, String command,
    List<String> evaluation) {
  /** Checks that nothing is missing. */
  public BundledModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(trainedOn, "trainedOn");
    Objects.requireNonNull(command, "command");
    evaluation = evaluation == null ? List.of() : List.copyOf(evaluation);
  }

  /**
   * The bundle's bytes, checked against the manifest's checksum.
   *
   * @throws IOException if the resource is missing or its bytes are not the ones the manifest names
   */
  public byte[] bytes() throws IOException {
    byte[] bytes;
    try (InputStream in = BundledModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the bundled model " + name + " is missing its bundle " + resource + " from the class path");
      }
      bytes = in.readAllBytes();
    }
    String actual = Digests.sha256(bytes);
    if (!actual.equals(sha256)) {
      throw new IOException("the bundled model " + name + " (" + resource + ") does not match its manifest: SHA-256 " + actual
          + ", the manifest says " + sha256);
    }
    return bytes;
  }

  /**
   * The bundle, read and checked as {@link ModelBundle#read} checks a file.
   *
   * @throws IOException if the bundle is missing, differs from its manifest, or is not a bundle this version reads
   */
  public ModelBundle read() throws IOException {
    Path temp = Files.createTempFile("cadenza-" + name, ModelBundle.EXTENSION);
    try {
      Files.write(temp, bytes());
      return ModelBundle.read(temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
