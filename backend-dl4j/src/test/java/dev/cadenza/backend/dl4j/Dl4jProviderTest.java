package dev.cadenza.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.model.ArchitectureSpec;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/** The provider's answers on this machine, whose natives the build put on the class path. */
class Dl4jProviderTest {
  @Test
  void itRunsHereWithThisPlatformsNatives() {
    assertThat(new Dl4jProvider().availability().possible()).as(new Dl4jProvider().availability().reason()).isTrue();
    assertThat(Dl4jProvider.class.getClassLoader()
        .getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + Loader.getPlatform() + "/")).isNotNull();
  }

  @Test
  void itBuildsLstmsAndSaysWhyNotTransformers() {
    Dl4jProvider provider = new Dl4jProvider();
    assertThat(provider.supports(ArchitectureSpec.lstmTokens(12, 8, 16, 1, 0, 1)).possible()).isTrue();
    assertThat(provider.supports(ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 12, 16, 1, 2, 32, 16, 0, 1))
        .reason()).contains("LSTM");
  }
}
