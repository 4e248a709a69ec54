package dev.cadenza.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds tokenizers by name among the {@link TokenizerProvider}s on the class path, and saves and loads them as
 * JSON. The built-in ones are {@code note-chord}, {@code performance}, {@code remi}, {@code piano-roll} and
 * {@code drum-grid}.
 */
public final class Tokenizers {
  private static final Logger LOG = LoggerFactory.getLogger(Tokenizers.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Tokenizers() {}

  /** Discovered once, on first use; a provider that fails to load is logged and left out. */
  private static final class Registry {
    static final Map<String, TokenizerProvider> PROVIDERS = discover();

    private static Map<String, TokenizerProvider> discover() {
      Map<String, TokenizerProvider> found = new LinkedHashMap<>();
      ServiceLoader<TokenizerProvider> loader = ServiceLoader.load(TokenizerProvider.class, Tokenizers.class.getClassLoader());
      for (var iterator = loader.stream().iterator(); iterator.hasNext(); ) {
        try {
          TokenizerProvider provider = iterator.next().get();
          TokenizerProvider earlier = found.putIfAbsent(provider.name(), provider);
          if (earlier != null) {
            LOG.warn("two tokenizers are named '{}': {} and {}; using the first", provider.name(),
                earlier.getClass().getName(), provider.getClass().getName());
          }
        } catch (ServiceConfigurationError e) {
          LOG.warn("a tokenizer provider could not be loaded and is left out: {}", e.getMessage());
        }
      }
      return Map.copyOf(found);
    }
  }

  /** Every tokenizer provider found, sorted by name. */
  public static List<TokenizerProvider> providers() {
    return Registry.PROVIDERS.values().stream().sorted(Comparator.comparing(TokenizerProvider::name)).toList();
  }

  /**
   * The encoding of that name, ids or frames, with the given options.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or bad options
   */
  public static ScoreEncoding encoding(String name, TokenizerConfig config) {
    TokenizerProvider provider = Registry.PROVIDERS.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("no tokenizer named '" + name + "'; the tokenizers found are "
          + new TreeSet<>(Registry.PROVIDERS.keySet()));
    }
    return provider.create(config);
  }

  /**
   * The token-id tokenizer of that name.
   *
   * @throws IllegalArgumentException for an unknown name, bad options, or a tokenizer that gives frames
   */
  public static Tokenizer get(String name, TokenizerConfig config) {
    if (encoding(name, config) instanceof Tokenizer tokenizer) {
      return tokenizer;
    }
    throw new IllegalArgumentException(name + " encodes scores as frames, not token ids: use Tokenizers.frames");
  }

  /**
   * The frame encoding of that name.
   *
   * @throws IllegalArgumentException for an unknown name, bad options, or a tokenizer that gives token ids
   */
  public static FrameEncoding frames(String name, TokenizerConfig config) {
    if (encoding(name, config) instanceof FrameEncoding frames) {
      return frames;
    }
    throw new IllegalArgumentException(name + " encodes scores as token ids, not frames: use Tokenizers.get");
  }

  /** The encoding a spec describes, with its fitted vocabulary if it has one. */
  public static ScoreEncoding fromSpec(TokenizerSpec spec) {
    ScoreEncoding encoding = encoding(spec.tokenizer(), new TokenizerConfig(spec.options()));
    if (encoding instanceof Tokenizer tokenizer && tokenizer.needsVocabulary()) {
      if (spec.vocabulary().isEmpty()) {
        throw new IllegalArgumentException(spec.tokenizer() + " needs its fitted vocabulary, which the spec lacks");
      }
      return tokenizer.withVocabulary(Vocabulary.of(spec.vocabulary()));
    }
    return encoding;
  }

  /** The spec as JSON text. */
  public static String toJson(TokenizerSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tokenizer spec could not be written as JSON", e);
    }
  }

  /**
   * A spec from JSON text.
   *
   * @throws IOException if the text is not a tokenizer spec
   */
  public static TokenizerSpec specFromJson(String json) throws IOException {
    TokenizerSpec spec = JSON.readValue(json, TokenizerSpec.class);
    if (spec == null || spec.tokenizer() == null) {
      throw new IOException("not a tokenizer spec: it names no tokenizer");
    }
    return spec;
  }

  /** Saves an encoding (name, options, vocabulary) as JSON, atomically. */
  public static void save(ScoreEncoding encoding, Path file) throws IOException {
    AtomicFiles.write(file, toJson(encoding.spec()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Loads an encoding saved by {@link #save}.
   *
   * @throws IOException if the file cannot be read or does not hold a tokenizer spec
   */
  public static ScoreEncoding load(Path file) throws IOException {
    try {
      return fromSpec(specFromJson(Files.readString(file)));
    } catch (IllegalArgumentException | IOException e) {
      throw new IOException(file + ": not a usable tokenizer file: " + e.getMessage(), e);
    }
  }
}
