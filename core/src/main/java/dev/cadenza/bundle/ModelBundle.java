package dev.cadenza.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.AtomicFiles;
import dev.cadenza.Cadenza;
import dev.cadenza.Digests;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.TokenizerSpec;
import dev.cadenza.tokens.Tokenizers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A trained model on disk: one zip file with {@code manifest.json}, {@code weights.bin} (the backend's format),
 * {@code weights.safetensors} (the same weights in the shared layout of {@link NamedTensors}, which any backend,
 * or PyTorch, can load) and {@code primers.json} (token windows from the training data to start generation
 * from). Written to a temporary file and renamed, so a crash never leaves a broken bundle; read with every part
 * checked.
 *
 * @param manifest the description
 * @param weights the backend's weights
 * @param portableWeights the weights as safetensors
 * @param primers token windows to start generation from (empty for frame models)
 */
public record ModelBundle(BundleManifest manifest, byte[] weights, byte[] portableWeights, List<int[]> primers) {
  /** The most bytes one entry of a bundle may hold once inflated (the weights of about 250 million parameters). */
  static final long MAX_ENTRY_BYTES = 1L << 30;
  /**
   * The entries a bundle is read from, each with the most bytes it may inflate to; any other entry is left unread,
   * so a zip bomb costs nothing but the refusal.
   */
  static final Map<String, Long> LIMITS = Map.of("manifest.json", 16L << 20, "primers.json", 256L << 20,
      "weights.bin", MAX_ENTRY_BYTES, "weights.safetensors", MAX_ENTRY_BYTES);

  /**
   * The bundle format this version writes; it reads this one and every earlier one (format 1, from before token
   * vocabularies had special tokens, reads with the tokenizer option {@code specialTokens=false}).
   */
  public static final int FORMAT_VERSION = 2;
  /** The file extension of bundles. */
  public static final String EXTENSION = ".cadenza";
  /** The backend name of a bundle with portable weights only ({@link #portable}). */
  public static final String PORTABLE = "portable";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A format-1 manifest as this version reads it: a token tokenizer's vocabulary ends without special tokens. */
  private static BundleManifest withoutSpecialTokens(BundleManifest manifest) {
    TokenizerSpec spec = manifest.tokenizer();
    try {
      if (!(Tokenizers.encoding(spec.tokenizer(), new TokenizerConfig(spec.options())) instanceof Tokenizer)) {
        return manifest;
      }
    } catch (IllegalArgumentException e) {
      return manifest; // the tokenizer check below names what is wrong
    }
    TokenizerSpec old = new TokenizerSpec(spec.tokenizer(), new TokenizerConfig(spec.options()).with(TokenizerConfig.SPECIAL_TOKENS, "false").options(),
        spec.vocabulary());
    return new BundleManifest(manifest.formatVersion(), manifest.libraryVersion(), manifest.backend(), manifest.architecture(),
        old, manifest.training(), manifest.weightsSha256(), manifest.portableWeightsSha256());
  }

  /** Copies the primers. */
  public ModelBundle {
    primers = List.copyOf(primers);
  }

  /**
   * A bundle of a model's current weights.
   *
   * @throws IOException if the backend cannot write its weights
   */
  public static ModelBundle of(SequenceModel model, String backend, dev.cadenza.tokens.TokenizerSpec tokenizer,
      Provenance training, List<int[]> primers) throws IOException {
    Path temp = Files.createTempFile("cadenza-weights", ".bin");
    try {
      model.save(temp);
      byte[] weights = Files.readAllBytes(temp);
      byte[] portable = SafeTensors.toBytes(model.exportWeights(), Map.of("format", "pt", "cadenza", Cadenza.version()));
      BundleManifest manifest = new BundleManifest(FORMAT_VERSION, Cadenza.version(), backend, model.spec(), tokenizer,
          training, Digests.sha256(weights), Digests.sha256(portable));
      return new ModelBundle(manifest, weights, portable, primers);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * This bundle without what only training needs (the backend's own weights, with the optimizer's state): its portable
   * weights alone, under the backend name {@value #PORTABLE}, which every backend loads ({@link #load}) and which is
   * about a third of the size. The bundled models ship so.
   */
  public ModelBundle portable() {
    byte[] none = new byte[0];
    BundleManifest stripped = new BundleManifest(manifest.formatVersion(), manifest.libraryVersion(), PORTABLE,
        manifest.architecture(), manifest.tokenizer(), manifest.training(), Digests.sha256(none), manifest.portableWeightsSha256());
    return new ModelBundle(stripped, none, portableWeights, primers);
  }

  /** Writes the bundle atomically: the file is the whole new bundle or what it was before. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, temp -> {
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
        entry(zip, "manifest.json", JSON.writeValueAsBytes(manifest));
        entry(zip, "weights.bin", weights);
        entry(zip, "weights.safetensors", portableWeights);
        entry(zip, "primers.json", JSON.writeValueAsBytes(primers));
      }
    });
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /**
   * Reads and checks a bundle.
   *
   * @throws IOException naming the file and what is wrong: not a bundle, a format this version cannot read, a
   *     missing part, or weights that do not match their checksum
   */
  public static ModelBundle read(Path file) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    // ZipFile reads the central directory at the end first: a truncated file is refused, not read in part.
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (Map.Entry<String, Long> part : LIMITS.entrySet()) {
        ZipEntry e = zip.getEntry(part.getKey());
        if (e != null) {
          try (InputStream in = zip.getInputStream(e)) {
            entries.put(e.getName(), readAll(in, file, e.getName(), part.getValue()));
          }
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException(file + ": not a Cadenza model bundle (not a readable zip file: " + e.getMessage() + ")", e);
    }
    byte[] manifestBytes = entries.get("manifest.json");
    if (manifestBytes == null) {
      throw new IOException(file + ": not a Cadenza model bundle (it has no manifest.json)");
    }
    BundleManifest manifest;
    try {
      manifest = JSON.readValue(manifestBytes, BundleManifest.class);
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": the bundle's manifest.json is unreadable: " + e.getMessage(), e);
    }
    if (manifest.formatVersion() < 1 || manifest.formatVersion() > FORMAT_VERSION) {
      throw new IOException(file + ": written by Cadenza " + manifest.libraryVersion() + " in bundle format "
          + manifest.formatVersion() + "; Cadenza " + Cadenza.version() + " reads formats 1 to " + FORMAT_VERSION);
    }
    if (manifest.formatVersion() == 1) {
      manifest = withoutSpecialTokens(manifest);
    }
    byte[] weights = entries.get("weights.bin");
    if (weights == null || !Digests.sha256(weights).equals(manifest.weightsSha256())) {
      throw new IOException(file + ": the bundle's weights are " + (weights == null ? "missing" : "corrupt (their checksum does not match)"));
    }
    byte[] portable = entries.get("weights.safetensors");
    if (portable == null || !Digests.sha256(portable).equals(manifest.portableWeightsSha256())) {
      throw new IOException(file + ": the bundle's portable weights are " + (portable == null ? "missing" : "corrupt (their checksum does not match)"));
    }
    Optional<String> mismatch;
    try {
      mismatch = manifest.architecture().mismatch(Tokenizers.fromSpec(manifest.tokenizer()));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": the bundle's tokenizer cannot be rebuilt: " + e.getMessage(), e);
    }
    if (mismatch.isPresent()) {
      throw new IOException(file + ": the bundle's model does not fit its tokenizer: " + mismatch.get());
    }
    List<int[]> primers = entries.containsKey("primers.json")
        ? List.of(JSON.readValue(entries.get("primers.json"), int[][].class)) : List.of();
    return new ModelBundle(manifest, weights, portable, primers);
  }

  /**
   * The model, on the given backend: from the backend's own weights (with its optimizer state) when it is the one
   * that trained the model, else from the portable weights.
   *
   * @throws IOException if the backend cannot read the weights, or they do not fit the architecture
   */
  public SequenceModel load(SequenceModelProvider provider) throws IOException {
    if (!provider.name().equals(manifest.backend())) {
      SequenceModel model = provider.create(manifest.architecture());
      try {
        model.importWeights(SafeTensors.fromBytes(portableWeights, "weights.safetensors"));
      } catch (IllegalArgumentException e) {
        model.close();
        throw new IOException("the bundle's portable weights do not fit its architecture: " + e.getMessage(), e);
      }
      return model;
    }
    Path temp = Files.createTempFile("cadenza-weights", ".bin");
    try {
      Files.write(temp, weights);
      return provider.load(temp, manifest.architecture());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** An entry's bytes, refusing one that inflates past its limit (a zip bomb, or not a bundle). */
  private static byte[] readAll(InputStream in, Path file, String name, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      if (out.size() + (long) n > limit) {
        throw new IOException(file + ": not a Cadenza model bundle (its entry " + name + " is larger than "
            + (limit >> 20) + " MiB)");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

}
