package dev.cadenza.model;

/**
 * The shape of a sequence model, which every backend builds alike: for token input, an embedding of
 * {@code embeddingSize}, then {@code layers} LSTM layers of {@code units} with {@code dropout} between them
 * (and batch normalization after each when {@code batchNorm}, as the beat generator had), then a softmax over
 * the vocabulary; for frame input, the frames go straight into the LSTM stack and come out through a sigmoid
 * per frame value.
 *
 * @param family the model family; {@code "lstm"}
 * @param input whether the model reads token ids or frames
 * @param inputSize the vocabulary size (tokens) or the frame size (frames)
 * @param embeddingSize the embedding width for token input (ignored for frames)
 * @param units LSTM units per layer
 * @param layers the number of LSTM layers
 * @param dropout the dropout rate between layers during training, 0 to below 1
 * @param batchNorm whether a batch normalization follows each LSTM layer
 * @param seed the seed of the initial weights
 */
public record ArchitectureSpec(String family, InputKind input, int inputSize, int embeddingSize, int units, int layers,
    double dropout, boolean batchNorm, long seed) {

  /** What a model reads and predicts. */
  public enum InputKind {
    /** Token ids in, a softmax over the vocabulary out. */
    TOKENS,
    /** Multi-hot frames in, a sigmoid per frame value out. */
    FRAMES
  }

  /** Validates the fields. */
  public ArchitectureSpec {
    if (!"lstm".equals(family)) {
      throw new IllegalArgumentException("unknown model family '" + family + "'; known: [lstm]");
    }
    require(inputSize >= 1, "inputSize must be at least 1, was " + inputSize);
    require(input == InputKind.FRAMES || embeddingSize >= 1, "embeddingSize must be at least 1, was " + embeddingSize);
    require(units >= 1, "units must be at least 1, was " + units);
    require(layers >= 1, "layers must be at least 1, was " + layers);
    require(dropout >= 0 && dropout < 1, "dropout must be at least 0 and below 1, was " + dropout);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** An LSTM over tokens. */
  public static ArchitectureSpec lstmTokens(int vocabularySize, int embeddingSize, int units, int layers, double dropout, long seed) {
    return new ArchitectureSpec("lstm", InputKind.TOKENS, vocabularySize, embeddingSize, units, layers, dropout, false, seed);
  }

  /** An LSTM over frames. */
  public static ArchitectureSpec lstmFrames(int frameSize, int units, int layers, double dropout, long seed) {
    return new ArchitectureSpec("lstm", InputKind.FRAMES, frameSize, 0, units, layers, dropout, false, seed);
  }

  /** This spec with batch normalization after each LSTM layer switched on or off. */
  public ArchitectureSpec withBatchNorm(boolean on) {
    return new ArchitectureSpec(family, input, inputSize, embeddingSize, units, layers, dropout, on, seed);
  }

  /** This spec with another seed. */
  public ArchitectureSpec withSeed(long newSeed) {
    return new ArchitectureSpec(family, input, inputSize, embeddingSize, units, layers, dropout, batchNorm, newSeed);
  }
}
