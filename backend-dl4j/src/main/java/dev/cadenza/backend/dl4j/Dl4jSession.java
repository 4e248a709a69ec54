package dev.cadenza.backend.dl4j;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SessionInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Step-by-step inference with carried LSTM state, as a handful of fused ND4J operations per layer on preallocated
 * arrays (two matrix products into the gate buffer, the activations in place, the cell update), rather than DL4J's
 * general {@code rnnTimeStep}, which costs several times more per token. The session works on its own copy of the
 * weights, taken when it opens, so it never disturbs other sessions or training. DL4J's gate blocks are
 * [g, f, o, i]; the arithmetic is the standard LSTM's, which the conformance kit checks against the whole-sequence
 * forward pass.
 */
final class Dl4jSession implements GenerationSession {
  private final ArchitectureSpec spec;
  private final int batchSize;
  private final int units;
  private final INDArray embedding;
  private final INDArray[] inputWeights;
  private final INDArray[] recurrentWeights;
  private final INDArray[] biases;
  /** Per LSTM layer, the batch normalization as scale and shift ({@code gamma / std}, {@code beta - mean x scale}); null without. */
  private final INDArray[] normScale;
  private final INDArray[] normShift;
  private final INDArray[] normalized;
  private final INDArray outputWeights;
  private final INDArray outputBias;
  private final INDArray[] hidden;
  private final INDArray[] cells;
  private final INDArray[] gates;
  private final INDArray logits;
  private final INDArray input;

  Dl4jSession(MultiLayerNetwork net, ArchitectureSpec spec, int batchSize) {
    this.spec = spec;
    this.batchSize = batchSize;
    this.units = spec.units();
    boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
    LayerIndex index = new LayerIndex(spec);
    embedding = tokens ? net.getParam(index.embedding() + "_W").dup('c') : null;
    int layers = spec.layers();
    inputWeights = new INDArray[layers];
    recurrentWeights = new INDArray[layers];
    biases = new INDArray[layers];
    normScale = new INDArray[layers];
    normShift = new INDArray[layers];
    normalized = new INDArray[layers];
    hidden = new INDArray[layers];
    cells = new INDArray[layers];
    gates = new INDArray[layers];
    for (int k = 0; k < layers; k++) {
      int layer = index.lstm(k);
      inputWeights[k] = net.getParam(layer + "_W").dup('c');
      recurrentWeights[k] = net.getParam(layer + "_RW").dup('c');
      biases[k] = net.getParam(layer + "_b").reshape(1, 4L * units).dup('c');
      hidden[k] = Nd4j.zeros(DataType.FLOAT, batchSize, units);
      cells[k] = Nd4j.zeros(DataType.FLOAT, batchSize, units);
      gates[k] = Nd4j.zeros(DataType.FLOAT, batchSize, 4L * units);
      if (spec.batchNorm()) {
        int norm = index.norm(k);
        INDArray std = Transforms.pow(Nd4j.valueArrayOf(new long[] {1, units}, 10.0, DataType.FLOAT),
            net.getParam(norm + "_log10stdev").reshape(1, units).castTo(DataType.FLOAT), true);
        normScale[k] = net.getParam(norm + "_gamma").reshape(1, units).castTo(DataType.FLOAT).div(std);
        normShift[k] = net.getParam(norm + "_beta").reshape(1, units).castTo(DataType.FLOAT)
            .sub(net.getParam(norm + "_mean").reshape(1, units).castTo(DataType.FLOAT).mul(normScale[k]));
        normalized[k] = Nd4j.zeros(DataType.FLOAT, batchSize, units);
      }
    }
    outputWeights = net.getParam(index.output() + "_W").dup('c');
    outputBias = net.getParam(index.output() + "_b").reshape(1, spec.inputSize()).dup('c');
    logits = Nd4j.zeros(DataType.FLOAT, batchSize, spec.inputSize());
    input = Nd4j.zeros(DataType.FLOAT, batchSize, tokens ? spec.embeddingSize() : spec.inputSize());
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] next(int[] tokens) {
    SessionInputs.checkTokens(spec, batchSize, tokens);
    for (int b = 0; b < batchSize; b++) {
      input.getRow(b).assign(embedding.getRow(tokens[b]));
    }
    return step();
  }

  @Override
  public float[][] next(float[][] frames) {
    float[] flat = SessionInputs.flatFrames(spec, batchSize, frames);
    input.assign(Nd4j.create(flat, new long[] {batchSize, spec.inputSize()}, 'c'));
    return step();
  }

  private float[][] step() {
    INDArray x = input;
    for (int k = 0; k < spec.layers(); k++) {
      INDArray z = gates[k];
      z.assign(biases[k].broadcast(batchSize, 4L * units));
      Nd4j.gemm(x, inputWeights[k], z, false, false, 1.0, 1.0);
      Nd4j.gemm(hidden[k], recurrentWeights[k], z, false, false, 1.0, 1.0);
      INDArray g = z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units));
      INDArray sigmoids = z.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 4L * units));
      Transforms.tanh(g, false);
      Transforms.sigmoid(sigmoids, false);
      INDArray f = z.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2L * units));
      INDArray o = z.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * units, 3L * units));
      INDArray i = z.get(NDArrayIndex.all(), NDArrayIndex.interval(3L * units, 4L * units));
      i.muli(g);
      cells[k].muli(f).addi(i);
      hidden[k].assign(cells[k]);
      Transforms.tanh(hidden[k], false);
      hidden[k].muli(o);
      x = hidden[k];
      if (normScale[k] != null) {
        x = normalized[k].assign(hidden[k]).muliRowVector(normScale[k]).addiRowVector(normShift[k]);
      }
    }
    logits.assign(outputBias.broadcast(batchSize, spec.inputSize()));
    Nd4j.gemm(x, outputWeights, logits, false, false, 1.0, 1.0);
    float[] flat = logits.data().asFloat();
    return SessionInputs.perStream(flat, batchSize);
  }

  @Override
  public void reset() {
    for (int k = 0; k < spec.layers(); k++) {
      hidden[k].assign(0);
      cells[k].assign(0);
    }
  }

  /** Frees the session's copies of the weights and its state arrays now, not when the collector gets to them. */
  @Override
  public void close() {
    List<INDArray> owned = new ArrayList<>(List.of(outputWeights, outputBias, logits, input));
    for (INDArray[] group : List.of(inputWeights, recurrentWeights, biases, normScale, normShift, normalized, hidden, cells, gates)) {
      owned.addAll(Arrays.asList(group));
    }
    if (embedding != null) {
      owned.add(embedding);
    }
    for (INDArray array : owned) {
      if (array != null && !array.wasClosed()) {
        array.close();
      }
    }
  }
}
