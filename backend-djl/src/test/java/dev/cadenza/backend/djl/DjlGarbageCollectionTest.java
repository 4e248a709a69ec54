package dev.cadenza.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.TrainingSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training steps stay finite while the garbage collector runs all the time and freed native memory is filled with
 * NaN: no tensor a step's backward pass reads lives in a Java buffer that a collection can free (DJL's operations
 * with a number once did, and a step after a collection read freed memory; see {@link DjlModel#owned}).
 */
class DjlGarbageCollectionTest {

  static Stream<ArchitectureSpec> specs() {
    return Stream.of(ArchitectureSpec.lstmTokens(40, 8, 32, 2, 0.3, 5),
        ArchitectureSpec.lstmFrames(12, 32, 2, 0.3, 5),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 40, 32, 2, 2, 64, 16, 0.3, 5),
        ArchitectureSpec.transformer(ArchitectureSpec.InputKind.FRAMES, 12, 32, 2, 2, 64, 16, 0.3, 5));
  }

  private static Batch batch(ArchitectureSpec spec, Random random) {
    if (spec.input() == ArchitectureSpec.InputKind.TOKENS) {
      return DjlNonFiniteStepTest.batch(random, spec.inputSize(), 16);
    }
    float[][][] inputs = new float[4][16][spec.inputSize()];
    float[][][] targets = new float[4][16][spec.inputSize()];
    for (int b = 0; b < 4; b++) {
      for (int t = 0; t < 16; t++) {
        for (int f = 0; f < spec.inputSize(); f++) {
          inputs[b][t][f] = random.nextInt(4) == 0 ? 1 : 0;
          targets[b][t][f] = random.nextInt(4) == 0 ? 1 : 0;
        }
      }
    }
    return new Batch.Frames(inputs, targets);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void stepsStayFiniteWhileTheCollectorFreesJavaBuffers(ArchitectureSpec spec) throws InterruptedException {
    Thread collector = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        List<ByteBuffer> litter = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
          ByteBuffer buffer = ByteBuffer.allocateDirect(4 + (i % 16) * 4);
          while (buffer.hasRemaining()) {
            buffer.put((byte) 0xFF); // NaN, in whatever freed memory malloc hands out again
          }
          litter.add(buffer);
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    Random random = new Random(11);
    try (DjlModel model = DjlModels.create(spec)) {
      model.configureTraining(new TrainingSettings(0.01, 1.0));
      for (int step = 0; step < 60; step++) {
        assertThat(model.trainBatch(batch(spec, random))).as("step %d", step).isFinite();
      }
    } finally {
      collector.interrupt();
      collector.join();
    }
  }
}
