package dev.cadenza.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Reverse-mode differentiation in plain Java and double precision, as small as the reference models need: every
 * value is a matrix ({@link Node}, [rows, columns], row-major), every operation records how to pass gradients back,
 * and {@link #backward} runs those records in reverse. Slow and obviously right, which is its job: it is the
 * definition the reference backend trains with and the real backends are checked against.
 */
final class Tape {
  private final List<Runnable> backwards = new ArrayList<>();

  /** A matrix on the tape, with its gradient (allocated when something flows into it). */
  static final class Node {
    final int rows;
    final int cols;
    final double[] v;
    double[] g;

    Node(int rows, int cols, double[] v) {
      if (v.length != rows * cols) {
        throw new IllegalArgumentException(v.length + " values for [" + rows + ", " + cols + "]");
      }
      this.rows = rows;
      this.cols = cols;
      this.v = v;
    }

    Node(int rows, int cols) {
      this(rows, cols, new double[rows * cols]);
    }

    double[] grad() {
      if (g == null) {
        g = new double[v.length];
      }
      return g;
    }

    double get(int r, int c) {
      return v[r * cols + c];
    }
  }

  /** Runs the recorded operations backwards from a scalar, whose gradient is 1. */
  void backward(Node scalar) {
    if (scalar.v.length != 1) {
      throw new IllegalArgumentException("backward starts from a scalar");
    }
    scalar.grad()[0] = 1;
    for (int i = backwards.size() - 1; i >= 0; i--) {
      backwards.get(i).run();
    }
  }

  private Node record(Node out, Runnable backward) {
    backwards.add(() -> {
      if (out.g != null) {
        backward.run();
      }
    });
    return out;
  }

  /** x W^T + b: x [n, in], W [out, in], b [1, out] or null. */
  Node linear(Node x, Node w, Node b) {
    if (x.cols != w.cols) {
      throw new IllegalArgumentException("linear: " + x.cols + " inputs, weight for " + w.cols);
    }
    Node y = new Node(x.rows, w.rows);
    for (int r = 0; r < x.rows; r++) {
      for (int o = 0; o < w.rows; o++) {
        double s = b == null ? 0 : b.v[o];
        for (int k = 0; k < x.cols; k++) {
          s += x.v[r * x.cols + k] * w.v[o * w.cols + k];
        }
        y.v[r * y.cols + o] = s;
      }
    }
    return record(y, () -> {
      double[] gx = x.grad();
      double[] gw = w.grad();
      double[] gb = b == null ? null : b.grad();
      for (int r = 0; r < x.rows; r++) {
        for (int o = 0; o < w.rows; o++) {
          double d = y.g[r * y.cols + o];
          if (gb != null) {
            gb[o] += d;
          }
          for (int k = 0; k < x.cols; k++) {
            gx[r * x.cols + k] += d * w.v[o * w.cols + k];
            gw[o * w.cols + k] += d * x.v[r * x.cols + k];
          }
        }
      }
    });
  }

  /** a + b, elementwise. */
  Node add(Node a, Node b) {
    same(a, b);
    Node y = new Node(a.rows, a.cols);
    for (int i = 0; i < y.v.length; i++) {
      y.v[i] = a.v[i] + b.v[i];
    }
    return record(y, () -> {
      double[] ga = a.grad();
      double[] gb = b.grad();
      for (int i = 0; i < y.v.length; i++) {
        ga[i] += y.g[i];
        gb[i] += y.g[i];
      }
    });
  }

  /** a x b, elementwise. */
  Node mul(Node a, Node b) {
    same(a, b);
    Node y = new Node(a.rows, a.cols);
    for (int i = 0; i < y.v.length; i++) {
      y.v[i] = a.v[i] * b.v[i];
    }
    return record(y, () -> {
      double[] ga = a.grad();
      double[] gb = b.grad();
      for (int i = 0; i < y.v.length; i++) {
        ga[i] += y.g[i] * b.v[i];
        gb[i] += y.g[i] * a.v[i];
      }
    });
  }

  /** x times a constant mask, elementwise (dropout with its mask already scaled). */
  Node scale(Node x, double[] mask) {
    Node y = new Node(x.rows, x.cols);
    for (int i = 0; i < y.v.length; i++) {
      y.v[i] = x.v[i] * mask[i];
    }
    return record(y, () -> {
      double[] gx = x.grad();
      for (int i = 0; i < y.v.length; i++) {
        gx[i] += y.g[i] * mask[i];
      }
    });
  }

  Node sigmoid(Node x) {
    return elementwise(x, Tape::sigmoid, y -> y * (1 - y), true);
  }

  Node tanh(Node x) {
    return elementwise(x, Math::tanh, y -> 1 - y * y, true);
  }

  /** GELU as PyTorch defines it by default: x Phi(x), with the exact normal distribution function. */
  Node gelu(Node x) {
    return elementwise(x, z -> z * phi(z), z -> phi(z) + z * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI), false);
  }

  /** f applied to each value; the derivative from the output ({@code ofOutput}) or from the input. */
  private Node elementwise(Node x, DoubleUnaryOperator f, DoubleUnaryOperator derivative, boolean ofOutput) {
    Node y = new Node(x.rows, x.cols);
    for (int i = 0; i < y.v.length; i++) {
      y.v[i] = f.applyAsDouble(x.v[i]);
    }
    return record(y, () -> {
      double[] gx = x.grad();
      for (int i = 0; i < y.v.length; i++) {
        gx[i] += y.g[i] * derivative.applyAsDouble(ofOutput ? y.v[i] : x.v[i]);
      }
    });
  }

  /** Columns {@code from..to} of x. */
  Node columns(Node x, int from, int to) {
    Node y = new Node(x.rows, to - from);
    for (int r = 0; r < x.rows; r++) {
      System.arraycopy(x.v, r * x.cols + from, y.v, r * y.cols, y.cols);
    }
    return record(y, () -> {
      double[] gx = x.grad();
      for (int r = 0; r < x.rows; r++) {
        for (int c = 0; c < y.cols; c++) {
          gx[r * x.cols + from + c] += y.g[r * y.cols + c];
        }
      }
    });
  }

  /** Rows of a table by index: an embedding lookup. */
  Node rows(Node table, int[] indices) {
    Node y = new Node(indices.length, table.cols);
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(table.v, indices[r] * table.cols, y.v, r * y.cols, y.cols);
    }
    return record(y, () -> {
      double[] gt = table.grad();
      for (int r = 0; r < indices.length; r++) {
        for (int c = 0; c < y.cols; c++) {
          gt[indices[r] * table.cols + c] += y.g[r * y.cols + c];
        }
      }
    });
  }

  /** Layer normalization of each row (biased variance, epsilon 1e-5), then x weight + bias ([1, cols] each). */
  Node layerNorm(Node x, Node weight, Node bias) {
    Node y = new Node(x.rows, x.cols);
    double[] normalized = new double[x.v.length];
    double[] inverse = new double[x.rows];
    int n = x.cols;
    for (int r = 0; r < x.rows; r++) {
      double mean = 0;
      for (int c = 0; c < n; c++) {
        mean += x.v[r * n + c];
      }
      mean /= n;
      double variance = 0;
      for (int c = 0; c < n; c++) {
        double d = x.v[r * n + c] - mean;
        variance += d * d;
      }
      inverse[r] = 1 / Math.sqrt(variance / n + 1e-5);
      for (int c = 0; c < n; c++) {
        normalized[r * n + c] = (x.v[r * n + c] - mean) * inverse[r];
        y.v[r * n + c] = normalized[r * n + c] * weight.v[c] + bias.v[c];
      }
    }
    return record(y, () -> {
      double[] gx = x.grad();
      double[] gw = weight.grad();
      double[] gb = bias.grad();
      for (int r = 0; r < x.rows; r++) {
        double sum = 0;
        double dot = 0;
        for (int c = 0; c < n; c++) {
          double d = y.g[r * n + c];
          gw[c] += d * normalized[r * n + c];
          gb[c] += d;
          double dn = d * weight.v[c];
          sum += dn;
          dot += dn * normalized[r * n + c];
        }
        for (int c = 0; c < n; c++) {
          double dn = y.g[r * n + c] * weight.v[c];
          gx[r * n + c] += inverse[r] * (dn - sum / n - normalized[r * n + c] * dot / n);
        }
      }
    });
  }

  /**
   * Causal multi-head attention: q, k, v are [batch x time, width] (rows of one sequence together), split into
   * {@code heads} slices of the width; each position attends over itself and earlier positions, with scores scaled
   * by the square root of the head width. Returns [batch x time, width].
   */
  Node attention(Node q, Node k, Node v, int batch, int heads) {
    same(q, k);
    same(q, v);
    int time = q.rows / batch;
    int width = q.cols;
    int head = width / heads;
    double scale = Math.sqrt(head);
    double[][] weights = new double[batch * heads * time][];
    Node y = new Node(q.rows, width);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < time; i++) {
          int qi = (b * time + i) * width + h * head;
          double[] p = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            int kj = (b * time + j) * width + h * head;
            double s = 0;
            for (int c = 0; c < head; c++) {
              s += q.v[qi + c] * k.v[kj + c];
            }
            p[j] = s / scale;
            max = Math.max(max, p[j]);
          }
          double total = 0;
          for (int j = 0; j <= i; j++) {
            p[j] = Math.exp(p[j] - max);
            total += p[j];
          }
          for (int j = 0; j <= i; j++) {
            p[j] /= total;
            int vj = (b * time + j) * width + h * head;
            for (int c = 0; c < head; c++) {
              y.v[qi + c] += p[j] * v.v[vj + c];
            }
          }
          weights[(b * heads + h) * time + i] = p;
        }
      }
    }
    return record(y, () -> {
      double[] gq = q.grad();
      double[] gk = k.grad();
      double[] gv = v.grad();
      for (int b = 0; b < batch; b++) {
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < time; i++) {
            int qi = (b * time + i) * width + h * head;
            double[] p = weights[(b * heads + h) * time + i];
            double[] dp = new double[i + 1];
            double dot = 0;
            for (int j = 0; j <= i; j++) {
              int vj = (b * time + j) * width + h * head;
              for (int c = 0; c < head; c++) {
                dp[j] += y.g[qi + c] * v.v[vj + c];
                gv[vj + c] += p[j] * y.g[qi + c];
              }
              dot += dp[j] * p[j];
            }
            for (int j = 0; j <= i; j++) {
              double ds = p[j] * (dp[j] - dot) / scale;
              int kj = (b * time + j) * width + h * head;
              for (int c = 0; c < head; c++) {
                gq[qi + c] += ds * k.v[kj + c];
                gk[kj + c] += ds * q.v[qi + c];
              }
            }
          }
        }
      }
    });
  }

  /** The summed cross-entropy of each row's softmax against its target index: a scalar. */
  Node crossEntropy(Node logits, int[] targets) {
    double[] probabilities = new double[logits.v.length];
    double loss = 0;
    int n = logits.cols;
    for (int r = 0; r < logits.rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < n; c++) {
        max = Math.max(max, logits.v[r * n + c]);
      }
      double total = 0;
      for (int c = 0; c < n; c++) {
        total += Math.exp(logits.v[r * n + c] - max);
      }
      for (int c = 0; c < n; c++) {
        probabilities[r * n + c] = Math.exp(logits.v[r * n + c] - max) / total;
      }
      loss -= logits.v[r * n + targets[r]] - max - Math.log(total);
    }
    Node y = new Node(1, 1, new double[] {loss});
    return record(y, () -> {
      double[] gl = logits.grad();
      for (int r = 0; r < logits.rows; r++) {
        for (int c = 0; c < n; c++) {
          gl[r * n + c] += y.g[0] * (probabilities[r * n + c] - (c == targets[r] ? 1 : 0));
        }
      }
    });
  }

  /** The summed binary cross-entropy of each value's sigmoid against its 0/1 target: a scalar. */
  Node binaryCrossEntropy(Node logits, double[] targets) {
    double loss = 0;
    for (int i = 0; i < logits.v.length; i++) {
      double z = logits.v[i];
      loss += Math.max(z, 0) - z * targets[i] + Math.log1p(Math.exp(-Math.abs(z)));
    }
    Node y = new Node(1, 1, new double[] {loss});
    return record(y, () -> {
      double[] gl = logits.grad();
      for (int i = 0; i < logits.v.length; i++) {
        gl[i] += y.g[0] * (sigmoid(logits.v[i]) - targets[i]);
      }
    });
  }

  /** The sum of scalars, times a factor. */
  Node sum(List<Node> scalars, double factor) {
    double total = 0;
    for (Node s : scalars) {
      total += s.v[0];
    }
    Node y = new Node(1, 1, new double[] {total * factor});
    return record(y, () -> scalars.forEach(s -> s.grad()[0] += y.g[0] * factor));
  }

  /** Rows stacked: [n1 + n2 + ..., cols]. */
  Node stack(List<Node> parts) {
    int rows = parts.stream().mapToInt(p -> p.rows).sum();
    int cols = parts.get(0).cols;
    Node y = new Node(rows, cols);
    int at = 0;
    for (Node p : parts) {
      System.arraycopy(p.v, 0, y.v, at, p.v.length);
      at += p.v.length;
    }
    return record(y, () -> {
      int from = 0;
      for (Node p : parts) {
        double[] gp = p.grad();
        for (int i = 0; i < p.v.length; i++) {
          gp[i] += y.g[from + i];
        }
        from += p.v.length;
      }
    });
  }

  private static void same(Node a, Node b) {
    if (a.rows != b.rows || a.cols != b.cols) {
      throw new IllegalArgumentException("shapes differ: [" + a.rows + ", " + a.cols + "] and [" + b.rows + ", " + b.cols + "]");
    }
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** The standard normal distribution function, through erf. */
  static double phi(double z) {
    return 0.5 * (1 + erf(z / Math.sqrt(2)));
  }

  /** The error function to about 1e-15: its Taylor series near 0, a continued fraction for erfc further out. */
  static double erf(double x) {
    double a = Math.abs(x);
    double result;
    if (a < 2.5) {
      double term = a;
      double sum = a;
      for (int n = 1; n < 100 && Math.abs(term) > 1e-17 * sum; n++) {
        term *= -a * a / n;
        sum += term / (2 * n + 1);
      }
      result = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc(a) = exp(-a^2) / sqrt(pi) x 1 / (a + 1/2 / (a + 1 / (a + 3/2 / (a + ...)))), evaluated from the tail.
      double fraction = a;
      for (int n = 60; n >= 1; n--) {
        fraction = a + n / 2.0 / fraction;
      }
      result = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction;
    }
    return Math.copySign(result, x);
  }

  static double[] copy(double[] values) {
    return Arrays.copyOf(values, values.length);
  }
}
