package dev.cadenza.model;

import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of a sequence model, which every backend builds alike.
 *
 * <p>{@code lstm}: for token input, an embedding of {@code embeddingSize}, then {@code layers} LSTM layers of
 * {@code units} with {@code dropout} between them (and batch normalization after each when {@code batchNorm}, as
 * the beat generator had), then a softmax over the vocabulary; for frame input, the frames go straight into the
 * LSTM stack and come out through a sigmoid per frame value.
 *
 * <p>{@code transformer}: a decoder-only Transformer of {@code layers} pre-norm blocks of width {@code units}
 * (causal self-attention with {@code heads} heads, then a feed-forward layer of {@code feedForward} with GELU),
 * token embeddings (or a linear projection of frames) plus learned absolute positions for up to {@code context}
 * steps, a final layer norm, and the same output heads as the LSTM.
 *
 * @param family {@code "lstm"} or {@code "transformer"}
 * @param input whether the model reads token ids or frames
 * @param inputSize the vocabulary size (tokens) or the frame size (frames)
 * @param embeddingSize the embedding width for token LSTMs (the Transformer's is {@code units})
 * @param units LSTM units per layer, or the Transformer's model width
 * @param layers the number of LSTM layers or Transformer blocks
 * @param dropout the dropout rate during training, 0 to below 1
 * @param batchNorm whether a batch normalization follows each LSTM layer (LSTM only)
 * @param heads attention heads (Transformer only; {@code units} must be a multiple)
 * @param feedForward the Transformer's feed-forward width
 * @param context the longest sequence the Transformer's positions cover
 * @param seed the seed of the initial weights
 */
public record ArchitectureSpec(String family, InputKind input, int inputSize, int embeddingSize, int units, int layers,
    double dropout, boolean batchNorm, int heads, int feedForward, int context, long seed) {

  /** The LSTM family. */
  public static final String LSTM = "lstm";
  /** The Transformer family. */
  public static final String TRANSFORMER = "transformer";

  /** What a model reads and predicts. */
  public enum InputKind {
    /** Token ids in, a softmax over the vocabulary out. */
    TOKENS,
    /** Multi-hot frames in, a sigmoid per frame value out. */
    FRAMES
  }

  /** Validates the fields. */
  public ArchitectureSpec {
    if (!LSTM.equals(family) && !TRANSFORMER.equals(family)) {
      throw new IllegalArgumentException("unknown model family '" + family + "'; known: [lstm, transformer]");
    }
    require(inputSize >= 1, "inputSize must be at least 1, was " + inputSize);
    require(units >= 1, "units must be at least 1, was " + units);
    require(layers >= 1, "layers must be at least 1, was " + layers);
    require(dropout >= 0 && dropout < 1, "dropout must be at least 0 and below 1, was " + dropout);
    if (LSTM.equals(family)) {
      require(input == InputKind.FRAMES || embeddingSize >= 1, "embeddingSize must be at least 1, was " + embeddingSize);
    } else {
      require(!batchNorm, "batch normalization belongs to the LSTM; the Transformer has layer norms");
      require(heads >= 1 && units % heads == 0, "the model width " + units + " must be a multiple of the " + heads + " heads");
      require(feedForward >= 1, "feedForward must be at least 1, was " + feedForward);
      require(context >= 2, "context must be at least 2, was " + context);
    }
  }

  /**
   * Where {@code other} differs from this spec, in words for a message: {@code "units 256 here, 128 there; ..."}.
   * For example, a run that resumes with other settings names them.
   * Empty when they are equal.
   */
  public String differences(ArchitectureSpec other) {
    List<String> differences = new ArrayList<>();
    for (RecordComponent component : ArchitectureSpec.class.getRecordComponents()) {
      try {
        Object mine = component.getAccessor().invoke(this);
        Object theirs = component.getAccessor().invoke(other);
        if (!Objects.equals(mine, theirs)) {
          differences.add(component.getName() + " " + mine + " here, " + theirs + " there");
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + component.getName(), e);
      }
    }
    return String.join("; ", differences);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** An LSTM over tokens. */
  public static ArchitectureSpec lstmTokens(int vocabularySize, int embeddingSize, int units, int layers, double dropout, long seed) {
    return new ArchitectureSpec(LSTM, InputKind.TOKENS, vocabularySize, embeddingSize, units, layers, dropout, false, 0, 0, 0, seed);
  }

  /** An LSTM over frames. */
  public static ArchitectureSpec lstmFrames(int frameSize, int units, int layers, double dropout, long seed) {
    return new ArchitectureSpec(LSTM, InputKind.FRAMES, frameSize, 0, units, layers, dropout, false, 0, 0, 0, seed);
  }

  /** A Transformer decoder over tokens or frames. */
  public static ArchitectureSpec transformer(InputKind input, int inputSize, int width, int layers, int heads, int feedForward,
      int context, double dropout, long seed) {
    return new ArchitectureSpec(TRANSFORMER, input, inputSize, width, width, layers, dropout, false, heads, feedForward, context, seed);
  }

  /**
   * Why a model of this architecture cannot read scores of this encoding, or empty if it can: tokens against frames,
   * or a vocabulary (frame) size other than the model's input size.
   */
  public Optional<String> mismatch(ScoreEncoding encoding) {
    boolean tokens = encoding instanceof Tokenizer;
    if (tokens != (input == InputKind.TOKENS)) {
      return Optional.of("the model reads " + (input == InputKind.TOKENS ? "tokens" : "frames") + " but " + encoding.name()
          + " writes " + (tokens ? "tokens" : "frames"));
    }
    int size = tokens ? ((Tokenizer) encoding).vocabulary().size() : ((FrameEncoding) encoding).frameSize();
    if (size != inputSize) {
      return Optional.of("the model reads " + inputSize + (tokens ? " tokens" : " values a frame") + " but " + encoding.name()
          + " has " + size + (tokens ? " tokens in its vocabulary" : " values a frame"));
    }
    return Optional.empty();
  }

  /** Whether this is the Transformer family. */
  public boolean isTransformer() {
    return TRANSFORMER.equals(family);
  }

  /** This spec with batch normalization after each LSTM layer switched on or off. */
  public ArchitectureSpec withBatchNorm(boolean on) {
    return new ArchitectureSpec(family, input, inputSize, embeddingSize, units, layers, dropout, on, heads, feedForward, context, seed);
  }

  /** This spec with another dropout rate. */
  public ArchitectureSpec withDropout(double rate) {
    return new ArchitectureSpec(family, input, inputSize, embeddingSize, units, layers, rate, batchNorm, heads, feedForward, context, seed);
  }

  /** This spec with another seed. */
  public ArchitectureSpec withSeed(long newSeed) {
    return new ArchitectureSpec(family, input, inputSize, embeddingSize, units, layers, dropout, batchNorm, heads, feedForward, context, newSeed);
  }
}
