package dev.cadenza.backend.dl4j;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.NamedTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maps DL4J's parameters to the shared layout of {@link NamedTensors} and back. DL4J keeps an LSTM's input
 * weights as [inputs, 4 x units] and recurrent weights as [units, 4 x units], its four gate blocks in the order
 * block input (g), forget, output, input gate; the shared layout is PyTorch's: [4 x units, inputs], blocks
 * input, forget, g, output. The dense output layer is [units, outputs] in DL4J, [outputs, units] shared. Batch
 * normalization keeps log10 of the standard deviation in DL4J, the running variance (PyTorch's) in the shared layout.
 */
final class WeightLayout {
  /** The epsilon of batch normalization, DL4J's default and PyTorch's. */
  static final double NORM_EPSILON = 1e-5;
  /** For each shared gate block (i, f, g, o), the DL4J block it comes from. */
  private static final int[] DL4J_BLOCK = {3, 1, 0, 2};

  private WeightLayout() {}

  static NamedTensors export(MultiLayerNetwork net, ArchitectureSpec spec) {
    Map<String, NamedTensors.Tensor> out = new TreeMap<>();
    LayerIndex index = new LayerIndex(spec);
    if (index.embedding() >= 0) {
      out.put("embedding.weight", new NamedTensors.Tensor(new long[] {spec.inputSize(), spec.embeddingSize()}, values(net, "0_W")));
    }
    int h = spec.units();
    for (int k = 0; k < spec.layers(); k++) {
      int layer = index.lstm(k);
      int in = index.lstmInputs(k);
      out.put("lstm." + k + ".weight_ih", new NamedTensors.Tensor(new long[] {4L * h, in}, gatesToShared(values(net, layer + "_W"), in, h)));
      out.put("lstm." + k + ".weight_hh", new NamedTensors.Tensor(new long[] {4L * h, h}, gatesToShared(values(net, layer + "_RW"), h, h)));
      out.put("lstm." + k + ".bias", new NamedTensors.Tensor(new long[] {4L * h}, gatesToShared(values(net, layer + "_b"), 1, h)));
      if (spec.batchNorm()) {
        int norm = index.norm(k);
        float[] variance = values(net, norm + "_log10stdev");
        for (int i = 0; i < variance.length; i++) {
          double std = Math.pow(10, variance[i]);
          variance[i] = (float) (std * std - NORM_EPSILON);
        }
        out.put("lstm." + k + ".norm.weight", new NamedTensors.Tensor(new long[] {h}, values(net, norm + "_gamma")));
        out.put("lstm." + k + ".norm.bias", new NamedTensors.Tensor(new long[] {h}, values(net, norm + "_beta")));
        out.put("lstm." + k + ".norm.running_mean", new NamedTensors.Tensor(new long[] {h}, values(net, norm + "_mean")));
        out.put("lstm." + k + ".norm.running_var", new NamedTensors.Tensor(new long[] {h}, variance));
      }
    }
    int output = index.output();
    out.put("output.weight", new NamedTensors.Tensor(new long[] {spec.inputSize(), h}, transpose(values(net, output + "_W"), h, spec.inputSize())));
    out.put("output.bias", new NamedTensors.Tensor(new long[] {spec.inputSize()}, values(net, output + "_b")));
    return new NamedTensors(out);
  }

  static void importInto(MultiLayerNetwork net, ArchitectureSpec spec, NamedTensors weights) {
    NamedTensors expected = export(net, spec);
    for (var e : expected.tensors().entrySet()) {
      long[] shape = weights.get(e.getKey()).shape();
      if (!Arrays.equals(shape, e.getValue().shape())) {
        throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + Arrays.toString(shape)
            + "; this model needs " + Arrays.toString(e.getValue().shape()));
      }
    }
    LayerIndex index = new LayerIndex(spec);
    if (index.embedding() >= 0) {
      set(net, "0_W", weights.get("embedding.weight").values());
    }
    int h = spec.units();
    for (int k = 0; k < spec.layers(); k++) {
      int layer = index.lstm(k);
      int in = index.lstmInputs(k);
      set(net, layer + "_W", gatesToDl4j(weights.get("lstm." + k + ".weight_ih").values(), in, h));
      set(net, layer + "_RW", gatesToDl4j(weights.get("lstm." + k + ".weight_hh").values(), h, h));
      set(net, layer + "_b", gatesToDl4j(weights.get("lstm." + k + ".bias").values(), 1, h));
      if (spec.batchNorm()) {
        int norm = index.norm(k);
        float[] logStd = weights.get("lstm." + k + ".norm.running_var").values().clone();
        for (int i = 0; i < logStd.length; i++) {
          logStd[i] = (float) Math.log10(Math.sqrt(logStd[i] + NORM_EPSILON));
        }
        set(net, norm + "_gamma", weights.get("lstm." + k + ".norm.weight").values());
        set(net, norm + "_beta", weights.get("lstm." + k + ".norm.bias").values());
        set(net, norm + "_mean", weights.get("lstm." + k + ".norm.running_mean").values());
        set(net, norm + "_log10stdev", logStd);
      }
    }
    set(net, index.output() + "_W", transpose(weights.get("output.weight").values(), spec.inputSize(), h));
    set(net, index.output() + "_b", weights.get("output.bias").values());
  }

  /** DL4J [n, 4h] (row-major) to shared [4h, n], gate blocks reordered. */
  private static float[] gatesToShared(float[] dl4j, int n, int h) {
    float[] shared = new float[dl4j.length];
    for (int block = 0; block < 4; block++) {
      for (int j = 0; j < h; j++) {
        int dl4jColumn = DL4J_BLOCK[block] * h + j;
        for (int k = 0; k < n; k++) {
          shared[(block * h + j) * n + k] = dl4j[k * 4 * h + dl4jColumn];
        }
      }
    }
    return shared;
  }

  /** Shared [4h, n] to DL4J [n, 4h]. */
  private static float[] gatesToDl4j(float[] shared, int n, int h) {
    float[] dl4j = new float[shared.length];
    for (int block = 0; block < 4; block++) {
      for (int j = 0; j < h; j++) {
        int dl4jColumn = DL4J_BLOCK[block] * h + j;
        for (int k = 0; k < n; k++) {
          dl4j[k * 4 * h + dl4jColumn] = shared[(block * h + j) * n + k];
        }
      }
    }
    return dl4j;
  }

  /** A row-major [rows, columns] matrix as [columns, rows]. */
  private static float[] transpose(float[] matrix, int rows, int columns) {
    float[] out = new float[matrix.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[c * rows + r] = matrix[r * columns + c];
      }
    }
    return out;
  }

  private static float[] values(MultiLayerNetwork net, String name) {
    return net.getParam(name).dup('c').castTo(DataType.FLOAT).data().asFloat();
  }

  private static void set(MultiLayerNetwork net, String name, float[] values) {
    INDArray target = net.getParam(name);
    target.assign(Nd4j.create(values, target.shape(), 'c').castTo(target.dataType()));
  }
}
