package dev.cadenza.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.MidiCorpus;
import dev.cadenza.data.Batch;
import dev.cadenza.data.SequenceDataset;
import dev.cadenza.generation.Generation;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Capability;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.music.Score;
import dev.cadenza.testing.SharedData;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.training.EpochResult;
import dev.cadenza.training.ExistingRunException;
import dev.cadenza.training.Trainer;
import dev.cadenza.training.TrainingConfig;
import dev.cadenza.training.TrainingListener;
import dev.cadenza.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core training loop on DL4J, end to end on real chorales. */
class Dl4jTrainingTest {
  private static Corpus corpus;
  private static SequenceDataset data;
  private static ArchitectureSpec spec;

  @BeforeAll
  static void loadChorales() throws IOException {
    List<Path> files = SharedData.files("bach-chorales-midi", ".mid").subList(40, 64);
    corpus = MidiCorpus.builder(Tokenizers.encoding("remi", TokenizerConfig.DEFAULTS)).cacheDirectory(null).build().load(files);
    data = SequenceDataset.builder(corpus.pieces(), corpus.encoding()).sequenceLength(32).batchSize(16)
        .validationFraction(0.2).seed(3).build();
    spec = ArchitectureSpec.lstmTokens(((Tokenizer) corpus.encoding()).vocabulary().size(), 16, 48, 1, 0.0, 3);
  }

  private static TrainingConfig.Builder config(Path dir, int epochs) {
    return TrainingConfig.builder().epochs(epochs).learningRate(0.01).checkpointDirectory(dir).seed(3);
  }

  @Test
  void trainsOnChoralesAndGeneratesMusicThatReadsBack(@TempDir Path dir) throws Exception {
    TrainingResult result = new Trainer(config(dir, 3).build(), List.of()).train(new Dl4jProvider(), spec, data, corpus.encoding().spec());
    assertThat(result.status()).isEqualTo(TrainingResult.Status.COMPLETED);
    List<EpochResult> history = result.history();
    assertThat(history).hasSize(3);
    assertThat(history.get(2).validationLoss()).isLessThan(history.get(0).validationLoss());
    assertThat(Files.readAllLines(dir.resolve(TrainingConfig.HISTORY))).hasSize(4);

    ModelBundle bundle = ModelBundle.read(result.bestBundle());
    assertThat(bundle.manifest().backend()).isEqualTo("dl4j");
    assertThat(bundle.manifest().training().bestValidationLoss()).isEqualTo(result.bestValidationLoss());
    assertThat(bundle.primers()).isNotEmpty();
    Batch probe = data.validationBatches().iterator().next();
    try (SequenceModel nativeWeights = bundle.load(new Dl4jProvider());
        SequenceModel portableWeights = bundle.load(renamed(new Dl4jProvider(), "another-backend"))) {
      float[][][] expected = nativeWeights.predict(probe);
      float[][][] actual = portableWeights.predict(probe);
      for (int b = 0; b < expected.length; b++) {
        for (int t = 0; t < expected[b].length; t++) {
          for (int v = 0; v < expected[b][t].length; v++) {
            assertThat((double) actual[b][t][v]).isCloseTo(expected[b][t][v], org.assertj.core.data.Offset.offset(1e-6));
          }
        }
      }
    }
    try (SequenceModel model = bundle.load(new Dl4jProvider())) {
      Score generated = Generation.generate(bundle, model, new GenerationRequest(400, 1.0, 5, Optional.empty()));
      Path midi = dir.resolve("generated.mid");
      new MidiWriter().write(generated, midi);
      assertThat(MidiReader.strict().read(midi).score().noteCount()).isPositive();
    }
  }

  @Test
  void aRunKilledMidEpochLeavesALoadableBestModel(@TempDir Path dir) throws Exception {
    TrainingListener killer = new TrainingListener() {
      @Override
      public void batchDone(int epoch, int batch, double loss, double stepsPerSecond) {
        if (epoch == 2 && batch == 3) {
          throw new IllegalStateException("killed");
        }
      }
    };
    assertThatThrownBy(() -> new Trainer(config(dir, 5).build(), List.of(killer)).train(new Dl4jProvider(), spec, data,
        corpus.encoding().spec())).hasMessage("killed");
    ModelBundle best = ModelBundle.read(dir.resolve(TrainingConfig.BEST));
    assertThat(best.manifest().training().epochs()).isEqualTo(1);
    try (SequenceModel model = best.load(new Dl4jProvider())) {
      assertThat(model.evaluateBatch(data.validationBatches().iterator().next())).isFinite();
    }
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".csv") && !n.endsWith(".json")))
          .containsExactly(TrainingConfig.BEST); // the best model only: no second model, no temporary files
    }
  }

  @Test
  void resumingContinuesFromTheLastEpoch(@TempDir Path dir) throws Exception {
    TrainingResult first = new Trainer(config(dir, 2).build(), List.of()).train(new Dl4jProvider(), spec, data, corpus.encoding().spec());
    TrainingResult resumed = new Trainer(config(dir, 3).resume(true).build(), List.of()).train(new Dl4jProvider(), spec, data,
        corpus.encoding().spec());
    assertThat(resumed.history()).hasSize(3).startsWith(first.history().toArray(EpochResult[]::new));
    assertThat(resumed.history().get(2).epoch()).isEqualTo(3);
  }

  @Test
  void aNanLossRollsBackHalvesTheLearningRateAndRunsTheEpochAgain(@TempDir Path dir) throws Exception {
    long secondBatchOfEpochTwo = data.trainBatchCount() + 2;
    SequenceModelProvider poisoned = scripted(batch -> batch == secondBatchOfEpochTwo ? Double.NaN : -1, epoch -> -1);
    List<String> recoveries = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void recoveredFromNaN(int epoch, int batch, double learningRate, int left) {
        recoveries.add(epoch + "/" + batch + "/" + learningRate + "/" + left);
      }
    };
    TrainingResult result = new Trainer(config(dir, 3).build(), List.of(listener)).train(poisoned, spec, data, corpus.encoding().spec());
    assertThat(result.status()).isEqualTo(TrainingResult.Status.COMPLETED);
    assertThat(recoveries).containsExactly("2/2/0.005/2");
    assertThat(result.history()).extracting(EpochResult::epoch).containsExactly(1, 2, 3);
    assertThat(result.history()).extracting(EpochResult::learningRate).containsExactly(0.01, 0.005, 0.005);
    assertThat(result.history()).allSatisfy(e -> assertThat(e.validationLoss()).isFinite());
  }

  @Test
  void aLossThatStaysNanStopsAfterTheRecoveriesAndKeepsTheBestModel(@TempDir Path dir) throws Exception {
    long firstBatchOfEpochTwo = data.trainBatchCount() + 1;
    SequenceModelProvider poisoned = scripted(batch -> batch >= firstBatchOfEpochTwo ? Double.NaN : -1, epoch -> -1);
    TrainingResult result = new Trainer(config(dir, 5).nanRecoveries(2).build(), List.of()).train(poisoned, spec, data,
        corpus.encoding().spec());
    assertThat(result.status()).isEqualTo(TrainingResult.Status.NOT_A_NUMBER);
    assertThat(result.message()).contains("the loss became NaN or infinite in epoch 2, batch 1, after 2 recoveries")
        .contains("the best model (epoch 1");
    assertThat(ModelBundle.read(result.bestBundle()).manifest().training().epochs()).isEqualTo(1);
  }

  @Test
  void aNewRunNeverReplacesAnEarlierOneUnlessAskedTo(@TempDir Path dir) throws Exception {
    new Trainer(config(dir, 1).build(), List.of()).train(new Dl4jProvider(), spec, data, corpus.encoding().spec());
    byte[] model = Files.readAllBytes(dir.resolve(TrainingConfig.BEST));
    byte[] history = Files.readAllBytes(dir.resolve(TrainingConfig.HISTORY));
    assertThatThrownBy(() -> new Trainer(config(dir, 1).build(), List.of()).train(new Dl4jProvider(), spec, data, corpus.encoding().spec()))
        .isInstanceOf(ExistingRunException.class).hasMessageContaining("1 epochs; its best model, of epoch 1");
    assertThat(Files.readAllBytes(dir.resolve(TrainingConfig.BEST))).isEqualTo(model);
    assertThat(Files.readAllBytes(dir.resolve(TrainingConfig.HISTORY))).isEqualTo(history);
    TrainingResult replaced = new Trainer(config(dir, 1).overwrite(true).seed(4).build(), List.of())
        .train(new Dl4jProvider(), spec, data, corpus.encoding().spec());
    assertThat(replaced.history()).hasSize(1);
    assertThat(ModelBundle.read(dir.resolve(TrainingConfig.BEST)).manifest().training().seed()).isEqualTo(4);
  }

  @Test
  void plateausLowerTheLearningRateAndPatienceStopsEarly(@TempDir Path dir) throws Exception {
    SequenceModelProvider flat = scripted(batch -> -1, evaluation -> 1.0);
    TrainingResult result = new Trainer(config(dir, 10).patience(3).plateau(1, 0.5).build(), List.of())
        .train(flat, spec, data, corpus.encoding().spec());
    assertThat(result.status()).isEqualTo(TrainingResult.Status.EARLY_STOPPED);
    assertThat(result.history()).extracting(EpochResult::learningRate).containsExactly(0.01, 0.01, 0.005, 0.0025);
    assertThat(result.bestEpoch()).isEqualTo(1);
  }

  @Test
  void aCorruptOrForeignBundleIsAClearError(@TempDir Path dir) throws Exception {
    new Trainer(config(dir, 1).build(), List.of()).train(new Dl4jProvider(), spec, data, corpus.encoding().spec());
    Path best = dir.resolve(TrainingConfig.BEST);
    byte[] bytes = Files.readAllBytes(best);
    Path truncated = Files.write(dir.resolve("truncated.cadenza"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ModelBundle.read(truncated)).isInstanceOf(IOException.class).hasMessageContaining("truncated.cadenza");
    Path text = Files.writeString(dir.resolve("notes.cadenza"), "not a model");
    assertThatThrownBy(() -> ModelBundle.read(text)).hasMessageContaining("not a Cadenza model bundle");
    ModelBundle read = ModelBundle.read(best);
    byte[] weights = read.weights().clone();
    weights[weights.length / 2] ^= 0x55;
    Path tampered = dir.resolve("tampered.cadenza");
    new ModelBundle(read.manifest(), weights, read.portableWeights(), read.primers()).write(tampered);
    assertThatThrownBy(() -> ModelBundle.read(tampered)).hasMessageContaining("corrupt");
    Path future = dir.resolve("future.cadenza");
    new ModelBundle(new dev.cadenza.bundle.BundleManifest(99, "9.0", "dl4j", read.manifest().architecture(),
        read.manifest().tokenizer(), read.manifest().training(), read.manifest().weightsSha256(),
        read.manifest().portableWeightsSha256()), read.weights(), read.portableWeights(), List.of()).write(future);
    assertThatThrownBy(() -> ModelBundle.read(future)).hasMessageContaining("bundle format 99");
  }

  /** The DL4J backend under another name, so a bundle takes its portable weights. */
  private static SequenceModelProvider renamed(Dl4jProvider real, String name) {
    return new StandIn(name, real::create, null);
  }

  /**
   * The DL4J backend with scripted losses: {@code trainLoss} of the batch count over all the models it makes (a
   * negative value keeps the real loss), {@code validationLoss} of the call count (likewise).
   */
  private static SequenceModelProvider scripted(IntToDoubleFunction trainLoss, IntToDoubleFunction validationLoss) {
    Dl4jProvider real = new Dl4jProvider();
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger evaluations = new AtomicInteger();
    return new StandIn(real.name(), architecture -> new Scripted(real.create(architecture),
        () -> trainLoss.applyAsDouble(batches.incrementAndGet()), () -> validationLoss.applyAsDouble(evaluations.incrementAndGet())), real);
  }

  /**
   * A provider for tests: a name, how it creates models, and the provider that loads its weights (none: loading
   * is a test failure).
   *
   * @param name the backend name
   * @param creator makes a model
   * @param loader loads saved weights, or null
   */
  private record StandIn(String name, Function<ArchitectureSpec, SequenceModel> creator, SequenceModelProvider loader)
      implements SequenceModelProvider {
    @Override
    public int priority() {
      return 0;
    }

    @Override
    public String engine() {
      return "a stand-in";
    }

    @Override
    public Capability availability() {
      return Capability.yes();
    }

    @Override
    public Capability supports(ArchitectureSpec architecture) {
      return Capability.yes();
    }

    @Override
    public SequenceModel create(ArchitectureSpec architecture) {
      return creator.apply(architecture);
    }

    @Override
    public SequenceModel load(Path weights, ArchitectureSpec architecture) throws IOException {
      if (loader == null) {
        throw new IOException("a bundle from another backend must not hand this backend foreign weights");
      }
      return loader.load(weights, architecture);
    }
  }

  /** A real model whose reported losses follow a script (a negative scripted value keeps the real loss). */
  private static final class Scripted implements SequenceModel {
    private final SequenceModel model;
    private final DoubleSupplier trainLoss;
    private final DoubleSupplier validationLoss;

    Scripted(SequenceModel model, DoubleSupplier trainLoss, DoubleSupplier validationLoss) {
      this.model = model;
      this.trainLoss = trainLoss;
      this.validationLoss = validationLoss;
    }

    @Override
    public double trainBatch(Batch batch) {
      double real = model.trainBatch(batch);
      double scripted = trainLoss.getAsDouble();
      return scripted < 0 ? real : scripted;
    }

    @Override
    public double evaluateBatch(Batch batch) {
      double real = model.evaluateBatch(batch);
      double scripted = validationLoss.getAsDouble();
      return scripted < 0 ? real : scripted;
    }

    @Override
    public ArchitectureSpec spec() {
      return model.spec();
    }

    @Override
    public void configureTraining(TrainingSettings settings) {
      model.configureTraining(settings);
    }

    @Override
    public float[][][] predict(Batch batch) {
      return model.predict(batch);
    }

    @Override
    public GenerationSession openSession(int batchSize) {
      return model.openSession(batchSize);
    }

    @Override
    public void save(Path file) throws IOException {
      model.save(file);
    }

    @Override
    public NamedTensors exportWeights() {
      return model.exportWeights();
    }

    @Override
    public void importWeights(NamedTensors weights) {
      model.importWeights(weights);
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
