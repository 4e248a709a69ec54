package dev.cadenza.data;

import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * Training data streamed from a {@link PreparedCorpus}: windows are cut from the pieces of one shard at a time and
 * shuffled in a buffer of {@link Builder#shuffleBuffer} windows, so memory stays flat whatever the corpus size. Each
 * epoch reads the training shards in an order shuffled by the seed and epoch; whenever the buffer overflows, it is
 * shuffled and half of it goes out, the rest stays to mix with what comes next. The buffer is put in the corpus order
 * before each shuffle, so the batches depend on which windows it holds, not on when they arrived: while it holds a
 * whole epoch, the batches are exactly those of a {@link SequenceDataset} over the same pieces and split, with the
 * same settings and seed. Transposition is drawn per window as {@link SequenceDataset} draws it. Each epoch's batches
 * depend only on the seed and the epoch, so a resumed run reads the same stream it would have read.
 */
public final class ShardedDataset implements TrainingData {
  private final PreparedCorpus corpus;
  private final Tokenizer tokenizer;
  private final int sequenceLength;
  private final int stride;
  private final int batchSize;
  private final long seed;
  private final int lowestShift;
  private final int highestShift;
  private final int shuffleBuffer;
  private final List<PreparedCorpus.Shard> trainShards;
  private final List<PreparedCorpus.Shard> validationShards;
  private final Map<PreparedCorpus.Shard, Long> firstPiece = new IdentityHashMap<>();
  private final boolean framed;
  private int trainPieces;
  private int validationPieces;
  private int tooShort;
  private long trainWindows;
  private long validationWindows;
  private final String fingerprint;

  private ShardedDataset(Builder b) throws IOException {
    this.corpus = b.corpus;
    this.tokenizer = corpus.tokenizer();
    this.sequenceLength = b.sequenceLength;
    this.stride = b.stride;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.lowestShift = b.lowestShift;
    this.highestShift = b.highestShift;
    this.shuffleBuffer = b.shuffleBuffer;
    this.framed = DataFingerprints.bracketed(tokenizer);
    this.trainShards = corpus.manifest().shards(PreparedCorpus.Split.TRAIN);
    this.validationShards = corpus.manifest().shards(PreparedCorpus.Split.VALIDATION);
    DataFingerprints.Digest digest = new DataFingerprints.Digest();
    long[] side = scan(trainShards, digest);
    trainPieces = (int) side[0];
    trainWindows = side[1];
    side = scan(validationShards, digest);
    validationPieces = (int) side[0];
    validationWindows = side[1];
    this.fingerprint = digest.hex();
  }

  /** Reads the shards' headers: counts pieces and windows, digests sources and lengths; returns {pieces, windows}. */
  private long[] scan(List<PreparedCorpus.Shard> shards, DataFingerprints.Digest digest) throws IOException {
    long pieces = 0;
    long windows = 0;
    long ordinal = 0;
    for (PreparedCorpus.Shard shard : shards) {
      firstPiece.put(shard, ordinal);
      TokenShard.Header header = corpus.header(shard);
      for (int i = 0; i < header.lengths().length; i++) {
        int length = header.lengths()[i] + (framed ? 2 : 0);
        int count = DataFingerprints.windows(length, sequenceLength, stride);
        if (count == 0) {
          tooShort++;
        } else {
          pieces++;
          windows += count;
          digest.piece(header.sources().get(i), length);
        }
      }
      ordinal += header.lengths().length;
    }
    digest.endOfSide();
    return new long[] {pieces, windows};
  }

  /** A builder over a prepared corpus. */
  public static Builder builder(PreparedCorpus corpus) {
    return new Builder(corpus);
  }

  /** Configures a {@link ShardedDataset}: the window settings of {@link SequenceDataset.Builder}, and the shuffle buffer. */
  public static final class Builder extends WindowBuilder<Builder> {
    private final PreparedCorpus corpus;
    private int shuffleBuffer = 16_384;

    private Builder(PreparedCorpus corpus) {
      this.corpus = Objects.requireNonNull(corpus, "corpus");
    }

    /** How many windows are shuffled together (default 16,384): memory grows with it, not with the corpus. */
    public Builder shuffleBuffer(int windows) {
      this.shuffleBuffer = windows;
      return this;
    }

    /**
     * The data set; reads every training and validation shard's header.
     *
     * @throws IllegalArgumentException if a setting is out of range
     * @throws IOException if a shard cannot be read or is damaged
     */
    public ShardedDataset build() throws IOException {
      checkWindows();
      if (shuffleBuffer < 1) {
        throw new IllegalArgumentException("shuffleBuffer must be at least 1, was " + shuffleBuffer);
      }
      return new ShardedDataset(this);
    }
  }

  @Override
  public ScoreEncoding encoding() {
    return tokenizer;
  }

  @Override
  public int trainPieceCount() {
    return trainPieces;
  }

  @Override
  public int validationPieceCount() {
    return validationPieces;
  }

  @Override
  public int tooShortPieces() {
    return tooShort;
  }

  @Override
  public long trainWindowCount() {
    return trainWindows;
  }

  @Override
  public long validationWindowCount() {
    return validationWindows;
  }

  @Override
  public long trainBatchCount() {
    return (trainWindows + batchSize - 1) / batchSize;
  }

  /** {@inheritDoc} A shard that cannot be read or is damaged stops the iteration with an {@link UncheckedIOException}. */
  @Override
  public Iterable<Batch> trainBatches(int epoch) {
    return () -> {
      List<PreparedCorpus.Shard> order = new ArrayList<>(trainShards);
      Collections.shuffle(order, new Random(dev.cadenza.Digests.mix(SequenceDataset.epochSeed(seed, epoch) ^ 0x5AADL)));
      return new Stream(order, epoch, new Random(SequenceDataset.epochSeed(seed, epoch)));
    };
  }

  /** {@inheritDoc} A shard that cannot be read or is damaged stops the iteration with an {@link UncheckedIOException}. */
  @Override
  public Iterable<Batch> validationBatches() {
    return () -> new Stream(validationShards, 0, null);
  }

  /** {@inheritDoc} They are drawn from the first training shard's pieces. */
  @Override
  public List<int[]> primers(int count, long primerSeed) {
    if (trainShards.isEmpty()) {
      return List.of();
    }
    List<EncodedPiece> pieces = new ArrayList<>();
    try (TokenShard.Reader reader = corpus.read(trainShards.get(0))) {
      reader.forEachRemaining(p -> {
        EncodedPiece piece = DataFingerprints.framed(p, tokenizer);
        if (piece.length() >= sequenceLength + 1) {
          pieces.add(piece);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return DataFingerprints.primers(pieces, count, primerSeed);
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  /** A window and where it stands in the corpus: piece ordinal, then start. */
  private record Cut(long piece, int start, int[] span) {}

  private static final Comparator<Cut> CORPUS_ORDER = Comparator.comparingLong(Cut::piece).thenComparingInt(Cut::start);

  /** The batches of a pass over some shards; shuffling when given a random, else in order and never transposed. */
  private final class Stream implements Iterator<Batch> {
    private final Iterator<PreparedCorpus.Shard> shards;
    private final int epoch;
    private final Random random;
    private final ArrayDeque<int[]> ready = new ArrayDeque<>();
    private List<Cut> buffer = new ArrayList<>();
    private TokenShard.Reader reader;
    private long ordinal;
    private boolean drained;

    Stream(List<PreparedCorpus.Shard> shards, int epoch, Random random) {
      this.shards = shards.iterator();
      this.epoch = epoch;
      this.random = random;
    }

    @Override
    public boolean hasNext() {
      fill();
      return !ready.isEmpty();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      List<int[]> spans = new ArrayList<>(batchSize);
      while (spans.size() < batchSize && !ready.isEmpty()) {
        spans.add(ready.poll());
        if (spans.size() < batchSize) {
          fill();
        }
      }
      return DataFingerprints.tokenBatch(spans);
    }

    /** Reads on until a batch is ready or the shards are done. */
    private void fill() {
      while (ready.size() < batchSize && !drained) {
        EncodedPiece.Tokens piece = nextPiece();
        if (piece == null) {
          release(buffer.size());
          drained = true;
          return;
        }
        cut(piece);
        if (random != null && buffer.size() > shuffleBuffer) {
          release(buffer.size() / 2);
        }
      }
    }

    private void cut(EncodedPiece.Tokens piece) {
      int[] ids = ((EncodedPiece.Tokens) DataFingerprints.framed(piece, tokenizer)).ids();
      boolean transpose = random != null && (lowestShift != 0 || highestShift != 0);
      for (int start = 0; start + sequenceLength + 1 <= ids.length; start += stride) {
        int shift = transpose ? DataFingerprints.shift(seed, epoch, piece.source(), start, lowestShift, highestShift) : 0;
        int[] span = SequenceDataset.span(tokenizer, ids, start, sequenceLength, shift);
        if (random == null) {
          ready.add(span);
        } else {
          buffer.add(new Cut(ordinal, start, span));
        }
      }
      ordinal++;
    }

    /** Puts the buffer in corpus order, shuffles it, and makes its first {@code count} windows ready. */
    private void release(int count) {
      buffer.sort(CORPUS_ORDER);
      Collections.shuffle(buffer, random);
      buffer.subList(0, count).forEach(c -> ready.add(c.span()));
      buffer = new ArrayList<>(buffer.subList(count, buffer.size()));
    }

    private EncodedPiece.Tokens nextPiece() {
      try {
        while (reader == null || !reader.hasNext()) {
          if (reader != null) {
            reader.close();
            reader = null;
          }
          if (!shards.hasNext()) {
            return null;
          }
          PreparedCorpus.Shard shard = shards.next();
          ordinal = firstPiece.get(shard);
          reader = corpus.read(shard);
        }
        return reader.next();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
