package dev.cadenza.benchmarks;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Backends;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Every model path, per backend and model family, in tokens per second (bundle loading in milliseconds): a training
 * step on a batch of 64 windows of 100 tokens; a generation session's step at batch 1 and at batch 16 (100 steps from
 * a fresh state, so a Transformer's key/value cache grows as it does in use); a whole 500-token piece through the
 * public API ({@link MusicGenerator#generate}: sampling with top-p and a repetition penalty under the tokenizer's
 * grammar, decoding at the end); and loading a saved bundle onto the backend. The models are those of the PyTorch
 * reference ({@code benchmarks/python/reference.py}): an LSTM of embedding 64 and 2 x 256 units, and a Transformer of
 * width 256, 2 blocks of 4 heads, feed-forward 1024, context 128, over the {@code remi} vocabulary (542).
 *
 * <p>Training runs libtorch on its default threads, as {@code cadenza train} does; everything else on one libtorch
 * thread, as {@code cadenza generate} does. {@code benchmarks/run} runs this with the reference and prints ratios.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ModelThroughput {
  /** libtorch on one thread, as {@code cadenza generate} sets it. */
  static final String ONE_THREAD = "-Dai.djl.pytorch.num_threads=1";
  /** libtorch's inter-op pool on one thread too. */
  static final String ONE_INTEROP_THREAD = "-Dai.djl.pytorch.num_interop_threads=1";
  /** Tokens in a training batch: 64 windows of 100. */
  static final int BATCH = 64;
  /** Tokens in a training window. */
  static final int WINDOW = 100;
  /** Steps a session takes from a fresh state in one operation. */
  static final int STEPS = 100;
  /** Streams in the batched session. */
  static final int STREAMS = 16;
  /** Tokens in a generated piece. */
  static final int PIECE = 500;

  /** Backend and model family, {@code backend/family}. */
  @Param({"djl/lstm", "djl/transformer", "dl4j/lstm"})
  public String model;

  private SequenceModel sequenceModel;
  private Batch.Tokens batch;
  private GenerationSession one;
  private GenerationSession sixteen;
  private Path bundleFile;
  private MusicGenerator generator;
  private int vocabulary;

  /** Builds the model, opens the sessions, saves a bundle and loads it through the public API. */
  @Setup
  public void build() throws IOException {
    String[] parts = model.split("/");
    SequenceModelProvider provider = Backends.get(parts[0]);
    Tokenizer remi = Tokenizers.get("remi", TokenizerConfig.DEFAULTS);
    vocabulary = remi.vocabulary().size();
    ArchitectureSpec spec = parts[1].equals("transformer")
        ? ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, vocabulary, 256, 2, 4, 1024, 128, 0.0, 1)
        : ArchitectureSpec.lstmTokens(vocabulary, 64, 256, 2, 0.0, 1);
    sequenceModel = provider.create(spec);
    sequenceModel.configureTraining(new TrainingSettings(1e-3, 1.0));
    batch = random(BATCH, WINDOW, 1);
    one = sequenceModel.openSession(1);
    sixteen = sequenceModel.openSession(STREAMS);
    ModelBundle bundle = ModelBundle.of(sequenceModel, provider.name(), remi.spec(),
        new Provenance("benchmark", 0, 0, 0, 0, 1, "", Map.of(), provider.engine(), Runtime.getRuntime().availableProcessors()),
        List.of(random(1, 16, 3).inputs()[0]));
    bundleFile = Files.createTempFile("benchmark", ModelBundle.EXTENSION);
    bundle.write(bundleFile);
    generator = loaded();
  }

  /** Frees the native memory and deletes the bundle. */
  @TearDown
  public void close() throws IOException {
    one.close();
    sixteen.close();
    generator.close();
    sequenceModel.close();
    Files.deleteIfExists(bundleFile);
  }

  /** One Adam step on 64 x 100 tokens, on libtorch's default threads. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH * WINDOW)
  public double train() {
    return sequenceModel.trainBatch(batch);
  }

  /** 100 steps of one stream from a fresh state, feeding back the most likely token. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(STEPS)
  @Fork(value = 1, jvmArgsAppend = {ONE_THREAD, ONE_INTEROP_THREAD})
  public int stepBatch1() {
    return steps(one);
  }

  /** 100 steps of 16 streams from a fresh state; counts every stream's tokens. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(STEPS * STREAMS)
  @Fork(value = 1, jvmArgsAppend = {ONE_THREAD, ONE_INTEROP_THREAD})
  public int stepBatch16() {
    return steps(sixteen);
  }

  /**
   * A 500-token piece through {@link MusicGenerator#generate}, sampled and decoded. Its warm-up is longer: the
   * Transformer's piece ran at 1,400 tokens/s for the first 6 to 10 s of a fork, then at 3,900 once the JIT was done.
   */
  @Benchmark
  @Warmup(iterations = 5, time = 3)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(PIECE)
  @Fork(value = 1, jvmArgsAppend = {ONE_THREAD, ONE_INTEROP_THREAD})
  public Object generate() throws IOException {
    return generator.generate(GenerationRequest.builder().tokens(PIECE).topP(0.95).repetitionPenalty(1.1).seed(5).build());
  }

  /** Reads the saved bundle and loads it onto the backend, as {@code MusicGenerator.builder().model(file).build()}. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Fork(value = 1, jvmArgsAppend = {ONE_THREAD, ONE_INTEROP_THREAD})
  public void load(Blackhole sink) throws IOException {
    try (MusicGenerator loaded = loaded()) {
      sink.consume(loaded.backend());
    }
  }

  private MusicGenerator loaded() throws IOException {
    return MusicGenerator.builder().model(bundleFile).backend(model.split("/")[0]).build();
  }

  private int steps(GenerationSession session) {
    session.reset();
    int[] tokens = new int[session.batchSize()];
    for (int i = 0; i < STEPS; i++) {
      float[][] logits = session.next(tokens);
      for (int s = 0; s < tokens.length; s++) {
        tokens[s] = argmax(logits[s]);
      }
    }
    return tokens[0];
  }

  private Batch.Tokens random(int rows, int length, long seed) {
    Random r = new Random(seed);
    int[][] inputs = new int[rows][length];
    int[][] targets = new int[rows][length];
    for (int b = 0; b < rows; b++) {
      for (int t = 0; t < length; t++) {
        inputs[b][t] = r.nextInt(vocabulary);
        targets[b][t] = r.nextInt(vocabulary);
      }
    }
    return new Batch.Tokens(inputs, targets);
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
