package dev.cadenza.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadenza.data.Batch;
import dev.cadenza.generation.Sampler;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.Logits;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.model.WeightLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every backend meets, as tests: a backend's test module extends this class and names its
 * provider. Small models, fixed seeds, no timing.
 */
public abstract class SequenceModelConformanceKit {
  /** The tolerance between step-by-step and whole-sequence outputs. */
  protected static final double STEP_TOLERANCE = 1e-5;
  /** The loss (mean nats per step) a tiny model must reach on a repeating sequence of 6 tokens out of 12. */
  protected static final double LEARNED_LOSS = 0.25;

  /** The backend under test. */
  protected abstract SequenceModelProvider provider();

  /** A small token model: 12 tokens, embedding 8, 2 x 16 LSTM; a kit for another family ({@link TransformerConformanceKit}) overrides it. */
  protected ArchitectureSpec tokenSpec(long seed) {
    return ArchitectureSpec.lstmTokens(12, 8, 16, 2, 0.0, seed);
  }

  /** A small frame model: frames of 6, 2 x 16 LSTM; a kit for another family overrides it. */
  protected ArchitectureSpec frameSpec(long seed) {
    return ArchitectureSpec.lstmFrames(6, 16, 2, 0.0, seed);
  }

  /** How close stepping a session must come to the whole-sequence outputs. */
  protected double stepTolerance() {
    return STEP_TOLERANCE;
  }

  /** Windows of the sequence 0 1 2 3 4 5 0 1 ..., each starting at a different point. */
  protected static Batch.Tokens repeating(int batch, int length) {
    int[][] inputs = new int[batch][length];
    int[][] targets = new int[batch][length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        inputs[b][t] = (b + t) % 6;
        targets[b][t] = (b + t + 1) % 6;
      }
    }
    return new Batch.Tokens(inputs, targets);
  }

  /** Random token windows. */
  protected static Batch.Tokens randomTokens(int batch, int length, long seed) {
    Random random = new Random(seed);
    int[][] inputs = new int[batch][length];
    int[][] targets = new int[batch][length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        inputs[b][t] = random.nextInt(12);
        targets[b][t] = random.nextInt(12);
      }
    }
    return new Batch.Tokens(inputs, targets);
  }

  /** Random multi-hot frame windows. */
  protected static Batch.Frames randomFrames(int batch, int length, long seed) {
    Random random = new Random(seed);
    float[][][] inputs = new float[batch][length][6];
    float[][][] targets = new float[batch][length][6];
    for (float[][][] side : List.of(inputs, targets)) {
      for (float[][] window : side) {
        for (float[] frame : window) {
          for (int k = 0; k < frame.length; k++) {
            frame[k] = random.nextBoolean() ? 1f : 0f;
          }
        }
      }
    }
    return new Batch.Frames(inputs, targets);
  }

  @Test
  void aTinyModelLearnsAShortRepeatingSequence() {
    try (SequenceModel model = provider().create(tokenSpec(1))) {
      model.configureTraining(new TrainingSettings(0.02, 1.0));
      Batch.Tokens batch = repeating(6, 24);
      double before = model.evaluateBatch(batch);
      for (int i = 0; i < 150; i++) {
        assertThat(model.trainBatch(batch)).isFinite();
      }
      double after = model.evaluateBatch(batch);
      assertThat(before).isGreaterThan(Math.log(12) * 0.8);
      assertThat(after).isLessThan(LEARNED_LOSS);
    }
  }

  @Test
  void aFrameModelLearnsToo() {
    try (SequenceModel model = provider().create(frameSpec(1))) {
      model.configureTraining(new TrainingSettings(0.02, 1.0));
      float[][][] inputs = new float[4][20][6];
      float[][][] targets = new float[4][20][6];
      for (int b = 0; b < 4; b++) {
        for (int t = 0; t < 20; t++) {
          inputs[b][t][(b + t) % 6] = 1f;
          targets[b][t][(b + t + 1) % 6] = 1f;
        }
      }
      Batch.Frames batch = new Batch.Frames(inputs, targets);
      double before = model.evaluateBatch(batch);
      for (int i = 0; i < 150; i++) {
        model.trainBatch(batch);
      }
      assertThat(model.evaluateBatch(batch)).isLessThan(before / 4);
    }
  }

  @Test
  void savingAndLoadingGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("weights.bin");
    Batch.Tokens batch = randomTokens(3, 10, 5);
    try (SequenceModel model = provider().create(tokenSpec(2))) {
      model.configureTraining(new TrainingSettings(0.01, 0));
      model.trainBatch(randomTokens(4, 10, 6));
      model.save(file);
      try (SequenceModel loaded = provider().load(file, tokenSpec(2))) {
        assertThat(loaded.predict(batch)).isDeepEqualTo(model.predict(batch));
        assertThat(loaded.exportWeights()).isEqualTo(model.exportWeights());
      }
    }
  }

  /**
   * Training k steps, saving, loading and training k more ends where k + k steps without a break end: the saved file
   * holds the optimizer's state (Adam's moments and step count), not only the weights.
   */
  @Test
  void resumingFromASavedModelContinuesExactly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("half-way.bin");
    ArchitectureSpec spec = tokenSpec(13);
    TrainingSettings settings = new TrainingSettings(0.01, 1.0);
    NamedTensors uninterrupted;
    try (SequenceModel model = provider().create(spec)) {
      model.configureTraining(settings);
      for (int step = 0; step < 8; step++) {
        model.trainBatch(randomTokens(4, 10, 100 + step));
      }
      uninterrupted = model.exportWeights();
    }
    try (SequenceModel first = provider().create(spec)) {
      first.configureTraining(settings);
      for (int step = 0; step < 4; step++) {
        first.trainBatch(randomTokens(4, 10, 100 + step));
      }
      first.save(file);
    }
    try (SequenceModel resumed = provider().load(file, spec)) {
      resumed.configureTraining(settings);
      for (int step = 4; step < 8; step++) {
        resumed.trainBatch(randomTokens(4, 10, 100 + step));
      }
      NamedTensors weights = resumed.exportWeights();
      for (String name : uninterrupted.tensors().keySet()) {
        assertClose(weights.get(name).values(), uninterrupted.get(name).values(), 1e-5);
      }
    }
  }

  @Test
  void steppingASessionGivesTheWholeSequenceOutputs() {
    try (SequenceModel model = provider().create(tokenSpec(3))) {
      Batch.Tokens batch = randomTokens(3, 16, 7);
      float[][][] whole = model.predict(batch);
      try (GenerationSession session = model.openSession(3)) {
        for (int t = 0; t < 16; t++) {
          int[] column = new int[3];
          for (int b = 0; b < 3; b++) {
            column[b] = batch.inputs()[b][t];
          }
          float[][] step = session.next(column);
          for (int b = 0; b < 3; b++) {
            assertScores(step[b], whole[b][t], ArchitectureSpec.InputKind.TOKENS);
          }
        }
      }
    }
    try (SequenceModel model = provider().create(frameSpec(3))) {
      Batch.Frames batch = randomFrames(2, 12, 8);
      float[][][] whole = model.predict(batch);
      try (GenerationSession session = model.openSession(2)) {
        for (int t = 0; t < 12; t++) {
          float[][] step = session.next(new float[][] {batch.inputs()[0][t], batch.inputs()[1][t]});
          assertScores(step[0], whole[0][t], ArchitectureSpec.InputKind.FRAMES);
          assertScores(step[1], whole[1][t], ArchitectureSpec.InputKind.FRAMES);
        }
        assertThatThrownBy(() -> session.next(new int[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void streamsOfABatchAndSessionsOnOtherThreadsDoNotDisturbEachOther() throws Exception {
    try (SequenceModel model = provider().create(tokenSpec(4))) {
      Batch.Tokens batch = randomTokens(2, 12, 9);
      List<float[][]> alone = new ArrayList<>();
      for (int b = 0; b < 2; b++) {
        try (GenerationSession session = model.openSession(1)) {
          float[][] outputs = new float[12][];
          for (int t = 0; t < 12; t++) {
            outputs[t] = session.next(new int[] {batch.inputs()[b][t]})[0];
          }
          alone.add(outputs);
        }
      }
      try (GenerationSession together = model.openSession(2)) {
        for (int t = 0; t < 12; t++) {
          float[][] step = together.next(new int[] {batch.inputs()[0][t], batch.inputs()[1][t]});
          assertScores(step[0], alone.get(0)[t], ArchitectureSpec.InputKind.TOKENS);
          assertScores(step[1], alone.get(1)[t], ArchitectureSpec.InputKind.TOKENS);
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
          int b = round % 2;
          results.add(pool.submit(() -> {
            try (GenerationSession session = model.openSession(1)) {
              float[][] outputs = new float[12][];
              for (int t = 0; t < 12; t++) {
                outputs[t] = session.next(new int[] {batch.inputs()[b][t]})[0];
              }
              return outputs;
            }
          }));
        }
        for (int round = 0; round < 4; round++) {
          float[][] outputs = results.get(round).get();
          for (int t = 0; t < 12; t++) {
            assertScores(outputs[t], alone.get(round % 2)[t], ArchitectureSpec.InputKind.TOKENS);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndTheSameSamples() {
    try (SequenceModel a = provider().create(tokenSpec(11)); SequenceModel b = provider().create(tokenSpec(11));
        SequenceModel c = provider().create(tokenSpec(12)); SequenceModel high = provider().create(tokenSpec(11 + (1L << 32)))) {
      assertThat(a.exportWeights()).isEqualTo(b.exportWeights());
      assertThat(a.exportWeights()).isNotEqualTo(c.exportWeights());
      assertThat(a.exportWeights()).as("a seed's upper 32 bits count too").isNotEqualTo(high.exportWeights());
      assertThat(sample(a, 99)).containsExactly(sample(b, 99));
    }
  }

  private static int[] sample(SequenceModel model, long seed) {
    Random random = new Random(seed);
    Sampler sampler = new Sampler(1.0);
    int[] out = new int[30];
    try (GenerationSession session = model.openSession(1)) {
      int token = 0;
      for (int i = 0; i < out.length; i++) {
        token = sampler.sample(session.next(new int[] {token})[0], random);
        out[i] = token;
      }
    }
    return out;
  }

  /** The outputs of a new session over one stream of tokens. */
  private static float[][] stepThrough(SequenceModel model, int[] tokens) {
    try (GenerationSession session = model.openSession(1)) {
      float[][] outputs = new float[tokens.length][];
      for (int t = 0; t < tokens.length; t++) {
        outputs[t] = session.next(new int[] {tokens[t]})[0];
      }
      return outputs;
    }
  }

  @Test
  void aSessionKeepsTheWeightsItOpenedWithWhileAnotherThreadTrains() throws Exception {
    int[] tokens = randomTokens(1, 12, 15).inputs()[0];
    ExecutorService trainer = Executors.newSingleThreadExecutor();
    try (SequenceModel model = provider().create(tokenSpec(14))) {
      model.configureTraining(new TrainingSettings(0.02, 1.0));
      float[][] before = stepThrough(model, tokens);
      try (GenerationSession session = model.openSession(1)) {
        Future<?> training = trainer.submit(() -> {
          for (int i = 0; i < 40; i++) {
            model.trainBatch(repeating(6, 24));
          }
        });
        for (int t = 0; t < tokens.length / 2; t++) {
          assertScores(session.next(new int[] {tokens[t]})[0], before[t], ArchitectureSpec.InputKind.TOKENS);
          for (float[] step : model.predict(repeating(2, 6))[0]) {
            assertThat(step).as("predict while another thread trains").doesNotContain(Float.NaN);
          }
        }
        training.get();
        for (int t = tokens.length / 2; t < tokens.length; t++) {
          assertScores(session.next(new int[] {tokens[t]})[0], before[t], ArchitectureSpec.InputKind.TOKENS);
        }
      } finally {
        trainer.shutdownNow();
      }
      assertThat(stepThrough(model, tokens)[0]).as("a session opened after training sees the new weights")
          .isNotEqualTo(before[0]);
    }
  }

  @Test
  void twoModelsTrainOnTwoThreadsAtOnceAsEachWouldAlone() throws Exception {
    ArchitectureSpec spec = tokenSpec(16).withDropout(0.3);
    Callable<NamedTensors> run = () -> {
      try (SequenceModel model = provider().create(spec)) {
        model.configureTraining(new TrainingSettings(0.01, 1.0));
        for (int step = 0; step < 10; step++) {
          model.trainBatch(randomTokens(4, 10, 200 + step));
        }
        return model.exportWeights();
      }
    };
    NamedTensors alone = run.call();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<NamedTensors>> together = List.of(pool.submit(run), pool.submit(run));
      for (Future<NamedTensors> result : together) {
        NamedTensors weights = result.get();
        for (String name : alone.tensors().keySet()) {
          assertClose(weights.get(name).values(), alone.get(name).values(), 1e-5);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exportedWeightsImportIntoAnotherModelAndFollowTheSharedLayout() {
    try (SequenceModel trained = provider().create(tokenSpec(5)); SequenceModel other = provider().create(tokenSpec(6))) {
      trained.configureTraining(new TrainingSettings(0.01, 0));
      trained.trainBatch(randomTokens(4, 10, 10));
      NamedTensors weights = trained.exportWeights();
      assertThat(shapes(weights)).as("the tensors of the shared layout").isEqualTo(WeightLayout.of(tokenSpec(5)).shapes());
      other.importWeights(weights);
      assertThat(other.exportWeights()).isEqualTo(weights);
      Batch.Tokens batch = randomTokens(2, 10, 11);
      float[][][] predicted = other.predict(batch);
      assertThat(predicted).isDeepEqualTo(trained.predict(batch));
      for (int b = 0; b < 2; b++) {
        float[][] reference = reference(weights, tokenSpec(5), batch.inputs()[b]);
        for (int t = 0; t < 10; t++) {
          assertScores(predicted[b][t], reference[t], ArchitectureSpec.InputKind.TOKENS, 1e-4);
        }
      }
    }
    try (SequenceModel frames = provider().create(frameSpec(5))) {
      Batch.Frames batch = randomFrames(1, 8, 12);
      NamedTensors weights = frames.exportWeights();
      assertThat(shapes(weights)).as("the tensors of the shared layout").isEqualTo(WeightLayout.of(frameSpec(5)).shapes());
      float[][] reference = frameSpec(5).isTransformer()
          ? ReferenceTransformer.predictFrames(weights, frameSpec(5), batch.inputs()[0])
          : ReferenceLstm.predictFrames(weights, frameSpec(5), batch.inputs()[0]);
      float[][][] predicted = frames.predict(batch);
      for (int t = 0; t < 8; t++) {
        assertScores(predicted[0][t], reference[t], ArchitectureSpec.InputKind.FRAMES, 1e-4);
      }
    }
  }

  /** Each tensor's shape by name, as {@link WeightLayout#shapes()} gives them. */
  private static Map<String, List<Long>> shapes(NamedTensors weights) {
    Map<String, List<Long>> shapes = new TreeMap<>();
    weights.tensors().forEach((name, tensor) -> shapes.put(name, Arrays.stream(tensor.shape()).boxed().toList()));
    return shapes;
  }

  /** The reference model of the spec's family on one token sequence. */
  private static float[][] reference(NamedTensors weights, ArchitectureSpec spec, int[] tokens) {
    return spec.isTransformer() ? ReferenceTransformer.predictTokens(weights, spec, tokens)
        : ReferenceLstm.predictTokens(weights, spec, tokens);
  }

  /** LSTMs only (a Transformer normalizes its layers always), on backends that train batch normalization. */
  @Test
  void batchNormalizedModelsTrainStepAndFollowTheSharedLayout() {
    assumeFalse(tokenSpec(8).isTransformer(), "batch normalization is an LSTM option");
    ArchitectureSpec spec = tokenSpec(8).withBatchNorm(true);
    assumeTrue(provider().supports(spec).possible(), () -> provider().supports(spec).reason());
    try (SequenceModel model = provider().create(spec)) {
      model.configureTraining(new TrainingSettings(0.01, 1.0));
      for (int i = 0; i < 20; i++) {
        assertThat(model.trainBatch(repeating(6, 24))).isFinite();
      }
      Batch.Tokens batch = randomTokens(2, 10, 13);
      float[][][] whole = model.predict(batch);
      NamedTensors weights = model.exportWeights();
      assertThat(shapes(weights)).as("the tensors of the shared layout").isEqualTo(WeightLayout.of(spec).shapes());
      try (GenerationSession session = model.openSession(2)) {
        for (int t = 0; t < 10; t++) {
          float[][] step = session.next(new int[] {batch.inputs()[0][t], batch.inputs()[1][t]});
          assertScores(step[0], whole[0][t], ArchitectureSpec.InputKind.TOKENS);
          assertScores(step[1], whole[1][t], ArchitectureSpec.InputKind.TOKENS);
        }
      }
      float[][] reference = ReferenceLstm.predictTokens(weights, spec, batch.inputs()[0]);
      for (int t = 0; t < 10; t++) {
        assertScores(whole[0][t], reference[t], ArchitectureSpec.InputKind.TOKENS, 1e-4);
      }
      try (SequenceModel copy = provider().create(spec.withSeed(9))) {
        copy.importWeights(weights); // the running variance may pass through another form: equal to rounding
        float[][][] copied = copy.predict(batch);
        for (int t = 0; t < 10; t++) {
          assertScores(copied[1][t], whole[1][t], ArchitectureSpec.InputKind.TOKENS, 1e-6);
        }
      }
    }
  }

  @Test
  void weightsOfTheWrongShapeAreRefused() {
    ArchitectureSpec narrow = tokenSpec(1);
    ArchitectureSpec wider = new ArchitectureSpec(narrow.family(), narrow.input(), narrow.inputSize(), narrow.embeddingSize(),
        narrow.units() * 2, narrow.layers(), narrow.dropout(), narrow.batchNorm(), narrow.heads(), narrow.feedForward(),
        narrow.context(), narrow.seed());
    try (SequenceModel small = provider().create(narrow); SequenceModel wide = provider().create(wider)) {
      assertThatThrownBy(() -> small.importWeights(wide.exportWeights())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shape");
    }
  }

  private void assertScores(float[] actual, float[] expected, ArchitectureSpec.InputKind kind) {
    assertScores(actual, expected, kind, stepTolerance());
  }

  /** Raw scores within the tolerance, and the probabilities derived from them too. */
  private static void assertScores(float[] actual, float[] expected, ArchitectureSpec.InputKind kind, double tolerance) {
    assertClose(actual, expected, tolerance);
    assertClose(Logits.probabilities(actual, kind), Logits.probabilities(expected, kind), tolerance);
  }

  private static void assertClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("value " + i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance));
    }
  }
}
