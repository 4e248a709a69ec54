package dev.cadenza.evaluation;

import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.Logits;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.tokens.ChordStepTokenizer;
import dev.cadenza.tokens.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The negative log-likelihood a model gives a piece, in nats, step by step through a {@link GenerationSession}: the
 * state is carried, so every step is predicted from the whole piece before it (an LSTM from its first token, a
 * Transformer from its window). A token model predicts each token of the piece after {@code <bos>} and then
 * {@code <eos>}, as it was trained (a vocabulary without them: each token after the first); a frame model predicts
 * each frame after the first, each value an independent sigmoid (the factorized form: the sum over the values of
 * their binary cross-entropies). A {@link ChordStepTokenizer} model gives the exact form: the joint probability of each
 * frame's chord ({@link #chords}). The forms that take many pieces feed them through one session's streams side by
 * side, which gives the same numbers as one at a time, faster.
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

  /**
   * A piece as piano-roll frames.
   *
   * @param source where it came from
   * @param frames its frames, one per step
   */
  public record Roll(String source, float[][] frames) {}

  /** The most streams one session scores at once. */
  private static final int STREAMS = 64;

  /** A frame model's factorized likelihood of frames of its width. */
  public static Result frames(SequenceModel model, String source, float[][] frames) {
    return frames(model, List.of(new Roll(source, frames))).get(0);
  }

  /** A frame model's factorized likelihood of each piece (see the session form), several pieces at a time. */
  public static List<Result> frames(SequenceModel model, List<Roll> rolls) {
    try (GenerationSession session = model.openSession(Math.max(1, Math.min(STREAMS, rolls.size())))) {
      return frames(session, rolls);
    }
  }

  /**
   * The factorized likelihood of each piece through a session, its streams scoring as many pieces at once (the
   * session is reset between groups): each frame after the first, every value an independent sigmoid of its logit;
   * the sum of their binary cross-entropies.
   */
  public static List<Result> frames(GenerationSession session, List<Roll> rolls) {
    return lockstep(session, sources(rolls), i -> rolls.get(i).frames().length, i -> new Scorer() {
      final float[][] frames = rolls.get(i).frames();

      @Override
      void feed(int t, int stream, int[] tokens, float[][] input) {
        input[stream] = frames[t];
      }

      @Override
      double nll(int t, float[] logits) {
        double nll = 0;
        for (int k = 0; k < logits.length; k++) {
          double z = logits[k];
          nll += Math.max(z, 0) - z * frames[t + 1][k] + Math.log1p(Math.exp(-Math.abs(z)));
        }
        return nll;
      }
    }, true, i -> Math.max(0, rolls.get(i).frames().length - 1));
  }

  /** A {@code chord-steps} model's exact likelihood of each piece (see the session form), several pieces at a time. */
  public static List<Result> chords(SequenceModel model, ChordStepTokenizer tokenizer, List<Roll> rolls) {
    try (GenerationSession session = model.openSession(Math.max(1, Math.min(STREAMS, rolls.size())))) {
      return chords(session, tokenizer, rolls);
    }
  }

  /**
   * The exact likelihood of piano-roll pieces through a session of a model of a {@link ChordStepTokenizer}: the joint
   * probability of each frame's whole chord after the first frame, as the product of its tokens' probabilities (its
   * pitches ascending, then {@code Step}). Each token's probability is renormalized over the tokens that may come there
   * (a higher pitch or {@code Step}; never a special token), so the probabilities of all chords of a step sum to 1 and
   * the result is a true likelihood of the same steps the factorized form predicts. A stream starts with
   * {@code <bos>} where the vocabulary has it; the first frame is read as context, not scored.
   */
  public static List<Result> chords(GenerationSession session, ChordStepTokenizer tokenizer, List<Roll> rolls) {
    int bos = tokenizer.vocabulary().id(Vocabulary.BOS);
    int step = tokenizer.stepId();
    List<int[]> streams = new ArrayList<>();
    for (Roll roll : rolls) {
      int[] ids = tokenizer.encode(roll.frames());
      int[] stream = new int[ids.length + (bos >= 0 ? 1 : 0)];
      System.arraycopy(ids, 0, stream, stream.length - ids.length, ids.length);
      if (bos >= 0) {
        stream[0] = bos;
      }
      streams.add(stream);
    }
    return lockstep(session, sources(rolls), i -> streams.get(i).length, i -> new Scorer() {
      final int[] stream = streams.get(i);
      int stepsSeen;
      int last = -1;

      @Override
      void feed(int t, int s, int[] tokens, float[][] input) {
        tokens[s] = stream[t];
      }

      @Override
      double nll(int t, float[] logits) {
        int target = stream[t + 1];
        double nll = 0;
        if (stepsSeen > 0) {
          double max = Double.NEGATIVE_INFINITY;
          for (int k = last + 1; k <= step; k++) {
            max = Math.max(max, logits[k]);
          }
          double sum = 0;
          for (int k = last + 1; k <= step; k++) {
            sum += Math.exp(logits[k] - max);
          }
          nll = -(logits[target] - max - Math.log(sum));
        }
        if (target == step) {
          stepsSeen++;
          last = -1;
        } else {
          last = target;
        }
        return nll;
      }
    }, false, i -> Math.max(0, rolls.get(i).frames().length - 1));
  }

  private static List<String> sources(List<Roll> rolls) {
    return rolls.stream().map(Roll::source).toList();
  }

  /** One piece's part in a lockstep run: what it feeds at step t and what its prediction of step t + 1 costs. */
  private abstract static class Scorer {
    abstract void feed(int t, int stream, int[] tokens, float[][] input);

    abstract double nll(int t, float[] logits);
  }

  /**
   * Feeds pieces through the session's streams in groups, one step of each at a time (a stream whose piece has ended
   * is fed its piece's last step again, and its predictions ignored), and sums what each piece's scorer counts. A
   * piece of fewer than two steps predicts nothing.
   */
  private static List<Result> lockstep(GenerationSession session, List<String> sources, IntUnaryOperator length,
      IntFunction<Scorer> scorers, boolean frames, IntUnaryOperator steps) {
    Result[] results = new Result[sources.size()];
    List<Integer> scored = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      results[i] = new Result(sources.get(i), steps.applyAsInt(i), 0);
      if (length.applyAsInt(i) >= 2) {
        scored.add(i);
      }
    }
    int width = session.batchSize();
    for (int from = 0; from < scored.size(); from += width) {
      List<Integer> group = scored.subList(from, Math.min(scored.size(), from + width));
      Scorer[] scorer = new Scorer[width];
      int[] lengths = new int[width];
      int longest = 0;
      for (int s = 0; s < width; s++) {
        int piece = group.get(Math.min(s, group.size() - 1));
        scorer[s] = scorers.apply(piece);
        lengths[s] = length.applyAsInt(piece);
        longest = Math.max(longest, lengths[s]);
      }
      double[] nll = new double[width];
      session.reset();
      int[] tokens = new int[width];
      float[][] input = new float[width][];
      for (int t = 0; t + 1 < longest; t++) {
        for (int s = 0; s < width; s++) {
          scorer[s].feed(Math.min(t, lengths[s] - 1), s, tokens, input);
        }
        float[][] logits = frames ? session.next(input) : session.next(tokens);
        for (int s = 0; s < group.size(); s++) {
          if (t + 1 < lengths[s]) {
            nll[s] += scorer[s].nll(t, logits[s]);
          }
        }
      }
      for (int s = 0; s < group.size(); s++) {
        Result r = results[group.get(s)];
        results[group.get(s)] = new Result(r.source(), r.steps(), nll[s]);
      }
    }
    return List.of(results);
  }
}
