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
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);

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

    /**
     * out[s] += x[s] W^T for each stream s. One stream adds each input's scaled weight row in turn, skipping inputs
     * that are 0. Several streams take four inputs at a time: each stream's output row is read and written once per
     * four weight rows instead of once per row, and the four rows, loaded for the first stream, serve the others from
     * the first-level cache. (Two streams per loop as well would load each weight once for both, but a loop of that
     * size is no longer unrolled enough for the JIT to vectorize it under its default {@code LoopUnrollLimit}.)
     */
    void addProduct(float[][] x, float[][] out) {
      if (x.length == 1) {
        addProduct(x[0], out[0]);
        return;
      }
      int i = 0;
      for (; i + 4 <= weights.length; i += 4) {
        for (int s = 0; s < x.length; s++) {
          addFourInputs(i, x[s], out[s]);
        }
      }
      for (; i < weights.length; i++) {
        float[] w = weights[i];
        for (int s = 0; s < x.length; s++) {
          float a = x[s][i];
          float[] o = out[s];
          for (int j = 0; j < w.length; j++) {
            o[j] += a * w[j];
          }
        }
      }
    }

    private void addProduct(float[] x, float[] out) {
      for (int i = 0; i < weights.length; i++) {
        float a = x[i];
        if (a != 0) {
          float[] w = weights[i];
          for (int j = 0; j < w.length; j++) {
            out[j] += a * w[j];
          }
        }
      }
    }

    /** out += x[i..i+3] times weight rows i..i+3. */
    private void addFourInputs(int i, float[] x, float[] out) {
      float[] w0 = weights[i];
      float[] w1 = weights[i + 1];
      float[] w2 = weights[i + 2];
      float[] w3 = weights[i + 3];
      float x0 = x[i];
      float x1 = x[i + 1];
      float x2 = x[i + 2];
      float x3 = x[i + 3];
      for (int j = 0; j < w0.length; j++) {
        out[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
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

  /** GELU of every value of a, in place (a loop the JIT vectorizes). */
  static void gelu(float[] a) {
    for (int j = 0; j < a.length; j++) {
      a[j] = gelu(a[j]);
    }
  }

  /** Exact GELU, x times the standard normal distribution function of x: x (1 + erf(x / sqrt 2)) / 2. */
  static float gelu(float x) {
    return 0.5f * x * (1 + erf(x * SQRT_HALF));
  }

  /**
   * erf to float precision as a rational function of x (odd degree 13 over even degree 8, Eigen's fast erf) on x
   * clamped to +-4, where erf is 1 to float precision: like {@link #tanh}, with no exponential, so that a loop of it
   * is vectorized.
   */
  static float erf(float x) {
    float c = Math.max(-4f, Math.min(4f, x));
    float c2 = c * c;
    float p = c2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = c2 * p + -2.10102402082508e-06f;
    p = c2 * p + -5.69250639462346e-05f;
    p = c2 * p + -7.34990630326855e-04f;
    p = c2 * p + -2.95459980854025e-03f;
    p = c2 * p + -1.60960333262415e-02f;
    float q = c2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
    q = c2 * q + -1.68282697438203e-03f;
    q = c2 * q + -7.37332916720468e-03f;
    q = c2 * q + -1.42647390514189e-02f;
    return c * p / q;
  }
}
