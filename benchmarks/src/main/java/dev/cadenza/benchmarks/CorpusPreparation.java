package dev.cadenza.benchmarks;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.MidiCorpus;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Preparing the 1034 Nottingham tunes (the top folder's files) as a corpus: {@code cold} with an empty cache,
 * {@code cached} with the cache a previous run left, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class CorpusPreparation {
  /** The tokenizer. */
  @Param({"remi"})
  public String tokenizer;

  private List<Path> files;
  private Path warmCache;
  private Path coldCache;

  /** Lists the files and fills the warm cache. */
  @Setup(Level.Trial)
  public void prepare() throws IOException {
    try (Stream<Path> top = Files.list(BenchmarkData.root().resolve("nottingham-midi"))) {
      files = top.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
    }
    warmCache = Files.createTempDirectory("cadenza-warm-cache");
    loader(warmCache).load(files);
  }

  /** A fresh, empty cache for each cold run. */
  @Setup(Level.Invocation)
  public void emptyCache() throws IOException {
    coldCache = Files.createTempDirectory("cadenza-cold-cache");
  }

  /** Removes the caches. */
  @TearDown(Level.Invocation)
  public void removeColdCache() throws IOException {
    delete(coldCache);
  }

  /** Removes the warm cache. */
  @TearDown(Level.Trial)
  public void removeWarmCache() throws IOException {
    delete(warmCache);
  }

  private MidiCorpus loader(Path cache) {
    return MidiCorpus.builder(Tokenizers.encoding(tokenizer, TokenizerConfig.DEFAULTS)).cacheDirectory(cache).build();
  }

  /** Reads, parses, encodes and caches every file. */
  @Benchmark
  public Corpus cold() throws IOException {
    return loader(coldCache).load(files);
  }

  /** Finds every file unchanged and takes its encoding from the cache. */
  @Benchmark
  public Corpus cached() throws IOException {
    return loader(warmCache).load(files);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
