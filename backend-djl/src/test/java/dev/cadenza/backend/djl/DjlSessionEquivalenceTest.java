package dev.cadenza.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.testing.SessionEquivalence;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libtorch's sessions and the plain-Java ones that {@code openSession} gives on a CPU at small batches compute the
 * same model: both families, tokens and frames, past a Transformer's context, at batch 1 and 3; and above
 * {@link DjlModel#JVM_SESSION_MAX_BATCH} streams the session is libtorch's.
 */
class DjlSessionEquivalenceTest {
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(ArchitectureSpec.lstmTokens(12, 8, 16, 2, 0.0, 1), 1),
        Arguments.of(ArchitectureSpec.lstmTokens(12, 8, 16, 2, 0.0, 2).withBatchNorm(true), 3),
        Arguments.of(ArchitectureSpec.lstmFrames(7, 16, 2, 0.0, 3), 3),
        Arguments.of(ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 12, 16, 2, 2, 32, 8, 0.0, 4), 1),
        Arguments.of(ArchitectureSpec.transformer(ArchitectureSpec.InputKind.FRAMES, 7, 16, 2, 4, 24, 6, 0.0, 5), 3));
  }

  @ParameterizedTest
  @MethodSource("models")
  void libtorchAndPlainJavaSessionsPredictTheSame(ArchitectureSpec spec, int streams) {
    try (DjlModel model = DjlModels.create(spec);
        GenerationSession engine = model.engineSession(streams);
        GenerationSession jvm = model.openSession(streams)) {
      assertThat(jvm.getClass().getPackageName()).isEqualTo("dev.cadenza.model.jvm");
      SessionEquivalence.assertSameOutputs(spec, engine, jvm, 3 * spec.context() / 2 + 20, 1e-4, spec.seed());
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aLargeBatchRunsOnLibtorch(ArchitectureSpec spec, int streams) {
    try (DjlModel model = DjlModels.create(spec); GenerationSession session = model.openSession(DjlModel.JVM_SESSION_MAX_BATCH + streams)) {
      assertThat(session.getClass().getPackageName()).isEqualTo(DjlModel.class.getPackageName());
    }
  }
}
