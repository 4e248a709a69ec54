package dev.cadenza.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An LSTM sequence model on DJL's PyTorch engine: an embedding (token models), one PyTorch LSTM per layer (with
 * dropout between layers and, when asked, batch normalization after each), a dense output, trained with Adam
 * and per-tensor L2 gradient clipping. Every batch and step runs in an {@link NDScope}, so nothing leaks.
 * Training calls are serialized; sessions read the weights as they are.
 */
final class DjlSequenceModel implements SequenceModel {
  private static final Object SEED_LOCK = new Object();
  private static final double NORM_EPSILON = 1e-5;
  private static final double NORM_DECAY = 0.9;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double ADAM_EPSILON = 1e-8;

  private final ArchitectureSpec spec;
  private final NDManager manager;
  private final NDArray embedding;
  private final LSTM[] lstms;
  private final NDArray[] normWeight;
  private final NDArray[] normBias;
  private final NDArray[] normMean;
  private final NDArray[] normVariance;
  private final NDArray outputWeight;
  private final NDArray outputBias;
  private final Map<String, NDArray> trainable = new LinkedHashMap<>();
  private final Map<String, NDArray[]> moments = new TreeMap<>();
  private final ParameterStore parameters;
  private double learningRate = 1e-3;
  private double clipNorm;
  private long updates;

  private DjlSequenceModel(ArchitectureSpec spec) {
    this.spec = spec;
    this.manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    this.parameters = new ParameterStore(manager, false);
    int layers = spec.layers();
    int h = spec.units();
    lstms = new LSTM[layers];
    normWeight = new NDArray[layers];
    normBias = new NDArray[layers];
    normMean = new NDArray[layers];
    normVariance = new NDArray[layers];
    synchronized (SEED_LOCK) {
      Engine.getEngine("PyTorch").setRandomSeed((int) spec.seed());
      boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
      embedding = tokens ? trainable("embedding.weight", xavier(spec.inputSize(), spec.embeddingSize())) : null;
      int in = tokens ? spec.embeddingSize() : spec.inputSize();
      for (int k = 0; k < layers; k++) {
        lstms[k] = LSTM.builder().setStateSize(h).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
        lstms[k].initialize(manager, DataType.FLOAT32, new Shape(1, 1, in));
        for (var p : lstms[k].getParameters()) {
          trainable.put("lstm." + k + "." + p.getKey(), p.getValue().getArray());
        }
        if (spec.batchNorm()) {
          normWeight[k] = trainable("lstm." + k + ".norm.weight", manager.ones(new Shape(h)));
          normBias[k] = trainable("lstm." + k + ".norm.bias", manager.zeros(new Shape(h)));
          normMean[k] = manager.zeros(new Shape(h));
          normVariance[k] = manager.ones(new Shape(h));
        }
        in = h;
      }
      outputWeight = trainable("output.weight", xavier(spec.inputSize(), h));
      outputBias = trainable("output.bias", manager.zeros(new Shape(spec.inputSize())));
    }
  }

  static DjlSequenceModel create(ArchitectureSpec spec) {
    return new DjlSequenceModel(spec);
  }

  private NDArray xavier(long rows, long columns) {
    double limit = Math.sqrt(6.0 / (rows + columns));
    return manager.randomUniform((float) -limit, (float) limit, new Shape(rows, columns));
  }

  private NDArray trainable(String name, NDArray array) {
    array.setRequiresGradient(true);
    trainable.put(name, array);
    return array;
  }

  // ------------------------------------------------------------------------------------------ forward

  /** Embedded (or framed) input [batch, time, features]. */
  private NDArray input(Batch batch, NDManager scope) {
    if (batch instanceof Batch.Tokens t) {
      requireTokens(true);
      return embed(scope.create(t.inputs()));
    }
    requireTokens(false);
    return scope.create(flatten(((Batch.Frames) batch).inputs())).reshape(batch.size(), batch.length(), spec.inputSize());
  }

  NDArray embed(NDArray ids) {
    return embedding.get(ids);
  }

  /** Logits [batch, time, outputs] from input; {@code states} (h, c per layer, may be null) are read and replaced. */
  NDArray forward(NDArray x, boolean training, NDArray[][] states) {
    for (int k = 0; k < spec.layers(); k++) {
      if (training && k > 0) {
        x = dropout(x);
      }
      NDList in = states == null || states[k] == null ? new NDList(x) : new NDList(x, states[k][0], states[k][1]);
      NDList out = lstms[k].forward(parameters, in, training);
      x = out.get(0);
      if (states != null) {
        states[k] = new NDArray[] {out.get(1), out.get(2)};
      }
      if (spec.batchNorm()) {
        x = normalize(k, x, training);
      }
    }
    if (training) {
      x = dropout(x);
    }
    return x.matMul(outputWeight.transpose()).add(outputBias);
  }

  private NDArray dropout(NDArray x) {
    if (spec.dropout() <= 0) {
      return x;
    }
    NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape()).gt(spec.dropout()).toType(DataType.FLOAT32, false);
    return x.mul(keep).div(1 - spec.dropout());
  }

  private NDArray normalize(int k, NDArray x, boolean training) {
    NDArray mean;
    NDArray variance;
    if (training) {
      NDArray rows = x.reshape(-1, spec.units());
      mean = rows.mean(new int[] {0});
      variance = rows.sub(mean).square().mean(new int[] {0});
      normMean[k].muli(NORM_DECAY).addi(mean.stopGradient().mul(1 - NORM_DECAY));
      normVariance[k].muli(NORM_DECAY).addi(variance.stopGradient().mul(1 - NORM_DECAY));
    } else {
      mean = normMean[k];
      variance = normVariance[k];
    }
    return x.sub(mean).div(variance.add(NORM_EPSILON).sqrt()).mul(normWeight[k]).add(normBias[k]);
  }

  /** Mean loss per predicted step: cross-entropy for tokens, summed binary cross-entropy per frame for frames. */
  private NDArray loss(NDArray logits, Batch batch, NDManager scope) {
    long steps = (long) batch.size() * batch.length();
    if (batch instanceof Batch.Tokens t) {
      NDArray logProbabilities = logits.reshape(steps, spec.inputSize()).logSoftmax(-1);
      NDArray targets = scope.create(t.targets()).reshape(steps).oneHot(spec.inputSize());
      return logProbabilities.mul(targets).sum().neg().div(steps);
    }
    NDArray y = scope.create(flatten(((Batch.Frames) batch).targets())).reshape(logits.getShape());
    NDArray perValue = logits.maximum(0).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1).log());
    return perValue.sum().div(steps);
  }

  // ------------------------------------------------------------------------------------------ SequenceModel

  @Override
  public ArchitectureSpec spec() {
    return spec;
  }

  @Override
  public synchronized void configureTraining(TrainingSettings settings) {
    learningRate = settings.learningRate();
    clipNorm = settings.gradientClipNorm();
  }

  @Override
  public synchronized double trainBatch(Batch batch) {
    try (NDScope scope = new NDScope(); NDManager temp = manager.newSubManager()) {
      double value;
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray loss = loss(forward(input(batch, temp), true, null), batch, temp);
        collector.backward(loss);
        value = loss.getFloat();
      }
      update();
      return value;
    }
  }

  /** One Adam step with per-tensor L2 clipping; gradients are zeroed after. */
  private void update() {
    updates++;
    double correction1 = 1 - Math.pow(BETA1, updates);
    double correction2 = 1 - Math.pow(BETA2, updates);
    for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
      NDArray weight = e.getValue();
      NDArray gradient = weight.getGradient();
      if (clipNorm > 0) {
        double norm = gradient.norm().getFloat();
        if (norm > clipNorm) {
          gradient.muli(clipNorm / norm);
        }
      }
      NDArray[] m = moments.computeIfAbsent(e.getKey(), k -> {
        NDArray first = manager.zeros(weight.getShape());
        NDArray second = manager.zeros(weight.getShape());
        NDScope.unregister(first, second); // they outlive the batch's scope
        return new NDArray[] {first, second};
      });
      m[0].muli(BETA1).addi(gradient.mul(1 - BETA1));
      m[1].muli(BETA2).addi(gradient.square().mul(1 - BETA2));
      NDArray step = m[0].div(correction1).div(m[1].div(correction2).sqrt().add(ADAM_EPSILON)).mul(learningRate);
      weight.subi(step);
      gradient.muli(0);
    }
  }

  @Override
  public synchronized double evaluateBatch(Batch batch) {
    try (NDScope scope = new NDScope(); NDManager temp = manager.newSubManager()) {
      return loss(forward(input(batch, temp), false, null), batch, temp).getFloat();
    }
  }

  @Override
  public float[][][] predict(Batch batch) {
    try (NDScope scope = new NDScope(); NDManager temp = manager.newSubManager()) {
      NDArray logits = forward(input(batch, temp), false, null);
      NDArray out = spec.input() == ArchitectureSpec.InputKind.TOKENS ? logits.softmax(-1) : Activation.sigmoid(logits);
      float[] flat = out.toFloatArray();
      int v = spec.inputSize();
      float[][][] result = new float[batch.size()][batch.length()][];
      for (int b = 0; b < batch.size(); b++) {
        for (int t = 0; t < batch.length(); t++) {
          int from = (b * batch.length() + t) * v;
          result[b][t] = Arrays.copyOfRange(flat, from, from + v);
        }
      }
      return result;
    }
  }

  @Override
  public GenerationSession openSession(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    return new DjlSession(this, batchSize);
  }

  NDManager manager() {
    return manager;
  }

  void requireTokens(boolean tokens) {
    if (tokens != (spec.input() == ArchitectureSpec.InputKind.TOKENS)) {
      throw new IllegalArgumentException("this model reads " + (tokens ? "frames, not tokens" : "tokens, not frames"));
    }
  }

  @Override
  public synchronized void save(Path file) throws IOException {
    SafeTensors.write(exportWeights(), Map.of("format", "pt"), file);
  }

  @Override
  public synchronized NamedTensors exportWeights() {
    Map<String, NamedTensors.Tensor> out = new TreeMap<>();
    if (embedding != null) {
      out.put("embedding.weight", tensor(embedding));
    }
    for (int k = 0; k < spec.layers(); k++) {
      Map<String, NDArray> p = lstmParameters(k);
      out.put("lstm." + k + ".weight_ih", tensor(p.get("l_0_i2h_WEIGHT")));
      out.put("lstm." + k + ".weight_hh", tensor(p.get("l_0_h2h_WEIGHT")));
      try (NDArray bias = p.get("l_0_i2h_BIAS").add(p.get("l_0_h2h_BIAS"))) {
        out.put("lstm." + k + ".bias", tensor(bias));
      }
      if (spec.batchNorm()) {
        out.put("lstm." + k + ".norm.weight", tensor(normWeight[k]));
        out.put("lstm." + k + ".norm.bias", tensor(normBias[k]));
        out.put("lstm." + k + ".norm.running_mean", tensor(normMean[k]));
        out.put("lstm." + k + ".norm.running_var", tensor(normVariance[k]));
      }
    }
    out.put("output.weight", tensor(outputWeight));
    out.put("output.bias", tensor(outputBias));
    return new NamedTensors(out);
  }

  @Override
  public synchronized void importWeights(NamedTensors weights) {
    NamedTensors expected = exportWeights();
    for (var e : expected.tensors().entrySet()) {
      long[] shape = weights.get(e.getKey()).shape();
      if (!Arrays.equals(shape, e.getValue().shape())) {
        throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + Arrays.toString(shape)
            + "; this model needs " + Arrays.toString(e.getValue().shape()));
      }
    }
    if (embedding != null) {
      assign(embedding, weights.get("embedding.weight"));
    }
    for (int k = 0; k < spec.layers(); k++) {
      Map<String, NDArray> p = lstmParameters(k);
      assign(p.get("l_0_i2h_WEIGHT"), weights.get("lstm." + k + ".weight_ih"));
      assign(p.get("l_0_h2h_WEIGHT"), weights.get("lstm." + k + ".weight_hh"));
      assign(p.get("l_0_i2h_BIAS"), weights.get("lstm." + k + ".bias"));
      p.get("l_0_h2h_BIAS").muli(0);
      if (spec.batchNorm()) {
        assign(normWeight[k], weights.get("lstm." + k + ".norm.weight"));
        assign(normBias[k], weights.get("lstm." + k + ".norm.bias"));
        assign(normMean[k], weights.get("lstm." + k + ".norm.running_mean"));
        assign(normVariance[k], weights.get("lstm." + k + ".norm.running_var"));
      }
    }
    assign(outputWeight, weights.get("output.weight"));
    assign(outputBias, weights.get("output.bias"));
  }

  private Map<String, NDArray> lstmParameters(int k) {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (var p : lstms[k].getParameters()) {
      Parameter parameter = p.getValue();
      byName.put(p.getKey(), parameter.getArray());
    }
    return byName;
  }

  private static NamedTensors.Tensor tensor(NDArray array) {
    return new NamedTensors.Tensor(array.getShape().getShape(), array.toFloatArray());
  }

  private void assign(NDArray target, NamedTensors.Tensor values) {
    try (NDArray source = manager.create(values.values(), new Shape(values.shape()))) {
      target.set(source.toByteBuffer());
    }
  }

  private static float[] flatten(float[][][] values) {
    int b = values.length;
    int t = values[0].length;
    int f = values[0][0].length;
    float[] flat = new float[b * t * f];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        System.arraycopy(values[i][j], 0, flat, (i * t + j) * f, f);
      }
    }
    return flat;
  }

  @Override
  public void close() {
    manager.close();
  }
}
