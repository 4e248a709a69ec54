package dev.cadenza.model.jvm;

import dev.cadenza.model.NamedTensors;

/**
 * The arithmetic of the sessions, on flat row-major float arrays. Linear layers keep their weights transposed,
 * [inputs, outputs], so that a product adds one input's scaled weight row to the outputs: a loop with no reduction,
 * which the JIT compiles to vector instructions, and each weight row is read once for all the streams of a batch.
 */
final class Kernels {
  private static final double LOG2_E = 1 / Math.log(2);
  private static final double LN_2 = Math.log(2);
  private static final float TANH_CLAMP = 7.90531110763549805f;

  private Kernels() {}

  /**
   * A linear layer: its weights transposed, one array per input holding that input's weight for every output, and
   * the bias (null for none). Rows are separate arrays, and so are the streams' inputs and outputs: the JIT
   * vectorizes the product's loop only over arrays it reads from their start.
   */
  record Linear(float[][] weights, float[] bias) {
    /** The layer {@code name}'s {@code .weight} [outputs, inputs] and {@code .bias}. */
    static Linear of(NamedTensors tensors, String name) {
      return new Linear(transposed(tensors.get(name + ".weight")), tensors.get(name + ".bias").values());
    }

    int outputs() {
      return weights[0].length;
    }

    /** out[s] = x[s] W^T + b for each stream s. */
    void apply(float[][] x, float[][] out) {
      for (float[] row : out) {
        System.arraycopy(bias, 0, row, 0, row.length);
      }
      addProduct(x, out);
    }

    /** out[s] += x[s] W^T for each stream s. */
    void addProduct(float[][] x, float[][] out) {
      for (int i = 0; i < weights.length; i++) {
        float[] w = weights[i];
        for (int s = 0; s < x.length; s++) {
          float a = x[s][i];
          if (a != 0) {
            float[] o = out[s];
            for (int j = 0; j < w.length; j++) {
              o[j] += a * w[j];
            }
          }
        }
      }
    }
  }

  /** A [rows, columns] tensor as [columns][rows]. */
  static float[][] transposed(NamedTensors.Tensor tensor) {
    int rows = (int) tensor.shape()[0];
    int columns = (int) tensor.shape()[1];
    float[] values = tensor.values();
    float[][] out = new float[columns][rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[c][r] = values[r * columns + c];
      }
    }
    return out;
  }

  /** Layer normalization of each stream's x into out, with the biased variance and epsilon 1e-5. */
  static void layerNorm(float[][] x, float[] scale, float[] shift, float[][] out) {
    int width = scale.length;
    for (int s = 0; s < x.length; s++) {
      float[] row = x[s];
      double sum = 0;
      for (int j = 0; j < width; j++) {
        sum += row[j];
      }
      float mean = (float) (sum / width);
      double squares = 0;
      for (int j = 0; j < width; j++) {
        float d = row[j] - mean;
        squares += d * d;
      }
      float inverse = (float) (1 / Math.sqrt(squares / width + 1e-5));
      for (int j = 0; j < width; j++) {
        out[s][j] = (row[j] - mean) * inverse * scale[j] + shift[j];
      }
    }
  }

  /** A copy of each row. */
  static float[][] copies(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r].clone();
    }
    return out;
  }

  /** The logistic function, as 1/2 + tanh(x / 2) / 2. */
  static float sigmoid(float x) {
    return 0.5f + 0.5f * tanh(0.5f * x);
  }

  /**
   * tanh to within 3e-7 as a rational function of x (odd degree 13 over even degree 6, Eigen's fast tanh) on x
   * clamped to +-7.905, where tanh is 1 to float precision: multiplications, additions and one division, which the
   * JIT vectorizes in a loop, several times faster than {@link Math#tanh}.
   */
  static float tanh(float x) {
    float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
    float c2 = c * c;
    float p = c2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = c2 * p + -8.60467152213735e-11f;
    p = c2 * p + 5.12229709037114e-08f;
    p = c2 * p + 1.48572235717979e-05f;
    p = c2 * p + 6.37261928875436e-04f;
    p = c2 * p + 4.89352455891786e-03f;
    float q = c2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = c2 * q + 2.26843463243900e-03f;
    q = c2 * q + 4.89352518554385e-03f;
    return c * p / q;
  }

  /** Sigmoid of a[from..to) in place. */
  static void sigmoid(float[] a, int from, int to) {
    for (int k = from; k < to; k++) {
      a[k] = sigmoid(a[k]);
    }
  }

  /** tanh of a[from..to) in place. */
  static void tanh(float[] a, int from, int to) {
    for (int k = from; k < to; k++) {
      a[k] = tanh(a[k]);
    }
  }

  /**
   * e^x to a relative error under 1e-8, about twice as fast as {@link Math#exp} (which is exact to the last bit, more
   * than float outputs need): 2^n x e^f with n the nearest integer to x / ln 2 and |f| <= ln 2 / 2, e^f from its
   * Taylor series to the 7th power. Below -708 it gives about 2^-1022 (not a subnormal or 0), above 709.78 infinity;
   * NaN stays NaN.
   */
  static double exp(double x) {
    double t = Math.max(-1022, Math.min(1024, x * LOG2_E));
    double n = Math.rint(t);
    double f = (t - n) * LN_2;
    double p = 1 + f * (1 + f * (1 / 2.0 + f * (1 / 6.0 + f * (1 / 24.0 + f * (1 / 120.0 + f * (1 / 720.0 + f / 5040.0))))));
    return n >= 1024 ? Double.POSITIVE_INFINITY : p * Double.longBitsToDouble((long) (n + 1023) << 52);
  }

  /** Exact GELU: x times the standard normal distribution function of x. */
  static float gelu(float x) {
    return (float) (0.5 * x * erfc(-x / Math.sqrt(2)));
  }

  /** The complementary error function, with a relative error under 1.2e-7 (Chebyshev fit, Numerical Recipes). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
