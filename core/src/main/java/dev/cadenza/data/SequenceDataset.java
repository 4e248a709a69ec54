package dev.cadenza.data;

import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Training data cut from encoded pieces: windows of {@link Builder#sequenceLength} steps every
 * {@link Builder#stride} steps, each with its target (the window moved on by one step); a train/validation split
 * by piece, never by window, so no piece is on both sides; shuffling with a seed; batching; and transposition
 * by a number of semitones drawn per window and epoch, applied as batches are made. A token piece is framed by
 * {@code <bos>} and {@code <eos>} where the tokenizer has them, so a model learns how pieces start and end. Pieces
 * too short for one window are left out and counted. Each side's pieces are in the order of their sources, and an
 * epoch's windows are those pieces' windows in order, shuffled with the seed and epoch: the order
 * {@link ShardedDataset} gives while its buffer holds a whole epoch. Immutable; the same seed and epoch give the same
 * batches.
 */
public final class SequenceDataset implements TrainingData {
  private final ScoreEncoding encoding;
  private final List<EncodedPiece> train;
  private final List<EncodedPiece> validation;
  private final List<Window> trainWindows;
  private final List<Window> validationWindows;
  private final int sequenceLength;
  private final int batchSize;
  private final long seed;
  private final int lowestShift;
  private final int highestShift;
  private final int tooShort;

  /** A window: which piece (in its side's list) and where it starts. */
  private record Window(int piece, int start) {}

  private SequenceDataset(Builder b) {
    this.encoding = b.encoding;
    this.sequenceLength = b.sequenceLength;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.lowestShift = b.lowestShift;
    this.highestShift = b.highestShift;
    int[] shortPieces = new int[1];
    List<EncodedPiece> usable = usable(b.pieces, shortPieces);
    if (b.heldOut != null) {
      this.validation = List.copyOf(usable(b.heldOut, shortPieces));
      this.train = List.copyOf(usable);
    } else {
      Collections.shuffle(usable, new Random(seed));
      int validationCount = (int) Math.round(usable.size() * b.validationFraction);
      if (b.validationFraction > 0 && validationCount == 0 && usable.size() >= 2) {
        validationCount = 1;
      }
      this.validation = bySource(usable.subList(0, validationCount));
      this.train = bySource(usable.subList(validationCount, usable.size()));
    }
    this.tooShort = shortPieces[0];
    this.trainWindows = windows(train, b.stride);
    this.validationWindows = windows(validation, b.stride);
  }

  /** The pieces long enough for a window, framed, in the order of their sources; the others counted in {@code tooShort[0]}. */
  private List<EncodedPiece> usable(List<EncodedPiece> pieces, int[] tooShort) {
    List<EncodedPiece> usable = new ArrayList<>();
    for (EncodedPiece piece : pieces) {
      EncodedPiece p = DataFingerprints.framed(piece, encoding);
      if (p.length() >= sequenceLength + 1) {
        usable.add(p);
      } else {
        tooShort[0]++;
      }
    }
    usable.sort(Comparator.comparing(EncodedPiece::source));
    return usable;
  }

  private static List<EncodedPiece> bySource(List<EncodedPiece> pieces) {
    List<EncodedPiece> sorted = new ArrayList<>(pieces);
    sorted.sort(Comparator.comparing(EncodedPiece::source));
    return List.copyOf(sorted);
  }

  private List<Window> windows(List<EncodedPiece> pieces, int stride) {
    List<Window> windows = new ArrayList<>();
    for (int p = 0; p < pieces.size(); p++) {
      for (int start = 0; start + sequenceLength + 1 <= pieces.get(p).length(); start += stride) {
        windows.add(new Window(p, start));
      }
    }
    return List.copyOf(windows);
  }

  /** A builder over the given pieces, all encoded by {@code encoding}. */
  public static Builder builder(List<? extends EncodedPiece> pieces, ScoreEncoding encoding) {
    return new Builder(pieces, encoding);
  }

  /** Configures a {@link SequenceDataset}; {@link #build()} checks the settings together. */
  public static final class Builder extends WindowBuilder<Builder> {
    private final List<EncodedPiece> pieces;
    private final ScoreEncoding encoding;
    private double validationFraction = 0.1;
    private List<EncodedPiece> heldOut;

    private Builder(List<? extends EncodedPiece> pieces, ScoreEncoding encoding) {
      this.pieces = List.copyOf(pieces);
      this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    /** The share of pieces kept for validation, 0 to below 1 (default 0.1). */
    public Builder validationFraction(double fraction) {
      this.validationFraction = fraction;
      return this;
    }

    /**
     * Validates on these pieces (a benchmark's valid split) instead of setting a share of the training pieces aside:
     * every piece given to {@link SequenceDataset#builder} trains.
     */
    public Builder validationPieces(List<? extends EncodedPiece> pieces) {
      this.heldOut = List.copyOf(pieces);
      return this;
    }

    /**
     * The data set.
     *
     * @throws IllegalArgumentException if a setting is out of range or a piece does not fit the encoding
     */
    public SequenceDataset build() {
      checkWindows();
      if (!(validationFraction >= 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validationFraction must be at least 0 and below 1, was " + validationFraction);
      }
      boolean wantsTokens = encoding instanceof Tokenizer;
      for (EncodedPiece p : heldOut == null ? pieces : concat(pieces, heldOut)) {
        if (p instanceof EncodedPiece.Tokens != wantsTokens) {
          throw new IllegalArgumentException(p.source() + " holds " + (wantsTokens ? "frames" : "tokens") + ", but "
              + encoding.name() + " gives " + (wantsTokens ? "tokens" : "frames"));
        }
      }
      return new SequenceDataset(this);
    }

    private static List<EncodedPiece> concat(List<EncodedPiece> a, List<EncodedPiece> b) {
      List<EncodedPiece> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }

  /** The pieces training uses, framed, in the order of their sources. */
  public List<EncodedPiece> trainPieces() {
    return train;
  }

  /** The pieces validation uses, framed, in the order of their sources. */
  public List<EncodedPiece> validationPieces() {
    return validation;
  }

  @Override
  public ScoreEncoding encoding() {
    return encoding;
  }

  @Override
  public int trainPieceCount() {
    return train.size();
  }

  @Override
  public int validationPieceCount() {
    return validation.size();
  }

  @Override
  public int tooShortPieces() {
    return tooShort;
  }

  @Override
  public long trainWindowCount() {
    return trainWindows.size();
  }

  @Override
  public long validationWindowCount() {
    return validationWindows.size();
  }

  @Override
  public long trainBatchCount() {
    return (trainWindows.size() + batchSize - 1) / batchSize;
  }

  @Override
  public Iterable<Batch> trainBatches(int epoch) {
    List<Window> order = new ArrayList<>(trainWindows);
    Collections.shuffle(order, new Random(epochSeed(seed, epoch)));
    return () -> new Batches(train, order, epoch, true);
  }

  /** The seed of an epoch's shuffle. */
  static long epochSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  @Override
  public Iterable<Batch> validationBatches() {
    return () -> new Batches(validation, validationWindows, 0, false);
  }

  @Override
  public List<int[]> primers(int count, long primerSeed) {
    return DataFingerprints.primers(train, count, primerSeed);
  }

  @Override
  public String fingerprint() {
    DataFingerprints.Digest digest = new DataFingerprints.Digest();
    for (List<EncodedPiece> side : List.of(train, validation)) {
      side.forEach(p -> digest.piece(p.source(), p.length()));
      digest.endOfSide();
    }
    return digest.hex();
  }

  /** Makes batches from windows as they are asked for. */
  private final class Batches implements Iterator<Batch> {
    private final List<EncodedPiece> pieces;
    private final List<Window> windows;
    private final int epoch;
    private final boolean transpose;
    private int next;

    Batches(List<EncodedPiece> pieces, List<Window> windows, int epoch, boolean transpose) {
      this.pieces = pieces;
      this.windows = windows;
      this.epoch = epoch;
      this.transpose = transpose && (lowestShift != 0 || highestShift != 0);
    }

    @Override
    public boolean hasNext() {
      return next < windows.size();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int size = Math.min(batchSize, windows.size() - next);
      Batch batch = encoding instanceof Tokenizer tokenizer ? tokens(tokenizer, size) : frames((FrameEncoding) encoding, size);
      next += size;
      return batch;
    }

    private int shift(Window w) {
      return transpose ? DataFingerprints.shift(seed, epoch, pieces.get(w.piece()).source(), w.start(), lowestShift, highestShift) : 0;
    }

    private Batch tokens(Tokenizer tokenizer, int size) {
      List<int[]> spans = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        Window w = windows.get(next + i);
        spans.add(span(tokenizer, ((EncodedPiece.Tokens) pieces.get(w.piece())).ids(), w.start(), sequenceLength, shift(w)));
      }
      return DataFingerprints.tokenBatch(spans);
    }

    private Batch frames(FrameEncoding frames, int size) {
      float[][][] inputs = new float[size][][];
      float[][][] targets = new float[size][][];
      for (int i = 0; i < size; i++) {
        Window w = windows.get(next + i);
        float[][] all = ((EncodedPiece.Frames) pieces.get(w.piece())).frames();
        int shift = shift(w);
        int end = w.start() + sequenceLength + 1;
        Optional<float[][]> moved = shift == 0 ? Optional.empty() : frames.transpose(all, w.start(), end, shift);
        float[][] span = moved.orElseGet(() -> Arrays.copyOfRange(all, w.start(), end));
        inputs[i] = Arrays.copyOfRange(span, 0, sequenceLength);
        targets[i] = Arrays.copyOfRange(span, 1, sequenceLength + 1);
      }
      return new Batch.Frames(inputs, targets);
    }
  }

  /** The ids of the window at {@code start} and its target, moved by {@code shift} semitones where every pitch stays in range. */
  static int[] span(Tokenizer tokenizer, int[] ids, int start, int sequenceLength, int shift) {
    int end = start + sequenceLength + 1;
    return (shift == 0 ? Optional.<int[]>empty() : tokenizer.transpose(ids, start, end, shift))
        .orElseGet(() -> Arrays.copyOfRange(ids, start, end));
  }
}
