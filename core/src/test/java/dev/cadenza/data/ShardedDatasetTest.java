package dev.cadenza.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedDatasetTest {
  private static final Tokenizer REMI = (Tokenizer) Tokenizers.encoding("remi", TokenizerConfig.DEFAULTS);

  /** {@code count} random tunes encoded with REMI, named piece-000 on. */
  static List<EncodedPiece.Tokens> pieces(long seed, int count) {
    Random random = new Random(seed);
    List<EncodedPiece.Tokens> pieces = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      List<Note> notes = new ArrayList<>();
      int length = 2 + random.nextInt(60);
      for (int i = 0; i < length; i++) {
        notes.add(new Note(40 + random.nextInt(40), 30 + random.nextInt(90), i * 240L, 120 + random.nextInt(480)));
      }
      Score score = Score.of(TempoMap.constant(480, 100), List.of(Track.of("tune", 0, 0, notes)));
      pieces.add(new EncodedPiece.Tokens(String.format("piece-%03d", p), REMI.encode(score)));
    }
    return pieces;
  }

  /** A prepared corpus on disk: the train and validation pieces, in source order, in shards of about {@code shardTokens}. */
  static PreparedCorpus write(Path dir, List<EncodedPiece.Tokens> train, List<EncodedPiece.Tokens> validation, long shardTokens)
      throws IOException {
    PreparedCorpus.Sink sink = PreparedCorpus.Sink.folder(dir);
    List<PreparedCorpus.Shard> shards = new ArrayList<>();
    shards.addAll(PreparedCorpus.writeShards(sink, PreparedCorpus.Split.TRAIN, bySource(train), shardTokens, 0));
    shards.addAll(PreparedCorpus.writeShards(sink, PreparedCorpus.Split.VALIDATION, bySource(validation), shardTokens, 0));
    int files = train.size() + validation.size();
    try (OutputStream out = sink.create(PreparedCorpus.MANIFEST)) {
      out.write(new PreparedCorpus.Manifest(PreparedCorpus.FORMAT, REMI.spec(), Map.of("test", "true"),
          new PreparedCorpus.Counts(files, files, 0, 0, 0), shards).toJson());
    }
    return PreparedCorpus.open(dir);
  }

  private static List<EncodedPiece.Tokens> bySource(List<EncodedPiece.Tokens> pieces) {
    return pieces.stream().sorted(Comparator.comparing(EncodedPiece.Tokens::source)).toList();
  }

  /** Batches as text, to compare. */
  static List<String> text(Iterable<Batch> batches) {
    List<String> text = new ArrayList<>();
    for (Batch batch : batches) {
      Batch.Tokens tokens = (Batch.Tokens) batch;
      text.add(Arrays.deepToString(tokens.inputs()) + " -> " + Arrays.deepToString(tokens.targets()));
    }
    return text;
  }

  @Property(tries = 15)
  void whileTheBufferHoldsAnEpochTheStreamGivesTheBatchesOfTheInMemoryDataset(@ForAll @IntRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 4, max = 40) int sequenceLength, @ForAll @IntRange(min = 1, max = 40) int stride,
      @ForAll @IntRange(min = 1, max = 9) int batchSize, @ForAll @IntRange(min = 0, max = 4) int transposition,
      @ForAll @IntRange(min = 50, max = 3000) int shardTokens) throws IOException {
    Path dir = Files.createTempDirectory("sharded");
    try {
      List<EncodedPiece.Tokens> all = pieces(seed, 24);
      List<EncodedPiece.Tokens> train = all.subList(0, 20);
      List<EncodedPiece.Tokens> validation = all.subList(20, 24);
      PreparedCorpus corpus = write(dir, train, validation, shardTokens);
      SequenceDataset memory = SequenceDataset.builder(train, REMI).validationPieces(validation).sequenceLength(sequenceLength)
          .stride(stride).batchSize(batchSize).seed(seed).transpose(-transposition, transposition).build();
      ShardedDataset stream = ShardedDataset.builder(corpus).sequenceLength(sequenceLength).stride(stride).batchSize(batchSize)
          .seed(seed).transpose(-transposition, transposition).shuffleBuffer(100_000).build();
      assertThat(corpus.manifest().shards(PreparedCorpus.Split.TRAIN)).isNotEmpty();
      assertThat(stream.trainWindowCount()).isEqualTo(memory.trainWindowCount());
      assertThat(stream.validationWindowCount()).isEqualTo(memory.validationWindowCount());
      assertThat(stream.trainPieceCount()).isEqualTo(memory.trainPieceCount());
      assertThat(stream.tooShortPieces()).isEqualTo(memory.tooShortPieces());
      assertThat(stream.trainBatchCount()).isEqualTo(memory.trainBatchCount());
      assertThat(stream.fingerprint()).isEqualTo(memory.fingerprint());
      for (int epoch = 1; epoch <= 2; epoch++) {
        assertThat(text(stream.trainBatches(epoch))).as("epoch %d", epoch).isEqualTo(text(memory.trainBatches(epoch)));
      }
      assertThat(text(stream.validationBatches())).isEqualTo(text(memory.validationBatches()));
    } finally {
      deleteTree(dir);
    }
  }

  @Property(tries = 15)
  void aSmallBufferStillGivesEveryWindowOnceAnEpochInAnotherOrder(@ForAll @IntRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 50) int buffer, @ForAll @IntRange(min = 50, max = 3000) int shardTokens) throws IOException {
    Path dir = Files.createTempDirectory("sharded");
    try {
      List<EncodedPiece.Tokens> train = pieces(seed, 20);
      PreparedCorpus corpus = write(dir, train, List.of(), shardTokens);
      SequenceDataset memory = SequenceDataset.builder(train, REMI).validationPieces(List.of()).sequenceLength(16).seed(seed).batchSize(1).build();
      ShardedDataset stream = ShardedDataset.builder(corpus).sequenceLength(16).seed(seed).shuffleBuffer(buffer).batchSize(1).build();
      List<String> epochOne = text(stream.trainBatches(1));
      assertThat(epochOne).containsExactlyInAnyOrderElementsOf(text(memory.trainBatches(1)));
      assertThat(text(stream.trainBatches(1))).as("the same epoch again").isEqualTo(epochOne);
      if (epochOne.size() > 8) {
        assertThat(text(stream.trainBatches(2))).as("the next epoch").isNotEqualTo(epochOne);
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Deletes a try's folder and everything in it (jqwik properties take no {@code @TempDir}). */
  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void aDamagedShardStopsTheStreamWithAnErrorNamingIt(@TempDir Path dir) throws IOException {
    PreparedCorpus corpus = write(dir, pieces(7, 12), List.of(), 400);
    PreparedCorpus.Shard last = corpus.manifest().shards(PreparedCorpus.Split.TRAIN).get(1);
    Path file = dir.resolve(last.file());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 20] ^= 1;
    Files.write(file, bytes);
    ShardedDataset stream = ShardedDataset.builder(corpus).sequenceLength(8).build();
    assertThatThrownBy(() -> text(stream.trainBatches(1))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("damaged");
  }

  @Test
  void aMissingShardOrManifestIsAnErrorOnOpening(@TempDir Path dir) throws IOException {
    PreparedCorpus corpus = write(dir, pieces(3, 6), List.of(), 400);
    assertThatThrownBy(() -> PreparedCorpus.open(dir.resolve("elsewhere"))).isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("not a prepared corpus");
    Files.delete(dir.resolve(corpus.manifest().shards().get(0).file()));
    assertThatThrownBy(() -> PreparedCorpus.open(dir)).isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("part-00000.shard");
    Files.writeString(dir.resolve(PreparedCorpus.MANIFEST), "{\"format\": 1, \"shards\": ");
    assertThatThrownBy(() -> PreparedCorpus.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("not a prepared corpus's manifest");
  }
}
