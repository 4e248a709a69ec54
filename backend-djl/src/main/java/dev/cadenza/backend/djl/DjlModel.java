package dev.cadenza.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.model.WeightLayout;
import dev.cadenza.model.jvm.JvmSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every DJL model shares: the parameters by name, Adam with per-tensor L2 clipping, the losses, training,
 * evaluation and prediction in {@link NDScope}s (so nothing leaks), and weights saved as safetensors. A family
 * supplies the forward pass and, where its parameters differ from the shared layout, the mapping.
 */
abstract class DjlModel implements SequenceModel {
  /** DJL allows one gradient collector per process: backward passes of all models take turns. */
  private static final Object COLLECTOR_LOCK = new Object();
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double ADAM_EPSILON = 1e-8;
  private static final String FIRST_MOMENT = "optimizer.m.";
  private static final String SECOND_MOMENT = "optimizer.v.";
  private static final String ADAM_STEPS = "adam_steps";
  private static final NDIndex ALL = new NDIndex("...");
  /**
   * The largest batch a CPU session runs in plain Java. At batch 16 on the benchmark LSTM, plain Java made 12,539
   * tokens/s against libtorch's 8,607 on one thread (benchmarks/README.md); past it, libtorch's matrix-matrix
   * products are left to win.
   */
  static final int JVM_SESSION_MAX_BATCH = 16;
  private static final Logger LOG = LoggerFactory.getLogger(DjlModel.class);
  /** libtorch's switch for backing big CPU allocations with transparent huge pages (Linux), read once per process. */
  private static final String HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";
  private static final AtomicBoolean HUGE_PAGES_ADVISED = new AtomicBoolean();

  private final ArchitectureSpec spec;
  private final NDManager manager;
  /** The trained parameters, by their names in the shared layout where they map one to one. */
  final Map<String, NDArray> trainable = new LinkedHashMap<>();
  private final Map<String, NDArray[]> moments = new TreeMap<>();
  /** The model's own generator: initialization and dropout draw from it, never from libtorch's global one. */
  private final SplittableRandom random;
  private boolean poisonNextBackward;
  private double learningRate = 1e-3;
  private double clipNorm;
  private long updates;

  DjlModel(ArchitectureSpec spec) {
    this.spec = spec;
    this.manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    this.random = new SplittableRandom(spec.seed());
  }

  /**
   * libtorch's autograd switched off on this thread (a per-thread switch, on by default on every thread but the
   * one DJL started on) until closed, then as it was: in-place changes to parameters are refused while it is on,
   * and inference would record graphs for nothing. Training turns it on for its forward and backward passes only.
   */
  static final class GradientsOff implements AutoCloseable {
    private final boolean wasOn = JniUtils.isGradMode();

    GradientsOff() {
      JniUtils.setGradMode(false);
    }

    @Override
    public void close() {
      JniUtils.setGradMode(wasOn);
    }
  }

  /** Logits [batch, time, outputs] of a batch's inputs. */
  abstract NDArray logits(Batch batch, NDManager scope, boolean training);

  NDManager manager() {
    return manager;
  }

  NDArray trainable(String name, NDArray array) {
    array.setRequiresGradient(true);
    trainable.put(name, array);
    return array;
  }

  /** A new tensor of the shared layout, drawn from the model's own generator as the layout says. */
  NDArray drawn(WeightLayout.Parameter parameter) {
    return owned(parameter.draw(random), new Shape(parameter.shape()));
  }

  /** Values drawn uniformly from [-limit, limit), from the model's own generator. */
  NDArray uniform(double limit, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return owned(values, shape);
  }

  private NDArray owned(float[] values, Shape shape) {
    return owned(manager.create(values, shape));
  }

  /**
   * A copy, in memory libtorch owns, of an array DJL made from Java values; the array itself is closed. Every tensor
   * a training step computes with must be such a copy or libtorch's own result: DJL's {@code create} wraps a Java
   * direct buffer without copying, and the garbage collector frees that buffer once its array is closed, even while
   * the step's autograd graph still holds the tensor for the backward pass. That is how training used to meet NaN
   * gradients about once per garbage collection: DJL's operations with a number ({@code x.div(2)}) wrap the number
   * so and close it at once, and a backward pass that ran after a collection read freed memory.
   */
  static NDArray owned(NDArray javaBacked) {
    try (javaBacked) {
      return JniUtils.clone((PtNDArray) javaBacked);
    }
  }

  /** A number as a scalar tensor in libtorch's memory, for arithmetic that a backward pass may read again. */
  static NDArray constant(double value, NDManager scope) {
    return scope.full(new Shape(), (float) value);
  }

  /**
   * Rows of an embedding table for token ids. While training, the lookup is a one-hot product: libtorch's gather
   * has a scatter-add gradient whose sums depend on thread timing when it runs on several threads (two runs with
   * one seed drifted apart by 1e-6 after two batches), while a matrix product's gradient is the same every run.
   * Without gradients the plain gather gives the same values, cheaper.
   */
  NDArray lookup(NDArray table, NDArray ids, boolean training) {
    if (!training) {
      return table.get(ids);
    }
    return ids.oneHot((int) table.getShape().get(0)).matMul(table);
  }

  /** Dropout while training: a mask of 0 and 1 / (1 - rate), drawn from the model's own generator (16 random bits a value). */
  NDArray dropout(NDArray x, boolean training) {
    if (!training || spec.dropout() <= 0) {
      return x;
    }
    float[] values = new float[Math.toIntExact(x.getShape().size())];
    long threshold = Math.round(spec.dropout() * 65536);
    float kept = (float) (1 / (1 - spec.dropout()));
    for (int i = 0; i < values.length; i += 4) {
      long bits = random.nextLong();
      for (int j = 0; j < 4 && i + j < values.length; j++) {
        values[i + j] = ((bits >>> (16 * j)) & 0xFFFF) >= threshold ? kept : 0f;
      }
    }
    return x.mul(owned(x.getManager().create(values, x.getShape())));
  }

  /** Token ids of a batch side as [batch, time], in libtorch's memory. */
  static NDArray tokens(int[][] ids, NDManager scope) {
    return owned(scope.create(ids));
  }

  /** Frames of a batch side as [batch, time, size], in libtorch's memory. */
  NDArray frames(float[][][] values, NDManager scope) {
    int b = values.length;
    int t = values[0].length;
    int f = values[0][0].length;
    float[] flat = new float[b * t * f];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        System.arraycopy(values[i][j], 0, flat, (i * t + j) * f, f);
      }
    }
    return owned(scope.create(flat, new Shape(b, t, f)));
  }

  void requireTokens(boolean tokens) {
    if (tokens != (spec.input() == ArchitectureSpec.InputKind.TOKENS)) {
      throw new IllegalArgumentException("this model reads " + (tokens ? "frames, not tokens" : "tokens, not frames"));
    }
  }

  /** Mean loss per predicted step: cross-entropy for tokens, summed binary cross-entropy per frame for frames. */
  private NDArray loss(NDArray logits, Batch batch, NDManager scope) {
    long steps = (long) batch.size() * batch.length();
    if (batch instanceof Batch.Tokens t) {
      NDArray logProbabilities = logits.reshape(steps, spec.inputSize()).logSoftmax(-1);
      NDArray targets = tokens(t.targets(), scope).reshape(steps).oneHot(spec.inputSize());
      return logProbabilities.mul(targets).sum().neg().div(constant(steps, scope));
    }
    NDArray y = frames(((Batch.Frames) batch).targets(), scope);
    NDArray perValue = Activation.relu(logits).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1).log());
    return perValue.sum().div(constant(steps, scope));
  }

  @Override
  public ArchitectureSpec spec() {
    return spec;
  }

  @Override
  public synchronized void configureTraining(TrainingSettings settings) {
    learningRate = settings.learningRate();
    clipNorm = settings.gradientClipNorm();
    if (System.getProperty("os.name", "").startsWith("Linux") && System.getenv(HUGE_PAGES) == null
        && Device.Type.CPU.equals(manager.getDevice().getDeviceType()) && HUGE_PAGES_ADVISED.compareAndSet(false, true)) {
      LOG.info("training on libtorch's CPU: set {}=1 in the environment of the JVM for big tensors on huge pages (LSTM "
          + "training about 2.7 times as fast on the benchmark machine; ./cadenza sets it)", HUGE_PAGES);
    }
  }

  /**
   * One training step. Gradients are reset before the backward pass (a reset by multiplying would keep a NaN or an
   * infinity from a failed step). If the loss or a gradient is not finite, the weights and the optimizer are left as
   * they were and the step reports {@code NaN}, for the trainer's guard to act on.
   */
  @Override
  public synchronized double trainBatch(Batch batch) {
    try (GradientsOff off = new GradientsOff(); NDScope scope = new NDScope(); NDManager temp = manager.newSubManager()) {
      double value = lossAndGradients(batch, temp);
      return Double.isFinite(value) && update() ? value : Double.NaN;
    }
  }

  /** The loss of a forward pass, with the gradients of its backward pass in the parameters. */
  private double lossAndGradients(Batch batch, NDManager temp) {
    for (NDArray weight : trainable.values()) {
      JniUtils.zeroGrad((PtNDArray) weight);
    }
    synchronized (COLLECTOR_LOCK) {
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray loss = loss(logits(batch, temp, true), batch, temp);
        collector.backward(loss);
        if (poisonNextBackward) {
          poisonNextBackward = false;
          trainable.values().iterator().next().getGradient().muli(Float.NaN);
        }
        return loss.getFloat();
      }
    }
  }

  /** For tests: the next backward pass leaves a NaN in a gradient. */
  synchronized void poisonNextBackward() {
    poisonNextBackward = true;
  }

  /**
   * One Adam step with per-tensor L2 clipping, unless a gradient is not finite (then nothing changes).
   *
   * @return whether the step was taken
   */
  private boolean update() {
    Map<String, NDArray> gradients = new LinkedHashMap<>();
    Map<String, Double> norms = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
      NDArray gradient = e.getValue().getGradient();
      double norm = gradient.norm().getFloat();
      if (!Double.isFinite(norm)) {
        return false;
      }
      gradients.put(e.getKey(), gradient);
      norms.put(e.getKey(), norm);
    }
    updates++;
    double correction1 = 1 - Math.pow(BETA1, updates);
    double correction2 = 1 - Math.pow(BETA2, updates);
    for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
      NDArray weight = e.getValue();
      NDArray gradient = gradients.get(e.getKey());
      double norm = norms.get(e.getKey());
      if (clipNorm > 0 && norm > clipNorm) {
        gradient = gradient.mul(clipNorm / norm);
      }
      NDArray[] m = moments.computeIfAbsent(e.getKey(), k -> newMoments(weight.getShape()));
      m[0].muli(BETA1).addi(gradient.mul(1 - BETA1));
      m[1].muli(BETA2).addi(gradient.square().mul(1 - BETA2));
      weight.subi(m[0].div(correction1).div(m[1].div(correction2).sqrt().add(ADAM_EPSILON)).mul(learningRate));
    }
    return true;
  }

  @Override
  public synchronized double evaluateBatch(Batch batch) {
    try (GradientsOff off = new GradientsOff(); NDScope scope = new NDScope(); NDManager temp = manager.newSubManager()) {
      return loss(logits(batch, temp, false), batch, temp).getFloat();
    }
  }

  /**
   * On a CPU, at batches up to {@value #JVM_SESSION_MAX_BATCH}, a session computed in plain Java on the weights as
   * they are now (a step of a few small libtorch operations costs more in calls than in arithmetic); otherwise a
   * libtorch session ({@link #engineSession}).
   */
  @Override
  public GenerationSession openSession(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    return Device.Type.CPU.equals(manager.getDevice().getDeviceType()) && batchSize <= JVM_SESSION_MAX_BATCH
        ? JvmSessions.open(spec, exportWeights(), batchSize) : engineSession(batchSize);
  }

  /** A session of {@code batchSize} (at least 1) streams as libtorch operations, on a snapshot of the weights. */
  abstract GenerationSession engineSession(int batchSize);

  synchronized DjlModel snapshot() {
    DjlModel copy = DjlModels.create(spec);
    copy.importWeights(exportWeights());
    return copy;
  }

  @Override
  public synchronized float[][][] predict(Batch batch) {
    try (GradientsOff off = new GradientsOff(); NDScope scope = new NDScope(); NDManager temp = manager.newSubManager()) {
      float[] flat = logits(batch, temp, false).toFloatArray();
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

  /** Adam's first and second moments of a parameter, zero, outliving any scope they are made in. */
  private NDArray[] newMoments(Shape shape) {
    NDArray first = manager.zeros(shape);
    NDArray second = manager.zeros(shape);
    NDScope.unregister(first, second);
    return new NDArray[] {first, second};
  }

  /**
   * Writes the weights and Adam's state (both moments of every parameter, under {@code optimizer.m.} and
   * {@code optimizer.v.}, and the step count in the metadata) as safetensors, so that training resumes exactly.
   */
  @Override
  public synchronized void save(Path file) throws IOException {
    Map<String, NamedTensors.Tensor> out = new TreeMap<>(exportWeights().tensors());
    moments.forEach((name, m) -> {
      out.put(FIRST_MOMENT + name, tensor(m[0]));
      out.put(SECOND_MOMENT + name, tensor(m[1]));
    });
    SafeTensors.write(new NamedTensors(out), Map.of("format", "pt", ADAM_STEPS, Long.toString(updates)), file);
  }

  /**
   * Takes the weights and Adam's state from what {@link #save} wrote (a file without Adam's state starts it anew).
   *
   * @throws IllegalArgumentException if a tensor is missing or has the wrong shape, or the step count is not a number
   */
  synchronized void restore(SafeTensors.Contents saved) {
    importWeights(saved.tensors());
    moments.clear();
    updates = 0;
    String steps = saved.metadata().get(ADAM_STEPS);
    if (steps == null) {
      return;
    }
    try {
      updates = Long.parseLong(steps);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Adam's step count '" + steps + "' is not a number");
    }
    for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
      NamedTensors.Tensor first = saved.tensors().tensors().get(FIRST_MOMENT + e.getKey());
      NamedTensors.Tensor second = saved.tensors().tensors().get(SECOND_MOMENT + e.getKey());
      if (first == null || second == null) {
        continue; // a parameter that had no update yet
      }
      NDArray[] m = newMoments(e.getValue().getShape());
      for (int k = 0; k < 2; k++) {
        NamedTensors.Tensor values = k == 0 ? first : second;
        if (!Arrays.equals(values.shape(), m[k].getShape().getShape())) {
          throw new IllegalArgumentException("Adam's state for " + e.getKey() + " has shape " + Arrays.toString(values.shape())
              + "; this model needs " + m[k].getShape());
        }
        assign(m[k], values);
      }
      moments.put(e.getKey(), m);
    }
  }

  /** The trained parameters as named tensors, for families whose names are the shared ones. */
  @Override
  public synchronized NamedTensors exportWeights() {
    Map<String, NamedTensors.Tensor> out = new TreeMap<>();
    trainable.forEach((name, array) -> out.put(name, tensor(array)));
    return new NamedTensors(out);
  }

  @Override
  public synchronized void importWeights(NamedTensors weights) {
    checkShapes(weights);
    trainable.forEach((name, array) -> assign(array, weights.get(name)));
  }

  void checkShapes(NamedTensors weights) {
    for (var e : exportWeights().tensors().entrySet()) {
      long[] shape = weights.get(e.getKey()).shape();
      if (!Arrays.equals(shape, e.getValue().shape())) {
        throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + Arrays.toString(shape)
            + "; this model needs " + Arrays.toString(e.getValue().shape()));
      }
    }
  }

  static NamedTensors.Tensor tensor(NDArray array) {
    return new NamedTensors.Tensor(array.getShape().getShape(), array.toFloatArray());
  }

  /**
   * Copies values into a parameter in place, by an indexed assignment to a detached view of it (DJL's {@code set}
   * and {@code copyTo} make libtorch print a deprecation warning on standard error).
   */
  void assign(NDArray target, NamedTensors.Tensor values) {
    try (NDArray source = manager.create(values.values(), new Shape(values.shape()))) {
      assign(target, source);
    }
  }

  /** Copies an array's values into a parameter in place (see {@link #assign(NDArray, NamedTensors.Tensor)}). */
  static void assign(NDArray target, NDArray source) {
    try (GradientsOff off = new GradientsOff(); NDArray view = target.stopGradient()) {
      view.set(ALL, source);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
