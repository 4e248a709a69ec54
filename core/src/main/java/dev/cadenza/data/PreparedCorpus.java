package dev.cadenza.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerSpec;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A corpus prepared once for training (by {@code ./cadenza prepare} or the Spark job {@code PrepareCorpus}): a folder
 * holding {@value #MANIFEST} (the tokenizer with its vocabulary, the preparation's settings, counts, and the shards of
 * each split), the token shards ({@link TokenShard}) under {@code train/}, {@code validation/} and {@code test/},
 * {@value #STATISTICS} (per-token counts, lengths) and {@value #REJECTS} (each file left out, and why). Within a
 * split, pieces are in the order of their sources, shard after shard. {@link ShardedDataset} streams it for training.
 */
public final class PreparedCorpus {
  /** The manifest's file name. */
  public static final String MANIFEST = "manifest.json";
  /** The statistics' file name. */
  public static final String STATISTICS = "statistics.json";
  /** The rejects table's file name: CSV with the columns {@code source,kind,reason}. */
  public static final String REJECTS = "rejects.csv";
  /** Everything a preparation writes in its folder (and an overwrite deletes): files and shard folders. */
  public static final List<String> ENTRIES = List.of(MANIFEST, STATISTICS, REJECTS, "train", "validation", "test");
  /** The manifest format this version writes and reads. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The parts a corpus is split into, by file. */
  public enum Split {
    /** Trained on. */
    TRAIN,
    /** Validated on while training. */
    VALIDATION,
    /** Held out for evaluation. */
    TEST;

    /** Its name in manifests and folder names: {@code train}, {@code validation}, {@code test}. */
    @JsonValue
    public String folder() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The split a manifest names. */
    @JsonCreator
    public static Split of(String folder) {
      return valueOf(folder.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One shard.
   *
   * @param file its path, relative to the corpus folder
   * @param split the split it belongs to
   * @param pieces its number of pieces
   * @param tokens its number of ids
   */
  public record Shard(String file, Split split, int pieces, long tokens) implements java.io.Serializable {
    /** The conventional path of a split's {@code index}-th shard: {@code train/part-00000.shard}. */
    public static String file(Split split, int index) {
      return String.format(Locale.ROOT, "%s/part-%05d.shard", split.folder(), index);
    }
  }

  /**
   * What became of the input files.
   *
   * @param files MIDI files found
   * @param kept files in the shards
   * @param unreadable files that could not be read
   * @param duplicates files left out as copies of a kept one (same bytes, or the same notes)
   * @param filtered files left out by the length, instrument or time-signature filters
   */
  public record Counts(int files, int kept, int unreadable, int duplicates, int filtered) {}

  /**
   * The manifest.
   *
   * @param format {@link #FORMAT}
   * @param tokenizer the tokenizer, with its vocabulary where it fits one
   * @param settings the preparation's settings, for the record
   * @param counts what became of the files
   * @param shards every shard, split by split, each split's in order
   */
  public record Manifest(int format, TokenizerSpec tokenizer, Map<String, String> settings, Counts counts, List<Shard> shards) {
    /** Copies the collections. */
    public Manifest {
      settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings));
      shards = List.copyOf(shards);
    }

    /** The shards of one split, in order. */
    public List<Shard> shards(Split split) {
      return shards.stream().filter(s -> s.split() == split).toList();
    }

    /** The manifest as JSON. */
    public byte[] toJson() {
      try {
        return JSON.writeValueAsBytes(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a manifest is always writable as JSON", e);
      }
    }

    /**
     * A manifest read from JSON.
     *
     * @param name where it came from, for errors
     * @throws IOException if it is not a manifest of a format this version reads
     */
    public static Manifest fromJson(byte[] json, String name) throws IOException {
      Manifest manifest;
      try {
        manifest = JSON.readValue(json, Manifest.class);
      } catch (JsonProcessingException e) {
        throw new IOException(name + " is not a prepared corpus's manifest: " + e.getOriginalMessage(), e);
      }
      if (manifest.format() != FORMAT) {
        throw new IOException(name + " is a manifest of format " + manifest.format() + "; this Cadenza reads format " + FORMAT);
      }
      return manifest;
    }
  }

  private final Path directory;
  private final Manifest manifest;
  private final Tokenizer tokenizer;

  private PreparedCorpus(Path directory, Manifest manifest, Tokenizer tokenizer) {
    this.directory = directory;
    this.manifest = manifest;
    this.tokenizer = tokenizer;
  }

  /**
   * Opens a prepared corpus folder.
   *
   * @throws NoSuchFileException if the folder has no manifest, or a shard it lists is missing
   * @throws IOException if the manifest cannot be read or is not one, or names a tokenizer that is not a token one
   */
  public static PreparedCorpus open(Path directory) throws IOException {
    Path file = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(directory.toString(), null, "not a prepared corpus (no " + MANIFEST + "): make one with cadenza prepare");
    }
    Manifest manifest = Manifest.fromJson(Files.readAllBytes(file), file.toString());
    for (Shard shard : manifest.shards()) {
      if (!Files.isRegularFile(directory.resolve(shard.file()))) {
        throw new NoSuchFileException(directory.resolve(shard.file()).toString(), null, "a shard the manifest lists is missing");
      }
    }
    ScoreEncoding encoding;
    try {
      encoding = Tokenizers.fromSpec(manifest.tokenizer());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    if (!(encoding instanceof Tokenizer tokenizer)) {
      throw new IOException(file + ": " + encoding.name() + " gives frames, and prepared corpora hold tokens");
    }
    return new PreparedCorpus(directory, manifest, tokenizer);
  }

  /** The folder. */
  public Path directory() {
    return directory;
  }

  /** The manifest. */
  public Manifest manifest() {
    return manifest;
  }

  /** The tokenizer the shards were made with, with its fitted vocabulary where it has one. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Opens a shard to read its pieces one at a time. */
  public TokenShard.Reader read(Shard shard) throws IOException {
    return TokenShard.open(Files.newInputStream(directory.resolve(shard.file())), directory.resolve(shard.file()).toString());
  }

  /** Reads a shard's header: its sources and lengths. */
  public TokenShard.Header header(Shard shard) throws IOException {
    return TokenShard.header(Files.newInputStream(directory.resolve(shard.file())), directory.resolve(shard.file()).toString());
  }

  /**
   * Every piece of a split, in memory, in order: for a corpus that fits (in-memory training, tests, tools).
   *
   * @throws IOException if a shard cannot be read or is damaged
   */
  public List<EncodedPiece.Tokens> pieces(Split split) throws IOException {
    List<EncodedPiece.Tokens> pieces = new ArrayList<>();
    for (Shard shard : manifest.shards(split)) {
      try (TokenShard.Reader reader = read(shard)) {
        reader.forEachRemaining(pieces::add);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return pieces;
  }

  /** Where a corpus is written: a local folder, or a Hadoop file system. */
  @FunctionalInterface
  public interface Sink {
    /** A new file at {@code path} (relative to the corpus folder, {@code /}-separated), its folders made as needed. */
    java.io.OutputStream create(String path) throws IOException;

    /** A sink writing under a local folder. */
    static Sink folder(Path directory) {
      return path -> {
        Path file = directory.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.newOutputStream(file);
      };
    }
  }

  /**
   * How a split's pieces of these lengths (in order) fall into shards of about {@code shardTokens} tokens: each shard's
   * number of pieces. A shard closes once it holds {@code shardTokens} or more.
   */
  public static List<Integer> shardSizes(List<Integer> lengths, long shardTokens) {
    List<Integer> sizes = new ArrayList<>();
    int pieces = 0;
    long tokens = 0;
    for (int i = 0; i < lengths.size(); i++) {
      pieces++;
      tokens += lengths.get(i);
      if (tokens >= shardTokens || i == lengths.size() - 1) {
        sizes.add(pieces);
        pieces = 0;
        tokens = 0;
      }
    }
    return sizes;
  }

  /**
   * Writes a split's pieces (in order) as shards of about {@code shardTokens} tokens each ({@link #shardSizes}),
   * numbered from {@code firstIndex}; returns them.
   */
  public static List<Shard> writeShards(Sink sink, Split split, List<EncodedPiece.Tokens> pieces, long shardTokens,
      int firstIndex) throws IOException {
    List<Shard> shards = new ArrayList<>();
    int from = 0;
    for (int size : shardSizes(pieces.stream().map(EncodedPiece.Tokens::length).toList(), shardTokens)) {
      shards.add(writeShard(sink, split, firstIndex + shards.size(), pieces.subList(from, from + size)));
      from += size;
    }
    return shards;
  }

  /** Writes one shard, the {@code index}-th of its split ({@link Shard#file}); returns it. */
  public static Shard writeShard(Sink sink, Split split, int index, List<EncodedPiece.Tokens> pieces) throws IOException {
    String file = Shard.file(split, index);
    TokenShard.write(sink.create(file), pieces);
    return new Shard(file, split, pieces.size(), pieces.stream().mapToLong(EncodedPiece.Tokens::length).sum());
  }
}
