package dev.cadenza.testing;

import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.SequenceDataset;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.util.ArrayList;
import java.util.List;

/**
 * A made-up corpus that a tiny model learns in seconds: pieces of one repeating Performance RNN phrase (C4 on, a
 * shift, C4 off, E4 on, another shift, E4 off), each starting at another point of it. For core's tests of training,
 * bundles and generation on the reference backend.
 */
public final class TinyCorpus {
  /** The default Performance RNN encoding (388 events and 3 special tokens). */
  public static final Tokenizer PERFORMANCE = (Tokenizer) Tokenizers.encoding("performance", TokenizerConfig.DEFAULTS);
  /** The phrase: NOTE_ON_60, TIME_SHIFT_10, NOTE_OFF_60, NOTE_ON_64, TIME_SHIFT_11, NOTE_OFF_64. */
  public static final int[] PHRASE = {60, 265, 188, 64, 266, 192};

  private TinyCorpus() {}

  /** {@code count} pieces of {@code length} tokens of the phrase. */
  public static List<EncodedPiece> pieces(int count, int length) {
    List<EncodedPiece> pieces = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      int[] ids = new int[length];
      for (int i = 0; i < length; i++) {
        ids[i] = PHRASE[(p + i) % PHRASE.length];
      }
      pieces.add(new EncodedPiece.Tokens("phrase-" + p, ids));
    }
    return pieces;
  }

  /** Eight pieces of 60 tokens in windows of 12, batches of 8, a quarter of the pieces for validation. */
  public static SequenceDataset dataset(long seed) {
    return SequenceDataset.builder(pieces(8, 60), PERFORMANCE).sequenceLength(12).batchSize(8).validationFraction(0.25)
        .seed(seed).build();
  }

  /** A small LSTM over the Performance vocabulary: embedding 8, one layer of 16. */
  public static ArchitectureSpec lstm(long seed) {
    return ArchitectureSpec.lstmTokens(PERFORMANCE.vocabulary().size(), 8, 16, 1, 0.0, seed);
  }
}
