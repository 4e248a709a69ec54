package dev.cadenza.data;

import dev.cadenza.Digests;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** What {@link SequenceDataset} and {@link ShardedDataset} do alike, so that the same pieces give the same data. */
final class DataFingerprints {
  private DataFingerprints() {}

  /** A digest over the training pieces, a separator, the validation pieces, a separator: each as source and length. */
  static final class Digest {
    private final MessageDigest digest = Digests.sha256();

    void piece(String source, int length) {
      digest.update((source + "\t" + length + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void endOfSide() {
      digest.update((byte) 0);
    }

    String hex() {
      return Digests.hex(digest.digest());
    }
  }

  /** Whether token pieces get {@code <bos>} and {@code <eos>} around them: when the tokenizer has them. */
  static boolean bracketed(ScoreEncoding encoding) {
    return encoding instanceof Tokenizer tokenizer && tokenizer.vocabulary().hasSpecialTokens();
  }

  /**
   * A token piece between {@code <bos>} and {@code <eos>} where the tokenizer has them; a frame piece after the frame
   * that stands before its first step ({@link FrameEncoding#before}), which generation without a primer starts from, so
   * that a model learns how pieces begin; any other piece as it is.
   */
  static EncodedPiece framed(EncodedPiece piece, ScoreEncoding encoding) {
    if (piece instanceof EncodedPiece.Frames frames && frames.length() > 0 && encoding instanceof FrameEncoding frameEncoding) {
      float[][] led = new float[frames.length() + 1][];
      led[0] = frameEncoding.before(frames.frames()[0]);
      System.arraycopy(frames.frames(), 0, led, 1, frames.length());
      return new EncodedPiece.Frames(frames.source(), led);
    }
    if (!(piece instanceof EncodedPiece.Tokens tokens && bracketed(encoding))) {
      return piece;
    }
    Vocabulary vocabulary = ((Tokenizer) encoding).vocabulary();
    int[] ids = new int[tokens.ids().length + 2];
    ids[0] = vocabulary.id(Vocabulary.BOS);
    System.arraycopy(tokens.ids(), 0, ids, 1, tokens.ids().length);
    ids[ids.length - 1] = vocabulary.id(Vocabulary.EOS);
    return new EncodedPiece.Tokens(tokens.source(), ids);
  }

  /** The number of windows of {@code sequenceLength} steps and their target, every {@code stride} steps, in {@code length} steps. */
  static int windows(int length, int sequenceLength, int stride) {
    return length < sequenceLength + 1 ? 0 : (length - sequenceLength - 1) / stride + 1;
  }

  /**
   * The semitones the window of {@code source} starting at {@code start} moves in {@code epoch}: drawn from
   * {@code lowest..highest} by a hash of the seed, the epoch and the window, so the order windows are cut in does not
   * matter.
   */
  static int shift(long seed, int epoch, String source, int start, int lowest, int highest) {
    if (lowest == highest) {
      return lowest;
    }
    long h = Digests.mix(seed * 0x9E3779B97F4A7C15L + epoch);
    h = Digests.mix(h ^ source.hashCode());
    h = Digests.mix(h + start);
    return lowest + (int) Math.floorMod(h, (long) highest - lowest + 1);
  }

  /** Up to {@code count} spans of at most 32 tokens, each from a piece drawn with the seed. */
  static List<int[]> primers(List<EncodedPiece> pieces, int count, long seed) {
    List<int[]> primers = new ArrayList<>();
    Random random = new Random(seed);
    for (int i = 0; i < count && !pieces.isEmpty(); i++) {
      if (pieces.get(random.nextInt(pieces.size())) instanceof EncodedPiece.Tokens t && t.ids().length > 0) {
        int length = Math.min(32, t.ids().length);
        int start = random.nextInt(t.ids().length - length + 1);
        primers.add(Arrays.copyOfRange(t.ids(), start, start + length));
      }
    }
    return primers;
  }

  /** A batch of token windows: each span's first {@code n - 1} ids in, its last {@code n - 1} the targets. */
  static Batch.Tokens tokenBatch(List<int[]> spans) {
    int[][] inputs = new int[spans.size()][];
    int[][] targets = new int[spans.size()][];
    for (int i = 0; i < spans.size(); i++) {
      int[] span = spans.get(i);
      inputs[i] = Arrays.copyOfRange(span, 0, span.length - 1);
      targets[i] = Arrays.copyOfRange(span, 1, span.length);
    }
    return new Batch.Tokens(inputs, targets);
  }
}
