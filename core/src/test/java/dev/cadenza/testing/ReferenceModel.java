package dev.cadenza.testing;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SessionInputs;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.model.WeightLayout;
import dev.cadenza.testing.Tape.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A model of the reference backend: {@link ReferenceLstm} or {@link ReferenceTransformer}, initialized as
 * {@link WeightLayout} says (so a Transformer starts from the very weights the DJL backend draws for the same
 * seed), trained with Adam (per-tensor L2 clipping, as the real backends do). Arithmetic is in double precision; weights and Adam's
 * moments are kept at float precision between steps, so that export, save and load lose nothing. One lock
 * serializes training, prediction and snapshots: each sees the weights between two steps.
 */
final class ReferenceModel implements SequenceModel {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  private static final String MOMENT = "optimizer.m.";
  private static final String SQUARE = "optimizer.v.";
  private static final String STEPS = "adam_steps";

  private final ArchitectureSpec spec;
  private final SplittableRandom random;
  private final Map<String, Node> weights = new LinkedHashMap<>();
  private final Map<String, long[]> shapes = new HashMap<>();
  private final Map<String, double[]> moments = new HashMap<>();
  private final Map<String, double[]> squares = new HashMap<>();
  private long steps;
  private TrainingSettings settings;

  ReferenceModel(ArchitectureSpec spec) {
    this.spec = spec;
    this.random = new SplittableRandom(spec.seed());
    for (WeightLayout.Parameter parameter : WeightLayout.of(spec).parameters()) {
      float[] drawn = parameter.draw(random);
      double[] values = new double[drawn.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = drawn[i];
      }
      long[] shape = parameter.shape();
      int rows = shape.length == 2 ? (int) shape[0] : 1;
      weights.put(parameter.name(), new Node(rows, values.length / rows, values));
      shapes.put(parameter.name(), shape);
      moments.put(parameter.name(), new double[values.length]);
      squares.put(parameter.name(), new double[values.length]);
    }
  }

  @Override
  public ArchitectureSpec spec() {
    return spec;
  }

  @Override
  public synchronized void configureTraining(TrainingSettings settings) {
    this.settings = settings;
  }

  @Override
  public synchronized double trainBatch(Batch batch) {
    if (settings == null) {
      throw new IllegalStateException("configureTraining first");
    }
    Tape tape = new Tape();
    Node loss = loss(tape, weights, batch, this::dropout);
    try {
      if (!Double.isFinite(loss.v[0])) {
        return loss.v[0];
      }
      tape.backward(loss);
      for (Node w : weights.values()) {
        if (w.g != null && !allFinite(w.g)) {
          return Double.NaN;
        }
      }
      steps++;
      weights.forEach(this::adam);
      return loss.v[0];
    } finally {
      weights.values().forEach(w -> w.g = null);
    }
  }

  private void adam(String name, Node w) {
    double[] g = w.g == null ? new double[w.v.length] : w.g;
    double norm = 0;
    for (double x : g) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    double clip = settings.gradientClipNorm() > 0 && norm > settings.gradientClipNorm() ? settings.gradientClipNorm() / norm : 1;
    double[] m = moments.get(name);
    double[] s = squares.get(name);
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    for (int i = 0; i < g.length; i++) {
      double gi = g[i] * clip;
      m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * gi);
      s[i] = (float) (BETA2 * s[i] + (1 - BETA2) * gi * gi);
      w.v[i] = (float) (w.v[i] - settings.learningRate() * (m[i] / correction1) / (Math.sqrt(s[i] / correction2) + EPSILON));
    }
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Inverted dropout at the spec's rate, masks drawn from the model's generator. */
  private Node dropout(Tape tape, Node x) {
    double rate = spec.dropout();
    if (rate == 0) {
      return x;
    }
    double[] mask = new double[x.v.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < rate ? 0 : 1 / (1 - rate);
    }
    return tape.scale(x, mask);
  }

  /** A way to apply dropout on a given tape; none for inference. */
  private interface Dropout {
    Node apply(Tape tape, Node x);
  }

  /** The mean loss per predicted step. */
  private Node loss(Tape tape, Map<String, Node> w, Batch batch, Dropout dropout) {
    Node logits = logits(tape, w, batch, x -> dropout.apply(tape, x));
    Node summed = batch instanceof Batch.Tokens t ? tape.crossEntropy(logits, flatTargets(t))
        : tape.binaryCrossEntropy(logits, flatTargets((Batch.Frames) batch));
    return tape.sum(List.of(summed), 1.0 / (batch.size() * batch.length()));
  }

  /** Logits [batch x time, outputs], rows of one sequence together. */
  private Node logits(Tape tape, Map<String, Node> w, Batch batch, UnaryOperator<Node> dropout) {
    boolean tokens = batch instanceof Batch.Tokens;
    if (tokens != (spec.input() == ArchitectureSpec.InputKind.TOKENS)) {
      throw new IllegalArgumentException("this model reads " + spec.input() + ", not " + (tokens ? "tokens" : "frames"));
    }
    int size = batch.size();
    int time = batch.length();
    if (spec.isTransformer()) {
      return tokens ? ReferenceTransformer.forward(tape, w, spec, flatInputs((Batch.Tokens) batch), null, size, dropout)
          : ReferenceTransformer.forward(tape, w, spec, null, ReferenceWeights.constant(flatRows(((Batch.Frames) batch).inputs())), size, dropout);
    }
    ReferenceLstm.State state = new ReferenceLstm.State(spec, size);
    List<Node> steps = new ArrayList<>();
    for (int t = 0; t < time; t++) {
      steps.add(ReferenceLstm.step(tape, w, spec, lstmInput(tape, w, batch, t), state, dropout));
    }
    // the steps are [batch, outputs] in time order; the loss wants rows of one sequence together
    int[] order = new int[size * time];
    for (int b = 0; b < size; b++) {
      for (int t = 0; t < time; t++) {
        order[b * time + t] = t * size + b;
      }
    }
    return tape.rows(tape.stack(steps), order);
  }

  private static Node lstmInput(Tape tape, Map<String, Node> w, Batch batch, int t) {
    if (batch instanceof Batch.Tokens tokens) {
      int[] column = new int[tokens.size()];
      for (int b = 0; b < column.length; b++) {
        column[b] = tokens.inputs()[b][t];
      }
      return tape.rows(w.get("embedding.weight"), column);
    }
    float[][][] frames = ((Batch.Frames) batch).inputs();
    float[][] column = new float[frames.length][];
    for (int b = 0; b < frames.length; b++) {
      column[b] = frames[b][t];
    }
    return ReferenceWeights.constant(column);
  }

  private static int[] flatInputs(Batch.Tokens batch) {
    return Arrays.stream(batch.inputs()).flatMapToInt(Arrays::stream).toArray();
  }

  private static int[] flatTargets(Batch.Tokens batch) {
    return Arrays.stream(batch.targets()).flatMapToInt(Arrays::stream).toArray();
  }

  private static double[] flatTargets(Batch.Frames batch) {
    float[][] rows = flatRows(batch.targets());
    double[] flat = new double[rows.length * (rows.length == 0 ? 0 : rows[0].length)];
    int at = 0;
    for (float[] row : rows) {
      for (float v : row) {
        flat[at++] = v;
      }
    }
    return flat;
  }

  private static float[][] flatRows(float[][][] windows) {
    return Arrays.stream(windows).flatMap(Arrays::stream).toArray(float[][]::new);
  }

  @Override
  public synchronized double evaluateBatch(Batch batch) {
    return loss(new Tape(), weights, batch, (tape, x) -> x).v[0];
  }

  @Override
  public synchronized float[][][] predict(Batch batch) {
    float[][] rows = ReferenceWeights.floats(logits(new Tape(), weights, batch, UnaryOperator.identity()));
    float[][][] result = new float[batch.size()][batch.length()][];
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < batch.length(); t++) {
        result[b][t] = rows[b * batch.length() + t];
      }
    }
    return result;
  }

  @Override
  public GenerationSession openSession(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    return new Session(snapshot(), batchSize);
  }

  /** A copy of the weights as they are now. */
  private synchronized Map<String, Node> snapshot() {
    Map<String, Node> copy = new LinkedHashMap<>();
    weights.forEach((name, w) -> copy.put(name, new Node(w.rows, w.cols, Tape.copy(w.v))));
    return copy;
  }

  /**
   * Step-by-step inference on a snapshot: the LSTM carries its state; the Transformer runs over the inputs so far
   * and, when its context is full, goes on from the most recent half (as the DJL backend does).
   */
  private final class Session implements GenerationSession {
    private final Map<String, Node> w;
    private final int batchSize;
    private ReferenceLstm.State state;
    private final List<Batch> history = new ArrayList<>();

    Session(Map<String, Node> w, int batchSize) {
      this.w = w;
      this.batchSize = batchSize;
      this.state = new ReferenceLstm.State(spec, batchSize);
    }

    @Override
    public int batchSize() {
      return batchSize;
    }

    @Override
    public float[][] next(int[] tokens) {
      SessionInputs.checkTokens(spec, batchSize, tokens);
      int[][] column = new int[batchSize][];
      for (int b = 0; b < batchSize; b++) {
        column[b] = new int[] {tokens[b]};
      }
      return step(new Batch.Tokens(column, column));
    }

    @Override
    public float[][] next(float[][] frames) {
      float[] flat = SessionInputs.flatFrames(spec, batchSize, frames);
      float[][][] column = new float[batchSize][1][];
      for (int b = 0; b < batchSize; b++) {
        column[b][0] = Arrays.copyOfRange(flat, b * spec.inputSize(), (b + 1) * spec.inputSize());
      }
      return step(new Batch.Frames(column, column));
    }

    private float[][] step(Batch input) {
      Tape tape = new Tape();
      if (!spec.isTransformer()) {
        return ReferenceWeights.floats(ReferenceLstm.step(tape, w, spec, lstmInput(tape, w, input, 0), state, UnaryOperator.identity()));
      }
      if (history.size() == spec.context()) {
        history.subList(0, spec.context() / 2).clear();
      }
      history.add(input);
      float[][] rows = ReferenceWeights.floats(logits(tape, w, joined(), UnaryOperator.identity()));
      float[][] last = new float[batchSize][];
      for (int b = 0; b < batchSize; b++) {
        last[b] = rows[(b + 1) * history.size() - 1];
      }
      return last;
    }

    /** The inputs so far as one batch of windows. */
    private Batch joined() {
      int time = history.size();
      if (history.get(0) instanceof Batch.Tokens) {
        int[][] ids = new int[batchSize][time];
        for (int t = 0; t < time; t++) {
          for (int b = 0; b < batchSize; b++) {
            ids[b][t] = ((Batch.Tokens) history.get(t)).inputs()[b][0];
          }
        }
        return new Batch.Tokens(ids, ids);
      }
      float[][][] frames = new float[batchSize][time][];
      for (int t = 0; t < time; t++) {
        for (int b = 0; b < batchSize; b++) {
          frames[b][t] = ((Batch.Frames) history.get(t)).inputs()[b][0];
        }
      }
      return new Batch.Frames(frames, frames);
    }

    @Override
    public void reset() {
      state = new ReferenceLstm.State(spec, batchSize);
      history.clear();
    }

    @Override
    public void close() {
      history.clear();
    }
  }

  @Override
  public synchronized void save(Path file) throws IOException {
    Map<String, NamedTensors.Tensor> tensors = new TreeMap<>(exportWeights().tensors());
    weights.keySet().forEach(name -> {
      tensors.put(MOMENT + name, ReferenceWeights.tensor(shapes.get(name), moments.get(name)));
      tensors.put(SQUARE + name, ReferenceWeights.tensor(shapes.get(name), squares.get(name)));
    });
    SafeTensors.write(new NamedTensors(tensors), Map.of(STEPS, Long.toString(steps)), file);
  }

  /** Reads what {@link #save} wrote: the weights, and Adam's state where the file has it. */
  synchronized void restore(Path file) throws IOException {
    SafeTensors.Contents contents = SafeTensors.readContents(file);
    Map<String, NamedTensors.Tensor> model = new TreeMap<>();
    contents.tensors().tensors().forEach((name, tensor) -> {
      if (!name.startsWith(MOMENT) && !name.startsWith(SQUARE)) {
        model.put(name, tensor);
      }
    });
    importWeights(new NamedTensors(model));
    for (String name : weights.keySet()) {
      NamedTensors.Tensor m = contents.tensors().tensors().get(MOMENT + name);
      NamedTensors.Tensor s = contents.tensors().tensors().get(SQUARE + name);
      if (m != null && s != null) {
        copyInto(moments.get(name), m);
        copyInto(squares.get(name), s);
      }
    }
    steps = Long.parseLong(contents.metadata().getOrDefault(STEPS, "0"));
  }

  private static void copyInto(double[] target, NamedTensors.Tensor source) {
    if (source.values().length != target.length) {
      throw new IllegalArgumentException("optimizer state of the wrong shape");
    }
    for (int i = 0; i < target.length; i++) {
      target[i] = source.values()[i];
    }
  }

  @Override
  public synchronized NamedTensors exportWeights() {
    Map<String, NamedTensors.Tensor> tensors = new TreeMap<>();
    weights.forEach((name, w) -> tensors.put(name, ReferenceWeights.tensor(shapes.get(name), w.v)));
    return new NamedTensors(tensors);
  }

  @Override
  public synchronized void importWeights(NamedTensors imported) {
    for (String name : weights.keySet()) {
      NamedTensors.Tensor tensor = imported.tensors().get(name);
      if (tensor == null) {
        throw new IllegalArgumentException("the weights have no tensor " + name);
      }
      if (!Arrays.equals(tensor.shape(), shapes.get(name))) {
        throw new IllegalArgumentException(name + " has shape " + Arrays.toString(tensor.shape()) + ", expected "
            + Arrays.toString(shapes.get(name)));
      }
    }
    weights.forEach((name, w) -> copyInto(w.v, imported.get(name)));
  }

  @Override
  public void close() {
    // plain Java: nothing to free
  }
}
