package dev.cadenza.model;

import java.util.ArrayList;
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
 * Finds backends through {@link ServiceLoader}, once (the providers on this class's class loader), and chooses one.
 * The choice order: a name asked for in code, else the system property {@code cadenza.backend}, else the
 * environment variable {@code CADENZA_BACKEND}, else the backend of highest priority that can run here and can
 * build the architecture. Every refusal names the backends found and why each was passed over.
 */
public final class Backends {
  /** The system property that names a backend. */
  public static final String PROPERTY = "cadenza.backend";
  /** The environment variable that names a backend. */
  public static final String ENVIRONMENT = "CADENZA_BACKEND";
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private Backends() {}

  /** The providers on the class path, found on first use. */
  private static final class Found {
    static final List<SequenceModelProvider> PROVIDERS = discover();

    private static List<SequenceModelProvider> discover() {
      List<SequenceModelProvider> found = new ArrayList<>();
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
  }

  /** Every backend on the class path, whether it can run here or not, highest priority first. */
  public static List<SequenceModelProvider> all() {
    return Found.PROVIDERS;
  }

  /** The backends that can run here, highest priority first. */
  public static List<SequenceModelProvider> available() {
    return all().stream().filter(p -> availability(p).possible()).toList();
  }

  /** A provider's availability, a provider that throws counting as one that cannot run. */
  public static Capability availability(SequenceModelProvider provider) {
    return guarded(provider, "availability()", () -> provider.availability());
  }

  /** Whether a provider can build the architecture, a provider that throws counting as one that cannot. */
  public static Capability supports(SequenceModelProvider provider, ArchitectureSpec spec) {
    return guarded(provider, "supports()", () -> provider.supports(spec));
  }

  private static Capability guarded(SequenceModelProvider provider, String call, java.util.function.Supplier<Capability> question) {
    try {
      return question.get();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("backend {} broke its promise not to throw from {}: {}", provider.name(), call, e.toString());
      return Capability.no("it failed to answer (" + e + ")");
    }
  }

  /**
   * The backend of that name, if it can run here.
   *
   * @throws IllegalStateException if there is none of that name (listing the names found) or it cannot run here (why)
   */
  public static SequenceModelProvider get(String name) {
    return named(all(), name, Optional.empty());
  }

  /**
   * The backend to use for any architecture: {@code requested} if given, else the system property, else the
   * environment variable, else the available backend of highest priority.
   *
   * @throws IllegalStateException if no backend is on the class path (naming the artifacts to add), a named one is
   *     unknown or cannot run here, or none can run here (saying why for each)
   */
  public static SequenceModelProvider choose(Optional<String> requested) {
    return choose(all(), requested, System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Optional.empty());
  }

  /**
   * The backend to use for this architecture, by the same rules, passing over backends that cannot build it.
   *
   * @throws IllegalStateException as {@link #choose(Optional)}, or if the named backend cannot build the
   *     architecture, or none can (saying why for each backend found)
   */
  public static SequenceModelProvider choose(Optional<String> requested, ArchitectureSpec spec) {
    return choose(all(), requested, System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Optional.of(spec));
  }

  /**
   * The backend for a trained model: {@code requested}, the system property or the environment variable if one
   * names a backend; else the backend that trained the model, when it is here and can run it (its own weights and
   * optimizer state load as they were saved); else the usual choice for the architecture.
   *
   * @throws IllegalStateException as {@link #choose(Optional, ArchitectureSpec)}
   */
  public static SequenceModelProvider forModel(Optional<String> requested, String trainedOn, ArchitectureSpec spec) {
    Optional<String> trainer = all().stream().filter(p -> p.name().equals(trainedOn))
        .filter(p -> availability(p).possible() && supports(p, spec).possible()).map(SequenceModelProvider::name).findFirst();
    String property = System.getProperty(PROPERTY);
    String environment = System.getenv(ENVIRONMENT);
    boolean named = requested.filter(s -> !s.isBlank()).isPresent() || (property != null && !property.isBlank())
        || (environment != null && !environment.isBlank());
    return named ? choose(all(), requested, property, environment, Optional.of(spec))
        : choose(all(), trainer, null, null, Optional.of(spec));
  }

  /** {@link #choose(Optional, ArchitectureSpec)} over the given providers and settings. */
  static SequenceModelProvider choose(List<SequenceModelProvider> found, Optional<String> requested, String property,
      String environment, Optional<ArchitectureSpec> spec) {
    Optional<String> named = requested.filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(property).filter(s -> !s.isBlank()))
        .or(() -> Optional.ofNullable(environment).filter(s -> !s.isBlank()));
    if (named.isPresent()) {
      return named(found, named.get(), spec);
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(noBackend());
    }
    List<String> passedOver = new ArrayList<>();
    for (SequenceModelProvider p : found) {
      Capability why = refusal(p, spec);
      if (why.possible()) {
        return p;
      }
      passedOver.add(p.name() + ": " + why.reason());
    }
    throw new IllegalStateException("no backend found can " + (spec.isPresent() ? "build this model" : "run") + " here ("
        + String.join("; ", passedOver) + ")");
  }

  /** Why a provider cannot serve here (or the spec, if given); {@link Capability#yes()} if it can. */
  private static Capability refusal(SequenceModelProvider p, Optional<ArchitectureSpec> spec) {
    Capability here = availability(p);
    if (!here.possible()) {
      return Capability.no("cannot run here: " + here.reason());
    }
    return spec.map(s -> supports(p, s)).orElse(Capability.yes());
  }

  private static SequenceModelProvider named(List<SequenceModelProvider> found, String name, Optional<ArchitectureSpec> spec) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    SequenceModelProvider provider = found.stream().filter(p -> p.name().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalStateException(found.isEmpty() ? noBackend()
            : "no backend named '" + name + "'; the backends found are "
                + new TreeSet<>(found.stream().map(SequenceModelProvider::name).toList())));
    Capability here = availability(provider);
    if (!here.possible()) {
      throw new IllegalStateException("backend '" + wanted + "' is on the class path but cannot run here: " + here.reason());
    }
    Capability builds = spec.map(s -> supports(provider, s)).orElse(Capability.yes());
    if (!builds.possible()) {
      throw new IllegalStateException("backend '" + wanted + "' cannot build this model: " + builds.reason());
    }
    return provider;
  }

  private static String noBackend() {
    return "no Cadenza backend is on the class path: add the dependency dev.cadenza:cadenza-backend-dl4j "
        + "(Deeplearning4j) or dev.cadenza:cadenza-backend-djl (DJL with PyTorch)";
  }
}
