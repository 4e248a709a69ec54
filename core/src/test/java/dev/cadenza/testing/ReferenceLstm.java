package dev.cadenza.testing;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Logits;
import dev.cadenza.model.NamedTensors;

/**
 * A plain-Java LSTM that runs weights in the shared {@link NamedTensors} layout, in double precision: the
 * definition every backend's exported weights are checked against.
 */
public final class ReferenceLstm {
  private ReferenceLstm() {}

  /** The next-token logits after each token of one sequence. */
  public static float[][] predictTokens(NamedTensors w, ArchitectureSpec spec, int[] tokens) {
    double[][] inputs = new double[tokens.length][];
    NamedTensors.Tensor embedding = w.get("embedding.weight");
    int e = (int) embedding.shape()[1];
    for (int t = 0; t < tokens.length; t++) {
      inputs[t] = new double[e];
      for (int k = 0; k < e; k++) {
        inputs[t][k] = embedding.values()[tokens[t] * e + k];
      }
    }
    return run(w, spec, inputs);
  }

  /** The next-frame scores (a logit per value) after each frame of one sequence. */
  public static float[][] predictFrames(NamedTensors w, ArchitectureSpec spec, float[][] frames) {
    double[][] inputs = new double[frames.length][];
    for (int t = 0; t < frames.length; t++) {
      inputs[t] = new double[frames[t].length];
      for (int k = 0; k < frames[t].length; k++) {
        inputs[t][k] = frames[t][k];
      }
    }
    return run(w, spec, inputs);
  }

  private static float[][] run(NamedTensors w, ArchitectureSpec spec, double[][] inputs) {
    int h = spec.units();
    double[][] hs = new double[spec.layers()][h];
    double[][] cs = new double[spec.layers()][h];
    NamedTensors.Tensor outW = w.get("output.weight");
    NamedTensors.Tensor outB = w.get("output.bias");
    int outputs = (int) outW.shape()[0];
    float[][] result = new float[inputs.length][outputs];
    for (int t = 0; t < inputs.length; t++) {
      double[] x = inputs[t];
      for (int l = 0; l < spec.layers(); l++) {
        NamedTensors.Tensor wih = w.get("lstm." + l + ".weight_ih");
        NamedTensors.Tensor whh = w.get("lstm." + l + ".weight_hh");
        NamedTensors.Tensor b = w.get("lstm." + l + ".bias");
        double[] gates = new double[4 * h];
        for (int r = 0; r < 4 * h; r++) {
          double s = b.values()[r];
          for (int k = 0; k < x.length; k++) {
            s += wih.values()[r * x.length + k] * x[k];
          }
          for (int k = 0; k < h; k++) {
            s += whh.values()[r * h + k] * hs[l][k];
          }
          gates[r] = s;
        }
        double[] next = new double[h];
        for (int k = 0; k < h; k++) {
          double i = Logits.sigmoid(gates[k]);
          double f = Logits.sigmoid(gates[h + k]);
          double g = Math.tanh(gates[2 * h + k]);
          double o = Logits.sigmoid(gates[3 * h + k]);
          cs[l][k] = f * cs[l][k] + i * g;
          next[k] = o * Math.tanh(cs[l][k]);
        }
        hs[l] = next;
        x = spec.batchNorm() ? normalize(w, l, next) : next;
      }
      for (int v = 0; v < outputs; v++) {
        double s = outB.values()[v];
        for (int k = 0; k < h; k++) {
          s += outW.values()[v * h + k] * x[k];
        }
        result[t][v] = (float) s;
      }
    }
    return result;
  }

  private static double[] normalize(NamedTensors w, int layer, double[] h) {
    String prefix = "lstm." + layer + ".norm.";
    double[] out = new double[h.length];
    for (int k = 0; k < h.length; k++) {
      double mean = w.get(prefix + "running_mean").values()[k];
      double variance = w.get(prefix + "running_var").values()[k];
      out[k] = (h[k] - mean) / Math.sqrt(variance + 1e-5) * w.get(prefix + "weight").values()[k] + w.get(prefix + "bias").values()[k];
    }
    return out;
  }
}
