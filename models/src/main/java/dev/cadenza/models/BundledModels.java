package dev.cadenza.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bundled models, from the manifest {@code models.json} in this package: each model's name, what it was trained
 * on and how, its evaluation and the checksum of its bundle.
 */
public final class BundledModels {
  /** The model {@code MusicGenerator} loads when given none, and {@code cadenza generate} uses by default. */
  public static final String DEFAULT = "chorales";
  /** The model {@code cadenza generate --preset beats} uses by default. */
  public static final String BEATS = "beats";
  /** The manifest's class-path resource, beside the bundles. */
  public static final String MANIFEST = "models.json";

  private static final List<BundledModel> ALL = load();

  private BundledModels() {}

  private static List<BundledModel> load() {
    try (InputStream in = BundledModels.class.getResourceAsStream(MANIFEST)) {
      if (in == null) {
        return List.of();
      }
      return Arrays.asList(new ObjectMapper().readValue(in, BundledModel[].class));
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled models' manifest " + MANIFEST + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Every bundled model, in the manifest's order. */
  public static List<BundledModel> all() {
    return ALL;
  }

  /** The bundled model of that name, if there is one. */
  public static Optional<BundledModel> named(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * The bundled model of that name.
   *
   * @throws IllegalArgumentException naming the models there are, if none has that name
   */
  public static BundledModel require(String name) {
    return named(name).orElseThrow(() -> new IllegalArgumentException("no bundled model '" + name + "' (there "
        + (ALL.isEmpty() ? "are none" : (ALL.size() == 1 ? "is " : "are ") + String.join(", ", ALL.stream().map(BundledModel::name).toList())) + ")"));
  }
}
