package dev.cadenza.evaluation;

import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.Logits;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.tokens.Vocabulary;
import java.util.List;

/**
 * The negative log-likelihood a model gives a piece, in nats, step by step through a {@link GenerationSession}: the
 * state is carried, so every step is predicted from the whole piece before it (an LSTM from its first token, a
 * Transformer from its window). A token model predicts each token of the piece after {@code <bos>} and then
 * {@code <eos>}, as it was trained (a vocabulary without them: each token after the first); a frame model predicts
 * each frame after the first, each value an independent sigmoid (the factorized form: the sum over the values of
 * their binary cross-entropies).
 */
public final class Likelihood {
  private Likelihood() {}

  /**
   * What a model made of one piece.
   *
   * @param source where the piece came from
   * @param steps the steps predicted
   * @param nll the summed negative log-likelihood, nats
   */
  public record Result(String source, long steps, double nll) {
    /** The mean negative log-likelihood per predicted step, nats (NaN for none). */
    public double perStep() {
      return steps == 0 ? Double.NaN : nll / steps;
    }

    /** {@code exp} of {@link #perStep()}: as unsure as choosing among that many steps alike. */
    public double perplexity() {
      return Math.exp(perStep());
    }

    /** Several pieces as one: their steps and likelihoods summed. */
    public static Result total(String source, List<Result> results) {
      return new Result(source, results.stream().mapToLong(Result::steps).sum(), results.stream().mapToDouble(Result::nll).sum());
    }
  }

  /** A token model's likelihood of token ids of its vocabulary. */
  public static Result tokens(SequenceModel model, Vocabulary vocabulary, String source, int[] ids) {
    int bos = vocabulary.id(Vocabulary.BOS);
    int eos = vocabulary.id(Vocabulary.EOS);
    int[] stream = ids;
    if (bos >= 0) {
      stream = new int[ids.length + 2];
      stream[0] = bos;
      System.arraycopy(ids, 0, stream, 1, ids.length);
      stream[stream.length - 1] = eos;
    }
    double nll = 0;
    try (GenerationSession session = model.openSession(1)) {
      for (int t = 0; t + 1 < stream.length; t++) {
        double[] logProbabilities = Logits.logSoftmax(session.next(new int[] {stream[t]})[0]);
        nll -= logProbabilities[stream[t + 1]];
      }
    }
    return new Result(source, Math.max(0, stream.length - 1), nll);
  }

  /** A frame model's factorized likelihood of frames of its width. */
  public static Result frames(SequenceModel model, String source, float[][] frames) {
    double nll = 0;
    try (GenerationSession session = model.openSession(1)) {
      for (int t = 0; t + 1 < frames.length; t++) {
        float[] logits = session.next(new float[][] {frames[t]})[0];
        for (int k = 0; k < logits.length; k++) {
          double z = logits[k];
          nll += Math.max(z, 0) - z * frames[t + 1][k] + Math.log1p(Math.exp(-Math.abs(z)));
        }
      }
    }
    return new Result(source, Math.max(0, frames.length - 1), nll);
  }
}
