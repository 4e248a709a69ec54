package dev.cadenza.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.testing.SessionEquivalence;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ND4J's sessions and the plain-Java ones that {@code openSession} gives on a CPU compute the same model. */
class Dl4jSessionEquivalenceTest {
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(ArchitectureSpec.lstmTokens(12, 8, 16, 2, 0.0, 1), 1),
        Arguments.of(ArchitectureSpec.lstmTokens(12, 8, 16, 2, 0.0, 2).withBatchNorm(true), 3),
        Arguments.of(ArchitectureSpec.lstmFrames(7, 16, 2, 0.0, 3), 16));
  }

  @ParameterizedTest
  @MethodSource("models")
  void nd4jAndPlainJavaSessionsPredictTheSame(ArchitectureSpec spec, int streams) {
    try (Dl4jSequenceModel model = (Dl4jSequenceModel) new Dl4jProvider().create(spec);
        GenerationSession engine = model.engineSession(streams);
        GenerationSession jvm = model.openSession(streams)) {
      assertThat(jvm.getClass().getPackageName()).isEqualTo("dev.cadenza.model.jvm");
      SessionEquivalence.assertSameOutputs(spec, engine, jvm, 20, 1e-4, spec.seed());
    }
  }
}
