package dev.cadenza.benchmarks;

import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding a whole corpus with one tokenizer: one operation encodes (or decodes) every score once.
 * {@link TokenizerReport} turns the scores into tokens (or frames) per second. The Bach chorales for every
 * tokenizer but {@code drum-grid}, which gets the Groove drum performances (the chorales have no drums).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TokenizerThroughput {
  /** The tokenizer. */
  @Param({"note-chord", "performance", "remi", "piano-roll", "drum-grid"})
  public String tokenizer;

  private ScoreEncoding encoding;
  private List<Score> scores;
  private List<Object> encoded;

  /** The corpus a tokenizer is measured on. */
  static String corpusOf(String tokenizer) {
    return tokenizer.equals("drum-grid") ? "groove-midi" : "bach-chorales-midi";
  }

  /** Reads the corpus and encodes it once, for the decoding benchmark. */
  @Setup
  public void load() throws MidiFormatException {
    scores = new ArrayList<>();
    for (byte[] file : BenchmarkData.midiBytes(corpusOf(tokenizer))) {
      scores.add(MidiReader.lenient().read(file, "benchmark.mid").score());
    }
    encoding = Tokenizers.encoding(tokenizer, TokenizerConfig.DEFAULTS);
    if (encoding instanceof Tokenizer t && t.needsVocabulary()) {
      encoding = t.withVocabulary(Vocabulary.fit(scores.stream().map(t::strings).toList(), 1));
    }
    encoded = new ArrayList<>();
    for (Score s : scores) {
      encoded.add(encoding instanceof Tokenizer t ? t.encode(s) : ((FrameEncoding) encoding).encode(s));
    }
  }

  /** The tokens or frames the corpus encodes to. */
  long units() {
    return encoded.stream().mapToLong(e -> e instanceof int[] ids ? ids.length : ((float[][]) e).length).sum();
  }

  /** Encodes every score. */
  @Benchmark
  public void encode(Blackhole sink) {
    for (Score s : scores) {
      sink.consume(encoding instanceof Tokenizer t ? t.encode(s) : ((FrameEncoding) encoding).encode(s));
    }
  }

  /** Decodes every encoded score. */
  @Benchmark
  public void decode(Blackhole sink) {
    for (Object e : encoded) {
      sink.consume(e instanceof int[] ids ? ((Tokenizer) encoding).decode(ids) : ((FrameEncoding) encoding).decode((float[][]) e));
    }
  }
}
