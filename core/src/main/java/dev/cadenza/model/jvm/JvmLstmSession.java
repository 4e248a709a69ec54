package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SessionInputs;
import java.util.Arrays;

/**
 * An LSTM session: per layer, the gates from the input and the carried h, then the cell (PyTorch's gate order
 * input, forget, cell, output), then the optional batch normalization with its running statistics; then the output
 * layer. A step allocates only its inputs, the layers' outputs and the logits it returns (a few kilobytes).
 */
final class JvmLstmSession implements GenerationSession {
  private final ArchitectureSpec spec;
  private final int batchSize;
  private final int units;
  private final float[] embedding;
  private final Kernels.Linear[] inputs;
  private final Kernels.Linear[] recurrent;
  private final float[][] normScale;
  private final float[][] normShift;
  private final Kernels.Linear output;
  /** Per layer, per stream: the carried h and c. */
  private final float[][][] h;
  private final float[][][] c;
  private final float[][] gates;
  /** Per stream: the input of the layer being computed, then its output. */
  private final float[][] x;
  private final float[][] logits;

  JvmLstmSession(ArchitectureSpec spec, NamedTensors weights, int batchSize) {
    this.spec = spec;
    this.batchSize = batchSize;
    this.units = spec.units();
    boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
    this.embedding = tokens ? weights.get("embedding.weight").values() : null;
    int layers = spec.layers();
    inputs = new Kernels.Linear[layers];
    recurrent = new Kernels.Linear[layers];
    normScale = new float[layers][];
    normShift = new float[layers][];
    h = new float[layers][batchSize][units];
    c = new float[layers][batchSize][units];
    for (int l = 0; l < layers; l++) {
      String layer = "lstm." + l + ".";
      inputs[l] = new Kernels.Linear(Kernels.transposed(weights.get(layer + "weight_ih")), weights.get(layer + "bias").values());
      recurrent[l] = new Kernels.Linear(Kernels.transposed(weights.get(layer + "weight_hh")), null);
      if (spec.batchNorm()) {
        foldNorm(weights, l);
      }
    }
    output = Kernels.Linear.of(weights, "output");
    gates = new float[batchSize][4 * units];
    x = new float[batchSize][];
    logits = new float[batchSize][output.outputs()];
  }

  /** Batch normalization as one scale and shift per unit: weight / sqrt(var + 1e-5), bias - mean x scale. */
  private void foldNorm(NamedTensors weights, int l) {
    String prefix = "lstm." + l + ".norm.";
    float[] weight = weights.get(prefix + "weight").values();
    float[] bias = weights.get(prefix + "bias").values();
    float[] mean = weights.get(prefix + "running_mean").values();
    float[] variance = weights.get(prefix + "running_var").values();
    normScale[l] = new float[units];
    normShift[l] = new float[units];
    for (int k = 0; k < units; k++) {
      normScale[l][k] = (float) (weight[k] / Math.sqrt(variance[k] + 1e-5));
      normShift[l][k] = bias[k] - mean[k] * normScale[l][k];
    }
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] next(int[] tokens) {
    SessionInputs.checkTokens(spec, batchSize, tokens);
    int width = spec.embeddingSize();
    for (int b = 0; b < batchSize; b++) {
      x[b] = Arrays.copyOfRange(embedding, tokens[b] * width, (tokens[b] + 1) * width);
    }
    return step();
  }

  @Override
  public float[][] next(float[][] frames) {
    float[][] rows = SessionInputs.perStream(SessionInputs.flatFrames(spec, batchSize, frames), batchSize);
    System.arraycopy(rows, 0, x, 0, batchSize);
    return step();
  }

  /** Runs the layers on x (the first layer's input, one row per stream) and returns the logits. */
  private float[][] step() {
    for (int l = 0; l < spec.layers(); l++) {
      inputs[l].apply(x, gates);
      recurrent[l].addProduct(h[l], gates);
      cell(l);
    }
    output.apply(x, logits);
    return Kernels.copies(logits);
  }

  /**
   * The cell update of layer l from the gates; its output (normalized, with batch normalization) becomes x. Each step
   * is a loop over whole arrays, which the JIT vectorizes.
   */
  private void cell(int l) {
    for (int b = 0; b < batchSize; b++) {
      float[] g = gates[b];
      float[] hb = h[l][b];
      float[] cb = c[l][b];
      Kernels.sigmoid(g, 0, 2 * units);
      Kernels.tanh(g, 2 * units, 3 * units);
      Kernels.sigmoid(g, 3 * units, 4 * units);
      for (int k = 0; k < units; k++) {
        cb[k] = g[units + k] * cb[k] + g[k] * g[2 * units + k];
      }
      for (int k = 0; k < units; k++) {
        hb[k] = g[3 * units + k] * Kernels.tanh(cb[k]);
      }
      float[] out = hb.clone();
      if (normScale[l] != null) {
        for (int k = 0; k < units; k++) {
          out[k] = out[k] * normScale[l][k] + normShift[l][k];
        }
      }
      x[b] = out;
    }
  }

  @Override
  public void reset() {
    for (int l = 0; l < spec.layers(); l++) {
      for (int b = 0; b < batchSize; b++) {
        Arrays.fill(h[l][b], 0);
        Arrays.fill(c[l][b], 0);
      }
    }
  }

  @Override
  public void close() {
    // plain Java arrays: nothing to free
  }
}
