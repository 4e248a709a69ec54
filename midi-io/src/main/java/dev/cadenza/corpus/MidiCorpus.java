package dev.cadenza.corpus;

import dev.cadenza.data.EncodedPiece;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerSpec;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns folders of MIDI files into a {@link Corpus}: finds the files ({@link MidiFiles#find}), reads and encodes
 * them on several threads, caches each file's encoding on disk by content and tokenizer options (so a second run
 * parses nothing that has not changed), fits the vocabulary where the tokenizer needs one, and reports and skips
 * the files it cannot read, using the rest.
 *
 * <pre>{@code
 * Corpus corpus = MidiCorpus.builder(Tokenizers.get("remi", TokenizerConfig.DEFAULTS)).build().load(List.of(dir));
 * }</pre>
 */
public final class MidiCorpus {
  private static final Logger LOG = LoggerFactory.getLogger(MidiCorpus.class);

  /** Told how far a load has come, from the threads that read; must be thread-safe. */
  @FunctionalInterface
  public interface Progress {
    /** One more file is done. */
    void fileDone(int done, int total);
  }

  private final ScoreEncoding encoding;
  private final Path cacheDirectory;
  private final int threads;
  private final MidiReader reader;
  private final int minCount;
  private final Progress progress;

  private MidiCorpus(Builder b) {
    this.encoding = b.encoding;
    this.cacheDirectory = b.cacheDirectory;
    this.threads = b.threads;
    this.reader = b.reader;
    this.minCount = b.minCount;
    this.progress = b.progress;
  }

  /** A builder for a corpus encoded by {@code encoding}. */
  public static Builder builder(ScoreEncoding encoding) {
    return new Builder(encoding);
  }

  /** The default cache folder: {@code $XDG_CACHE_HOME/cadenza/tokens}, or {@code ~/.cache/cadenza/tokens}. */
  public static Path defaultCacheDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("cadenza").resolve("tokens");
  }

  /** Configures a {@link MidiCorpus}. */
  public static final class Builder {
    private final ScoreEncoding encoding;
    private Path cacheDirectory = defaultCacheDirectory();
    private int threads = Runtime.getRuntime().availableProcessors();
    private MidiReader reader = MidiReader.lenient();
    private int minCount = 1;
    private Progress progress = (done, total) -> { };

    private Builder(ScoreEncoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    /** Where encodings are cached (default {@link #defaultCacheDirectory()}); null caches nothing. */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = directory;
      return this;
    }

    /** How many files are read at once (default: the number of processors). */
    public Builder threads(int count) {
      this.threads = count;
      return this;
    }

    /** The MIDI reader (default lenient). */
    public Builder reader(MidiReader midiReader) {
      this.reader = Objects.requireNonNull(midiReader, "reader");
      return this;
    }

    /** For a tokenizer that fits its vocabulary: how often a token must occur to get its own id (default 1). */
    public Builder minCount(int count) {
      this.minCount = count;
      return this;
    }

    /** Told as each file is done. */
    public Builder progress(Progress listener) {
      this.progress = Objects.requireNonNull(listener, "progress");
      return this;
    }

    /**
     * The corpus loader.
     *
     * @throws IllegalArgumentException for a thread or count setting below 1
     */
    public MidiCorpus build() {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
      }
      return new MidiCorpus(this);
    }
  }

  /** What became of one file. */
  private record Outcome(TokenCache.Entry entry, boolean cached, SkippedFile skipped) {}

  /**
   * Loads the MIDI files the paths name (files, or folders walked recursively).
   *
   * @throws IOException if a path does not exist or the cache folder cannot be used
   */
  public Corpus load(List<Path> paths) throws IOException {
    List<Path> files = MidiFiles.find(paths);
    boolean fitVocabulary = encoding instanceof Tokenizer t && t.needsVocabulary();
    TokenizerSpec spec = encoding.spec();
    TokenCache cache = cacheDirectory == null ? null
        : new TokenCache(cacheDirectory, Tokenizers.toJson(new TokenizerSpec(spec.tokenizer(), spec.options(), List.of())),
            encoding.getClass());
    List<Outcome> outcomes = new ArrayList<>(files.size());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())));
    try {
      AtomicInteger done = new AtomicInteger();
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(pool.submit(() -> {
          Outcome outcome = encodeOne(file, cache, fitVocabulary);
          progress.fileDone(done.incrementAndGet(), files.size());
          return outcome;
        }));
      }
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while loading the corpus");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      throw new IOException("loading the corpus failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (cache != null) {
      cache.saveIndex();
    }
    return assemble(files, outcomes, fitVocabulary);
  }

  private Corpus assemble(List<Path> files, List<Outcome> outcomes, boolean fitVocabulary) {
    ScoreEncoding used = encoding;
    if (fitVocabulary) {
      Tokenizer tokenizer = (Tokenizer) encoding;
      used = tokenizer.withVocabulary(Vocabulary.fit(
          outcomes.stream().filter(o -> o.skipped() == null).map(o -> o.entry().strings()).toList(), minCount));
    }
    List<EncodedPiece> pieces = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    int fromCache = 0;
    for (int i = 0; i < files.size(); i++) {
      Outcome o = outcomes.get(i);
      String source = files.get(i).toString();
      if (o.skipped() != null) {
        skipped.add(o.skipped());
        continue;
      }
      fromCache += o.cached() ? 1 : 0;
      if (o.entry().frames() != null) {
        pieces.add(new EncodedPiece.Frames(source, o.entry().frames()));
      } else if (o.entry().ids() != null) {
        pieces.add(new EncodedPiece.Tokens(source, o.entry().ids()));
      } else {
        var vocabulary = ((Tokenizer) used).vocabulary();
        pieces.add(new EncodedPiece.Tokens(source, o.entry().strings().stream().mapToInt(s -> Math.max(0, vocabulary.id(s))).toArray()));
      }
    }
    return new Corpus(used, pieces, skipped, fromCache);
  }

  private Outcome encodeOne(Path file, TokenCache cache, boolean asStrings) {
    try {
      TokenCache.Content content = cache == null ? null : cache.content(file);
      if (cache != null) {
        TokenCache.Entry cached = cache.get(content.hash());
        if (cached != null && (asStrings ? cached.strings() != null : cached.strings() == null)) {
          return new Outcome(cached, true, null);
        }
      }
      byte[] bytes = content != null && content.bytes() != null ? content.bytes() : Files.readAllBytes(file);
      Score score = reader.read(bytes, file.toString()).score();
      TokenCache.Entry entry = encode(score, asStrings);
      if (cache != null) {
        store(cache, content.hash(), entry, file);
      }
      return new Outcome(entry, false, null);
    } catch (MidiFormatException e) {
      return skip(file, "byte " + e.offset() + ": " + e.reason());
    } catch (IOException e) {
      return skip(file, "cannot read it: " + e.getMessage());
    } catch (RuntimeException e) {
      // The file was read; a tokenizer that fails on a score is Cadenza's bug, not the file's fault.
      throw new IllegalStateException("the " + encoding.name() + " tokenizer failed on " + file
          + ", a file it read without trouble: a bug in Cadenza, not in the file (please report it with the file): " + e, e);
    }
  }

  /** A cache that cannot be written slows the next run down but loses nothing now. */
  private static void store(TokenCache cache, String hash, TokenCache.Entry entry, Path file) {
    try {
      cache.put(hash, entry);
    } catch (IOException e) {
      LOG.warn("could not cache the encoding of {}: {}", file, e.toString());
    }
  }

  private TokenCache.Entry encode(Score score, boolean asStrings) {
    if (encoding instanceof FrameEncoding frames) {
      return new TokenCache.Entry(null, frames.encode(score), null);
    }
    Tokenizer tokenizer = (Tokenizer) encoding;
    return asStrings ? new TokenCache.Entry(null, null, tokenizer.strings(score)) : new TokenCache.Entry(tokenizer.encode(score), null, null);
  }

  private static Outcome skip(Path file, String reason) {
    LOG.warn("skipped {}: {}", file, reason);
    return new Outcome(null, false, new SkippedFile(file, reason));
  }
}
