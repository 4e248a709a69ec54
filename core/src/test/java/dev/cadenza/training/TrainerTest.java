package dev.cadenza.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Capability;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on the reference backend: checkpoints, history, same seed same model, resume, NaN recovery. */
class TrainerTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();

  private static TrainingConfig.Builder config(Path dir, int epochs) {
    return TrainingConfig.builder().epochs(epochs).learningRate(0.01).checkpointDirectory(dir).seed(3);
  }

  private static TrainingResult train(TrainingConfig config, SequenceModelProvider provider, List<TrainingListener> listeners)
      throws IOException {
    return new Trainer(config, listeners).train(provider, TinyCorpus.lstm(3), TinyCorpus.dataset(3),
        TinyCorpus.PERFORMANCE.spec());
  }

  @Test
  void aRunKeepsItsBestModelStateAndHistoryAndTheModelLoads(@TempDir Path dir) throws IOException {
    List<EpochResult> told = new ArrayList<>();
    TrainingResult result = train(config(dir, 3).build(), REFERENCE, List.of(new TrainingListener() {
      @Override
      public void epochDone(EpochResult epoch) {
        told.add(epoch);
      }
    }));
    assertThat(result.status()).isEqualTo(TrainingResult.Status.COMPLETED);
    assertThat(result.history()).hasSize(3).isEqualTo(told);
    assertThat(result.history().get(2).trainLoss()).isLessThan(result.history().get(0).trainLoss());
    assertThat(Files.readAllLines(dir.resolve(TrainingConfig.HISTORY))).hasSize(4);
    assertThat(dir.resolve(TrainingConfig.STATE)).exists();

    ModelBundle bundle = ModelBundle.read(result.bestBundle());
    assertThat(bundle.manifest().backend()).isEqualTo("reference");
    assertThat(bundle.manifest().training().epochs()).isEqualTo(result.bestEpoch());
    assertThat(bundle.primers()).isNotEmpty();
    try (SequenceModel model = bundle.load(REFERENCE)) {
      double validation = 0;
      long windows = 0;
      for (Batch batch : TinyCorpus.dataset(3).validationBatches()) {
        validation += model.evaluateBatch(batch) * batch.size();
        windows += batch.size();
      }
      assertThat(validation / windows).as("the bundle holds the best epoch's model")
          .isCloseTo(result.bestValidationLoss(), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void theSameSeedGivesTheSameModelAndLosses(@TempDir Path dir) throws IOException {
    TrainingResult first = train(config(dir.resolve("a"), 2).build(), REFERENCE, List.of());
    TrainingResult second = train(config(dir.resolve("b"), 2).build(), REFERENCE, List.of());
    assertThat(second.history()).extracting(EpochResult::trainLoss, EpochResult::validationLoss)
        .isEqualTo(first.history().stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.trainLoss(), e.validationLoss())).toList());
    assertThat(ModelBundle.read(second.bestBundle()).portableWeights()).isEqualTo(ModelBundle.read(first.bestBundle()).portableWeights());
  }

  @Test
  void aNewRunNeverReplacesAnEarlierOneUnlessAsked(@TempDir Path dir) throws IOException {
    train(config(dir, 1).build(), REFERENCE, List.of());
    byte[] best = Files.readAllBytes(dir.resolve(TrainingConfig.BEST));
    byte[] history = Files.readAllBytes(dir.resolve(TrainingConfig.HISTORY));
    assertThatThrownBy(() -> train(config(dir, 2).build(), REFERENCE, List.of())).isInstanceOf(ExistingRunException.class);
    assertThat(Files.readAllBytes(dir.resolve(TrainingConfig.BEST))).isEqualTo(best);
    assertThat(Files.readAllBytes(dir.resolve(TrainingConfig.HISTORY))).isEqualTo(history);

    TrainingResult replaced = train(config(dir, 2).overwrite(true).build(), REFERENCE, List.of());
    assertThat(replaced.history()).hasSize(2);
  }

  @Test
  void resumingContinuesTheRunAndKeepsItsHistory(@TempDir Path dir) throws IOException {
    TrainingResult first = train(config(dir, 2).build(), REFERENCE, List.of());
    TrainingResult resumed = train(config(dir, 4).resume(true).build(), REFERENCE, List.of());
    assertThat(resumed.history()).hasSize(4);
    assertThat(resumed.history().subList(0, 2)).isEqualTo(first.history());
    assertThat(resumed.history().get(2).epoch()).isEqualTo(3);
    assertThat(Files.readAllLines(dir.resolve(TrainingConfig.HISTORY))).hasSize(5);
  }

  @Test
  void aNaNRollsBackHalvesTheLearningRateAndGoesOn(@TempDir Path dir) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    List<Double> recoveredAt = new ArrayList<>();
    TrainingResult result = train(config(dir, 2).build(), failing(step -> calls.incrementAndGet() == 3),
        List.of(new TrainingListener() {
          @Override
          public void recoveredFromNaN(int epoch, int batch, double learningRate, int recoveriesLeft) {
            recoveredAt.add(learningRate);
          }
        }));
    assertThat(result.status()).isEqualTo(TrainingResult.Status.COMPLETED);
    assertThat(recoveredAt).containsExactly(0.005);
    assertThat(result.history().get(0).learningRate()).isEqualTo(0.005);
    assertThat(result.history()).allMatch(e -> Double.isFinite(e.validationLoss()));
  }

  @Test
  void aLossThatStaysNaNStopsAfterTheAllowedRecoveries(@TempDir Path dir) throws IOException {
    AtomicInteger recoveries = new AtomicInteger();
    TrainingResult result = train(config(dir, 2).nanRecoveries(2).build(), failing(step -> true),
        List.of(new TrainingListener() {
          @Override
          public void recoveredFromNaN(int epoch, int batch, double learningRate, int recoveriesLeft) {
            recoveries.incrementAndGet();
          }
        }));
    assertThat(result.status()).isEqualTo(TrainingResult.Status.NOT_A_NUMBER);
    assertThat(recoveries).hasValue(2);
    assertThat(result.message()).contains("after 2 recoveries");
    assertThat(dir.resolve(TrainingConfig.BEST)).doesNotExist();
  }

  /** The reference backend, but trainBatch reports NaN (without training) on the calls the predicate picks. */
  private static SequenceModelProvider failing(IntPredicate fails) {
    AtomicInteger step = new AtomicInteger();
    return new SequenceModelProvider() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public int priority() {
        return 0;
      }

      @Override
      public String engine() {
        return REFERENCE.engine();
      }

      @Override
      public Capability availability() {
        return Capability.yes();
      }

      @Override
      public Capability supports(ArchitectureSpec spec) {
        return REFERENCE.supports(spec);
      }

      @Override
      public SequenceModel create(ArchitectureSpec spec) {
        return new Failing(REFERENCE.create(spec), () -> fails.test(step.incrementAndGet()));
      }

      @Override
      public SequenceModel load(Path weights, ArchitectureSpec spec) throws IOException {
        return new Failing(REFERENCE.load(weights, spec), () -> fails.test(step.incrementAndGet()));
      }
    };
  }

  /** A model whose training steps fail when told to. */
  private record Failing(SequenceModel inner, java.util.function.BooleanSupplier now) implements SequenceModel {
    @Override
    public double trainBatch(Batch batch) {
      return now.getAsBoolean() ? Double.NaN : inner.trainBatch(batch);
    }

    @Override
    public ArchitectureSpec spec() {
      return inner.spec();
    }

    @Override
    public void configureTraining(TrainingSettings settings) {
      inner.configureTraining(settings);
    }

    @Override
    public double evaluateBatch(Batch batch) {
      return inner.evaluateBatch(batch);
    }

    @Override
    public float[][][] predict(Batch batch) {
      return inner.predict(batch);
    }

    @Override
    public GenerationSession openSession(int batchSize) {
      return inner.openSession(batchSize);
    }

    @Override
    public void save(Path file) throws IOException {
      inner.save(file);
    }

    @Override
    public NamedTensors exportWeights() {
      return inner.exportWeights();
    }

    @Override
    public void importWeights(NamedTensors weights) {
      inner.importWeights(weights);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
