package dev.cadenza.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The provider's answers on this machine, whose libtorch the build put on the class path. */
class DjlProviderTest {
  @Test
  void itRunsHereWithThisPlatformsLibtorch() {
    assertThat(new DjlProvider().availability().possible()).as(new DjlProvider().availability().reason()).isTrue();
    assertThat(DjlProvider.platform()).matches("(linux|osx|win)-(x86_64|aarch64)");
  }
}
