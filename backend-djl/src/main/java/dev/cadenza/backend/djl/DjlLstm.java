package dev.cadenza.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.WeightLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The LSTM family on DJL: an embedding (token models), one PyTorch LSTM per layer (dropout between layers and,
 * when asked, batch normalization after each), a dense output. PyTorch's LSTM already uses the shared gate layout;
 * its two biases export as their sum.
 */
final class DjlLstm extends DjlModel {
  private static final double NORM_EPSILON = 1e-5;
  private static final double NORM_DECAY = 0.9;

  private final NDArray embedding;
  private final LSTM[] lstms;
  private final NDArray[] normWeight;
  private final NDArray[] normBias;
  private final NDArray[] normMean;
  private final NDArray[] normVariance;
  private final NDArray outputWeight;
  private final NDArray outputBias;
  private final ParameterStore parameters;

  DjlLstm(ArchitectureSpec spec) {
    super(spec);
    NDManager manager = manager();
    parameters = new ParameterStore(manager, false);
    int layers = spec.layers();
    int h = spec.units();
    lstms = new LSTM[layers];
    normWeight = new NDArray[layers];
    normBias = new NDArray[layers];
    normMean = new NDArray[layers];
    normVariance = new NDArray[layers];
    boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
    WeightLayout layout = WeightLayout.of(spec);
    embedding = tokens ? trainable("embedding.weight", drawn(layout.parameter("embedding.weight"))) : null;
    int in = tokens ? spec.embeddingSize() : spec.inputSize();
    for (int k = 0; k < layers; k++) {
      lstms[k] = LSTM.builder().setStateSize(h).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
      lstms[k].initialize(manager, DataType.FLOAT32, new Shape(1, 1, in));
      // PyTorch's own initialization of an LSTM, U(-1/sqrt(units), 1/sqrt(units)) for every weight and bias,
      // drawn from the model's generator into the parameters DJL made.
      for (var p : lstms[k].getParameters()) {
        NDArray parameter = p.getValue().getArray();
        try (NDArray values = uniform(1 / Math.sqrt(h), parameter.getShape())) {
          assign(parameter, values);
        }
        trainable.put("lstm." + k + "." + p.getKey(), parameter);
      }
      if (spec.batchNorm()) {
        normWeight[k] = trainable("lstm." + k + ".norm.weight", manager.ones(new Shape(h)));
        normBias[k] = trainable("lstm." + k + ".norm.bias", manager.zeros(new Shape(h)));
        normMean[k] = manager.zeros(new Shape(h));
        normVariance[k] = manager.ones(new Shape(h));
      }
      in = h;
    }
    outputWeight = trainable("output.weight", drawn(layout.parameter("output.weight")));
    outputBias = trainable("output.bias", drawn(layout.parameter("output.bias")));
  }

  @Override
  NDArray logits(Batch batch, NDManager scope, boolean training) {
    NDArray x;
    if (batch instanceof Batch.Tokens t) {
      requireTokens(true);
      x = lookup(embedding, tokens(t.inputs(), scope), training);
    } else {
      requireTokens(false);
      x = frames(((Batch.Frames) batch).inputs(), scope);
    }
    return forward(x, training, null);
  }

  /** Embeddings of token ids, for inference. */
  NDArray embed(NDArray ids) {
    return lookup(embedding, ids, false);
  }

  /** Logits [batch, time, outputs] from input; {@code states} (h, c per layer, may be null) are read and replaced. */
  NDArray forward(NDArray x, boolean training, NDArray[][] states) {
    for (int k = 0; k < spec().layers(); k++) {
      if (k > 0) {
        x = dropout(x, training);
      }
      NDList in = states == null || states[k] == null ? new NDList(x) : new NDList(x, states[k][0], states[k][1]);
      NDList out = lstms[k].forward(parameters, in, training);
      x = out.get(0);
      if (states != null) {
        states[k] = new NDArray[] {out.get(1), out.get(2)};
      }
      if (spec().batchNorm()) {
        x = normalize(k, x, training);
      }
    }
    return output(dropout(x, training));
  }

  /** The dense output layer, x W^T + b, in one libtorch operation. */
  private NDArray output(NDArray x) {
    return x.getNDArrayInternal().linear(x, outputWeight, outputBias).singletonOrThrow();
  }

  private NDArray normalize(int k, NDArray x, boolean training) {
    NDArray mean;
    NDArray variance;
    if (training) {
      NDArray rows = x.reshape(-1, spec().units());
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

  @Override
  GenerationSession engineSession(int batchSize) {
    return new DjlSession((DjlLstm) snapshot(), batchSize);
  }

  @Override
  public synchronized NamedTensors exportWeights() {
    Map<String, NamedTensors.Tensor> out = new TreeMap<>();
    if (embedding != null) {
      out.put("embedding.weight", tensor(embedding));
    }
    for (int k = 0; k < spec().layers(); k++) {
      Map<String, NDArray> p = lstmParameters(k);
      out.put("lstm." + k + ".weight_ih", tensor(p.get("l_0_i2h_WEIGHT")));
      out.put("lstm." + k + ".weight_hh", tensor(p.get("l_0_h2h_WEIGHT")));
      try (NDArray bias = p.get("l_0_i2h_BIAS").add(p.get("l_0_h2h_BIAS"))) {
        out.put("lstm." + k + ".bias", tensor(bias));
      }
      if (spec().batchNorm()) {
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
    checkShapes(weights);
    if (embedding != null) {
      assign(embedding, weights.get("embedding.weight"));
    }
    for (int k = 0; k < spec().layers(); k++) {
      Map<String, NDArray> p = lstmParameters(k);
      assign(p.get("l_0_i2h_WEIGHT"), weights.get("lstm." + k + ".weight_ih"));
      assign(p.get("l_0_h2h_WEIGHT"), weights.get("lstm." + k + ".weight_hh"));
      assign(p.get("l_0_i2h_BIAS"), weights.get("lstm." + k + ".bias"));
      try (NDArray zeros = p.get("l_0_h2h_BIAS").zerosLike()) {
        assign(p.get("l_0_h2h_BIAS"), zeros);
      }
      if (spec().batchNorm()) {
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
      byName.put(p.getKey(), p.getValue().getArray());
    }
    return byName;
  }
}
