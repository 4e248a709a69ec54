package dev.cadenza.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.SequenceDataset;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.testing.SharedData;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiCorpusTest {
  private static final ScoreEncoding PERFORMANCE = Tokenizers.encoding("performance", TokenizerConfig.DEFAULTS);

  /** A little tune of {@code length} random notes. */
  private static Score tune(long seed, int length) {
    Random random = new Random(seed);
    List<Note> notes = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      notes.add(new Note(48 + random.nextInt(24), 40 + random.nextInt(80), i * 240L, 120 + random.nextInt(240)));
    }
    return Score.of(TempoMap.constant(480, 100), List.of(Track.of("tune", 0, 0, notes)));
  }

  /** Eight good files in a folder tree, and four bad ones among them. */
  private static Path folder(Path dir) throws Exception {
    for (int i = 0; i < 8; i++) {
      new MidiWriter().write(tune(i, 60), dir.resolve(i % 2 == 0 ? "a" : "b").resolve("tune" + i + ".mid"));
    }
    Files.write(dir.resolve("a/empty.mid"), new byte[0]);
    Files.writeString(dir.resolve("b/notes.mid"), "these are my notes, not MIDI");
    Files.write(dir.resolve("b/header-only.midi"), new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0});
    Files.write(dir.resolve("a/no-tracks.mid"), new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 0, 0, 96});
    return dir;
  }

  @Test
  void badFilesAreReportedAndSkippedAndTheRestIsUsed(@TempDir Path dir) throws Exception {
    Path data = folder(dir.resolve("data"));
    Corpus corpus = MidiCorpus.builder(PERFORMANCE).cacheDirectory(null).build().load(List.of(data));
    assertThat(corpus.pieces()).hasSize(9); // the file without tracks is valid: an empty piece
    assertThat(corpus.skipped()).extracting(s -> s.file().getFileName().toString())
        .containsExactlyInAnyOrder("empty.mid", "notes.mid", "header-only.midi");
    assertThat(corpus.skipped()).allMatch(s -> s.reason().startsWith("byte "));
    assertThat(corpus.summary()).startsWith("12 files: 9 encoded (0 from the cache), 3 skipped");
    SequenceDataset dataset = SequenceDataset.builder(corpus.pieces(), corpus.encoding()).sequenceLength(32)
        .validationFraction(0.25).build();
    assertThat(dataset.trainPieces().size() + dataset.validationPieces().size()).isEqualTo(8);
    assertThat(dataset.tooShortPieces()).isEqualTo(1);
    assertThat(dataset.trainBatchCount()).isPositive();
  }

  /** A frame encoding with a bug: it fails on every score. */
  private record BrokenEncoding() implements FrameEncoding {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public TokenizerConfig config() {
      return TokenizerConfig.DEFAULTS;
    }

    @Override
    public Score quantize(Score score) {
      return score;
    }

    @Override
    public int frameSize() {
      return 1;
    }

    @Override
    public float[][] encode(Score score) {
      throw new ArithmeticException("a bug");
    }

    @Override
    public Score decode(float[][] frames) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<float[][]> transpose(float[][] frames, int from, int to, int semitones) {
      return Optional.empty();
    }

    @Override
    public java.util.OptionalInt pitchAt(int index) {
      return java.util.OptionalInt.empty();
    }

    @Override
    public String describe(float[] frame) {
      return "";
    }
  }

  @Test
  void aTokenizerThatFailsIsABugNotASkippedFile(@TempDir Path dir) throws Exception {
    Path data = folder(dir.resolve("data"));
    assertThatThrownBy(() -> MidiCorpus.builder(new BrokenEncoding()).cacheDirectory(null).build().load(List.of(data)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("the broken tokenizer failed on " + data)
        .hasMessageContaining("a bug in Cadenza, not in the file").hasCauseInstanceOf(ArithmeticException.class);
  }

  @Test
  void aSecondLoadComesFromTheCacheAndChangesAreNoticed(@TempDir Path dir) throws Exception {
    Path data = folder(dir.resolve("data"));
    Path cache = dir.resolve("cache");
    MidiCorpus loader = MidiCorpus.builder(PERFORMANCE).cacheDirectory(cache).threads(2).build();
    Corpus first = loader.load(List.of(data));
    Corpus second = loader.load(List.of(data));
    assertThat(first.fromCache()).isZero();
    assertThat(second.fromCache()).isEqualTo(9);
    assertThat(ids(second)).isDeepEqualTo(ids(first));

    new MidiWriter().write(tune(1234, 60), data.resolve("a/tune0.mid"));
    try (Stream<Path> entries = Files.walk(cache)) {
      Path anEntry = entries.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
      Files.writeString(anEntry, "garbage");
    }
    Corpus third = loader.load(List.of(data));
    assertThat(third.fromCache()).isBetween(7, 8);
    assertThat(third.pieces().stream().filter(p -> p.source().endsWith("tune0.mid")).findFirst().orElseThrow())
        .extracting(p -> ((EncodedPiece.Tokens) p).ids()).isEqualTo(((Tokenizer) PERFORMANCE).encode(tune(1234, 60)));
    assertThat(ids(third)).isDeepEqualTo(ids(MidiCorpus.builder(PERFORMANCE).cacheDirectory(null).build().load(List.of(data))));

    Corpus otherOptions = MidiCorpus.builder(Tokenizers.encoding("performance", TokenizerConfig.of("stepMillis", "20")))
        .cacheDirectory(cache).build().load(List.of(data));
    assertThat(otherOptions.fromCache()).isZero();
  }

  @Test
  void aFittedVocabularyIsBuiltFromTheCorpusAndAgainFromTheCache(@TempDir Path dir) throws Exception {
    Path data = folder(dir.resolve("data"));
    MidiCorpus loader = MidiCorpus.builder(Tokenizers.encoding("note-chord", TokenizerConfig.DEFAULTS))
        .cacheDirectory(dir.resolve("cache")).build();
    Corpus first = loader.load(List.of(data));
    Corpus second = loader.load(List.of(data));
    Tokenizer fitted = (Tokenizer) first.encoding();
    assertThat(fitted.vocabulary().size()).isGreaterThan(10);
    assertThat(second.encoding().spec()).isEqualTo(first.encoding().spec());
    assertThat(second.fromCache()).isEqualTo(9);
    assertThat(ids(first)).isDeepEqualTo(ids(second));
    assertThat(ids(first)[1]).doesNotContain(0);
  }

  @Test
  void everyNottinghamFileLoads(@TempDir Path dir) throws Exception {
    int files = SharedData.files("nottingham-midi", ".mid").size();
    List<Integer> progress = new ArrayList<>();
    Corpus corpus = MidiCorpus.builder(Tokenizers.encoding("remi", TokenizerConfig.DEFAULTS)).cacheDirectory(dir)
        .progress((done, total) -> {
          synchronized (progress) {
            progress.add(done);
          }
        }).build().load(List.of(SharedData.dir("nottingham-midi")));
    assertThat(corpus.skipped()).isEmpty();
    assertThat(corpus.pieces()).hasSize(files).hasSizeGreaterThan(3000); // the tunes, and their melody/ and chords/ parts
    assertThat(progress).hasSize(files).contains(files);
  }

  private static int[][] ids(Corpus corpus) {
    return corpus.pieces().stream().map(p -> ((EncodedPiece.Tokens) p).ids()).toArray(int[][]::new);
  }
}
