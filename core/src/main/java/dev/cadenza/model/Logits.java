package dev.cadenza.model;

/**
 * What a backend's raw scores mean: a token model's logits become probabilities by softmax, a frame model's
 * scores by a sigmoid per value. Backends return raw scores ({@link SequenceModel#predict},
 * {@link GenerationSession#next(int[])}); these functions, computed in double precision, are the one place that
 * turns them into probabilities.
 */
public final class Logits {
  private Logits() {}

  /** Log-probabilities of one distribution: {@code logits - logsumexp(logits)}. */
  public static double[] logSoftmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float z : logits) {
      max = Math.max(max, z);
    }
    double sum = 0;
    for (float z : logits) {
      sum += Math.exp(z - max);
    }
    double logTotal = max + Math.log(sum);
    double[] result = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      result[i] = logits[i] - logTotal;
    }
    return result;
  }

  /** The probabilities of one distribution (softmax). */
  public static float[] softmax(float[] logits) {
    double[] log = logSoftmax(logits);
    float[] result = new float[log.length];
    for (int i = 0; i < log.length; i++) {
      result[i] = (float) Math.exp(log[i]);
    }
    return result;
  }

  /** The probability of each value of a frame (a sigmoid per score). */
  public static float[] sigmoid(float[] scores) {
    float[] result = new float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      result[i] = (float) sigmoid((double) scores[i]);
    }
    return result;
  }

  /** The logistic function, without overflow for large negative scores. */
  public static double sigmoid(double score) {
    return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
  }

  /** Probabilities from raw scores of a model with that input kind: softmax for tokens, sigmoid for frames. */
  public static float[] probabilities(float[] scores, ArchitectureSpec.InputKind kind) {
    return kind == ArchitectureSpec.InputKind.TOKENS ? softmax(scores) : sigmoid(scores);
  }
}
