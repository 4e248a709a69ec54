package dev.cadenza.model;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backends through {@link ServiceLoader}. The choice order: a name asked for in code, else the system
 * property {@code cadenza.backend}, else the environment variable {@code CADENZA_BACKEND}, else the available
 * backend of highest priority.
 */
public final class Backends {
  /** The system property that names a backend. */
  public static final String PROPERTY = "cadenza.backend";
  /** The environment variable that names a backend. */
  public static final String ENVIRONMENT = "CADENZA_BACKEND";
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private Backends() {}

  /** Every backend on the class path, available or not, highest priority first. */
  public static List<SequenceModelProvider> all() {
    List<SequenceModelProvider> found = new java.util.ArrayList<>();
    for (var iterator = ServiceLoader.load(SequenceModelProvider.class, Backends.class.getClassLoader()).stream().iterator();
        iterator.hasNext(); ) {
      try {
        found.add(iterator.next().get());
      } catch (ServiceConfigurationError e) {
        LOG.warn("a backend could not be loaded and is left out: {}", e.getMessage());
      }
    }
    found.sort(Comparator.comparingInt(SequenceModelProvider::priority).reversed().thenComparing(SequenceModelProvider::name));
    return List.copyOf(found);
  }

  /** The backends that can run here, highest priority first. */
  public static List<SequenceModelProvider> available() {
    return all().stream().filter(Backends::safelyAvailable).toList();
  }

  private static boolean safelyAvailable(SequenceModelProvider p) {
    try {
      return p.isAvailable();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("backend {} broke its promise not to throw from isAvailable(): {}", p.name(), e.toString());
      return false;
    }
  }

  /**
   * The backend of that name.
   *
   * @throws IllegalStateException if there is none of that name (listing the names found) or it cannot run here
   */
  public static SequenceModelProvider get(String name) {
    return named(all(), name);
  }

  /**
   * The backend to use: {@code requested} if given, else the system property, else the environment variable,
   * else the available backend of highest priority.
   *
   * @throws IllegalStateException if no backend is on the class path (naming the artifacts to add), or a named one is unknown
   */
  public static SequenceModelProvider choose(Optional<String> requested) {
    return choose(all(), requested, System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
  }

  /** {@link #choose(Optional)} over the given providers and settings. */
  static SequenceModelProvider choose(List<SequenceModelProvider> found, Optional<String> requested, String property,
      String environment) {
    Optional<String> named = requested.filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(property).filter(s -> !s.isBlank()))
        .or(() -> Optional.ofNullable(environment).filter(s -> !s.isBlank()));
    if (named.isPresent()) {
      return named(found, named.get());
    }
    return found.stream().filter(Backends::safelyAvailable).findFirst().orElseThrow(() -> new IllegalStateException(noBackend()));
  }

  private static SequenceModelProvider named(List<SequenceModelProvider> found, String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    SequenceModelProvider provider = found.stream().filter(p -> p.name().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalStateException(found.isEmpty() ? noBackend()
            : "no backend named '" + name + "'; the backends found are "
                + new TreeSet<>(found.stream().map(SequenceModelProvider::name).toList())));
    if (!safelyAvailable(provider)) {
      throw new IllegalStateException("backend '" + name + "' is on the class path but cannot run here (its native libraries did not load)");
    }
    return provider;
  }

  private static String noBackend() {
    return "no Cadenza backend is on the class path: add the dependency dev.cadenza:cadenza-backend-dl4j "
        + "(Deeplearning4j) or dev.cadenza:cadenza-backend-djl (DJL with PyTorch)";
  }
}
