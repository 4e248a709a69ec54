package dev.cadenza.backend.dl4j;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.model.jvm.JvmSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * An LSTM sequence model as a DL4J {@link MultiLayerNetwork}: [embedding,] LSTM x layers (each followed by batch
 * normalization when the spec asks), RNN output layer
 * (softmax with cross-entropy for tokens, sigmoid with binary cross-entropy for frames), Adam. Calls on the
 * network are serialized; each {@link GenerationSession} runs on its own copy of the network, so sessions never
 * disturb each other or training.
 */
final class Dl4jSequenceModel implements SequenceModel {
  /** Why this backend does not build Transformers. */
  static final String NO_TRANSFORMER = "the dl4j backend builds LSTMs only: DL4J 1.0.0-M2.1 has no causal "
      + "self-attention layer with a key/value cache for step-by-step generation (SameDiff could express the "
      + "forward pass, not the cached step); use the djl backend for Transformers";

  private final ArchitectureSpec spec;
  private final MultiLayerNetwork net;

  private Dl4jSequenceModel(ArchitectureSpec spec, MultiLayerNetwork net) {
    this.spec = spec;
    this.net = net;
  }

  static Dl4jSequenceModel create(ArchitectureSpec spec) {
    if (spec.isTransformer()) {
      throw new UnsupportedOperationException(NO_TRANSFORMER);
    }
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec));
    net.init();
    return new Dl4jSequenceModel(spec, net);
  }

  static Dl4jSequenceModel load(Path weights, ArchitectureSpec spec) throws IOException {
    MultiLayerNetwork net;
    try {
      net = ModelSerializer.restoreMultiLayerNetwork(weights.toFile(), true);
    } catch (IOException | RuntimeException e) {
      throw new IOException(weights + ": not DL4J weights this backend can read: " + e.getMessage(), e);
    }
    Dl4jSequenceModel model = new Dl4jSequenceModel(spec, net);
    NamedTensors expected;
    try (Dl4jSequenceModel fresh = create(spec)) {
      expected = fresh.exportWeights();
    }
    NamedTensors actual = model.exportWeights();
    for (var e : expected.tensors().entrySet()) {
      NamedTensors.Tensor t = actual.tensors().get(e.getKey());
      if (t == null || !java.util.Arrays.equals(t.shape(), e.getValue().shape())) {
        model.close();
        throw new IOException(weights + ": the weights do not fit the architecture " + spec + " (tensor " + e.getKey() + ")");
      }
    }
    return model;
  }

  private static MultiLayerConfiguration configuration(ArchitectureSpec spec) {
    boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(spec.seed()).dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
        .list();
    int in = spec.inputSize();
    if (tokens) {
      layers.layer(new EmbeddingSequenceLayer.Builder().nIn(spec.inputSize()).nOut(spec.embeddingSize())
          .outputDataFormat(RNNFormat.NCW).build());
      in = spec.embeddingSize();
    }
    double retain = 1 - spec.dropout();
    LayerIndex index = new LayerIndex(spec);
    for (int l = 0; l < spec.layers(); l++) {
      LSTM.Builder lstm = new LSTM.Builder().nIn(in).nOut(spec.units()).activation(Activation.TANH).dataFormat(RNNFormat.NCW);
      if (l > 0 && spec.dropout() > 0) {
        lstm.dropOut(retain);
      }
      layers.layer(lstm.build());
      if (spec.batchNorm()) {
        // Normalizes each unit over batch and time, as Keras does after an LSTM: DL4J's layer wants 2-d input.
        layers.layer(new BatchNormalization.Builder().nIn(spec.units()).nOut(spec.units()).build());
        layers.inputPreProcessor(index.norm(l), new RnnToFeedForwardPreProcessor(RNNFormat.NCW));
        layers.inputPreProcessor(index.norm(l) + 1, new FeedForwardToRnnPreProcessor(RNNFormat.NCW));
      }
      in = spec.units();
    }
    RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(tokens ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.XENT)
        .activation(tokens ? Activation.SOFTMAX : Activation.SIGMOID).nIn(in).nOut(spec.inputSize()).dataFormat(RNNFormat.NCW);
    if (spec.dropout() > 0) {
      output.dropOut(retain);
    }
    layers.layer(output.build());
    return layers.build();
  }

  @Override
  public ArchitectureSpec spec() {
    return spec;
  }

  @Override
  public synchronized void configureTraining(TrainingSettings settings) {
    net.setLearningRate(settings.learningRate());
    for (int i = 0; i < net.getnLayers(); i++) {
      if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BaseLayer layer) {
        layer.setGradientNormalization(settings.gradientClipNorm() > 0 ? GradientNormalization.ClipL2PerLayer : GradientNormalization.None);
        layer.setGradientNormalizationThreshold(settings.gradientClipNorm());
      }
    }
  }

  @Override
  public synchronized double trainBatch(Batch batch) {
    DataSet data = toDataSet(batch);
    net.fit(data);
    return net.score() / batch.length();
  }

  @Override
  public synchronized double evaluateBatch(Batch batch) {
    return net.score(toDataSet(batch), false) / batch.length();
  }

  @Override
  public synchronized float[][][] predict(Batch batch) {
    int output = new LayerIndex(spec).output();
    List<INDArray> activations = net.feedForwardToLayer(output - 1, toDataSet(batch).getFeatures(), false);
    INDArray hidden = activations.get(activations.size() - 1);
    InputPreProcessor toSequences = net.getLayerWiseConfigurations().getInputPreProcess(output);
    if (toSequences != null) {
      hidden = toSequences.preProcess(hidden, batch.size(), LayerWorkspaceMgr.noWorkspaces());
    }
    // The output layer's own product, without its softmax or sigmoid: [batch, time, units] x [units, outputs].
    long units = hidden.size(1);
    INDArray rows = hidden.permute(0, 2, 1).dup('c').reshape((long) batch.size() * batch.length(), units);
    INDArray logits = rows.mmul(net.getParam(output + "_W")).addiRowVector(net.getParam(output + "_b"));
    return Tensors.fromRows(logits, batch.size(), batch.length());
  }

  /**
   * On a CPU, a session computed in plain Java on the weights as they are now: faster than ND4J's operations at
   * every batch measured, 1 to 16 (benchmarks/README.md); on a GPU, ND4J's ({@link #engineSession}).
   */
  @Override
  public synchronized GenerationSession openSession(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    return Nd4j.getEnvironment().isCPU() ? JvmSessions.open(spec, exportWeights(), batchSize) : engineSession(batchSize);
  }

  /** A session of {@code batchSize} (at least 1) streams as fused ND4J operations on a copy of the weights. */
  synchronized GenerationSession engineSession(int batchSize) {
    return new Dl4jSession(net, spec, batchSize);
  }

  private DataSet toDataSet(Batch batch) {
    if (batch instanceof Batch.Tokens t) {
      requireTokens(true);
      return new DataSet(Tensors.tokenInput(t.inputs()), Tensors.oneHot(t.targets(), spec.inputSize()));
    }
    requireTokens(false);
    Batch.Frames f = (Batch.Frames) batch;
    return new DataSet(Tensors.frameInput(f.inputs()), Tensors.frameInput(f.targets()));
  }

  private void requireTokens(boolean tokens) {
    if (tokens != (spec.input() == ArchitectureSpec.InputKind.TOKENS)) {
      throw new IllegalArgumentException("this model reads " + spec.input().name().toLowerCase(java.util.Locale.ROOT)
          + ", not " + (tokens ? "tokens" : "frames"));
    }
  }

  @Override
  public synchronized void save(Path file) throws IOException {
    ModelSerializer.writeModel(net, file.toFile(), true);
  }

  @Override
  public synchronized NamedTensors exportWeights() {
    return WeightLayout.export(net, spec);
  }

  @Override
  public synchronized void importWeights(NamedTensors weights) {
    WeightLayout.importInto(net, spec, weights);
  }

  /** Frees the network's native memory (parameters, gradients, the updater's state, workspaces) now. */
  @Override
  public synchronized void close() {
    net.close();
  }
}
