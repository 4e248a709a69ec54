package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SessionInputs;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * An LSTM session: per layer, the gates from the input and the carried h, then the cell (PyTorch's gate order
 * input, forget, cell, output), then the optional batch normalization with its running statistics; then the output
 * layer. A step allocates only its inputs, the layers' outputs and the logits it returns (a few kilobytes).
 */
final class JvmLstmSession implements GenerationSession {
  private final ArchitectureSpec spec;
  private final int batchSize;
  private final int units;
  private final Weights weights;
  /** Per layer, per stream: the carried h and c. */
  private final float[][][] h;
  private final float[][][] c;
  private final float[][] gates;
  /** Per stream: the input of the layer being computed, then its output. */
  private final float[][] x;
  private final float[][] logits;

  /**
   * The weights as the session computes with them, prepared once for any number of sessions: the input and
   * recurrent layers' weights transposed, batch normalization folded into one scale and shift per unit (null without).
   */
  private record Weights(float[] embedding, Kernels.Linear[] inputs, Kernels.Linear[] recurrent, float[][] normScale,
      float[][] normShift, Kernels.Linear output) {
    static Weights of(ArchitectureSpec spec, NamedTensors tensors) {
      int layers = spec.layers();
      Kernels.Linear[] inputs = new Kernels.Linear[layers];
      Kernels.Linear[] recurrent = new Kernels.Linear[layers];
      float[][] normScale = new float[layers][];
      float[][] normShift = new float[layers][];
      for (int l = 0; l < layers; l++) {
        String layer = "lstm." + l + ".";
        inputs[l] = new Kernels.Linear(Kernels.transposed(tensors.get(layer + "weight_ih")), tensors.get(layer + "bias").values());
        recurrent[l] = new Kernels.Linear(Kernels.transposed(tensors.get(layer + "weight_hh")), null);
        if (spec.batchNorm()) {
          float[][] folded = foldedNorm(tensors, layer + "norm.", spec.units());
          normScale[l] = folded[0];
          normShift[l] = folded[1];
        }
      }
      float[] embedding = spec.input() == ArchitectureSpec.InputKind.TOKENS ? tensors.get("embedding.weight").values() : null;
      return new Weights(embedding, inputs, recurrent, normScale, normShift, Kernels.Linear.of(tensors, "output"));
    }

    /** Batch normalization as {scale, shift}, one of each per unit: weight / sqrt(var + 1e-5), bias - mean x scale. */
    private static float[][] foldedNorm(NamedTensors tensors, String prefix, int units) {
      float[] weight = tensors.get(prefix + "weight").values();
      float[] bias = tensors.get(prefix + "bias").values();
      float[] mean = tensors.get(prefix + "running_mean").values();
      float[] variance = tensors.get(prefix + "running_var").values();
      float[] scale = new float[units];
      float[] shift = new float[units];
      for (int k = 0; k < units; k++) {
        scale[k] = (float) (weight[k] / Math.sqrt(variance[k] + 1e-5));
        shift[k] = bias[k] - mean[k] * scale[k];
      }
      return new float[][] {scale, shift};
    }
  }

  private JvmLstmSession(ArchitectureSpec spec, Weights weights, int batchSize) {
    this.spec = spec;
    this.batchSize = batchSize;
    this.units = spec.units();
    this.weights = weights;
    h = new float[spec.layers()][batchSize][units];
    c = new float[spec.layers()][batchSize][units];
    gates = new float[batchSize][4 * units];
    x = new float[batchSize][];
    logits = new float[batchSize][weights.output().outputs()];
  }

  /** Sessions of any batch size for this model, all computing with one prepared copy of these weights. */
  static IntFunction<GenerationSession> sharing(ArchitectureSpec spec, NamedTensors tensors) {
    Weights weights = Weights.of(spec, tensors);
    return batchSize -> new JvmLstmSession(spec, weights, batchSize);
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
      x[b] = Arrays.copyOfRange(weights.embedding(), tokens[b] * width, (tokens[b] + 1) * width);
    }
    return step();
  }

  @Override
  public float[][] next(float[][] frames) {
    SessionInputs.checkFrames(spec, batchSize, frames);
    System.arraycopy(frames, 0, x, 0, batchSize);
    return step();
  }

  /** Runs the layers on x (the first layer's input, one row per stream) and returns the logits. */
  private float[][] step() {
    for (int l = 0; l < spec.layers(); l++) {
      weights.inputs()[l].apply(x, gates);
      weights.recurrent()[l].addProduct(h[l], gates);
      cell(l);
    }
    weights.output().apply(x, logits);
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
      float[] scale = weights.normScale()[l];
      if (scale != null) {
        float[] shift = weights.normShift()[l];
        for (int k = 0; k < units; k++) {
          out[k] = out[k] * scale[k] + shift[k];
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
