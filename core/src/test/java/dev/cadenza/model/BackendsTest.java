package dev.cadenza.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendsTest {
  /** A provider that builds nothing, for the choice rules. */
  record Fake(String name, int priority, boolean isAvailable) implements SequenceModelProvider {
    @Override
    public SequenceModel create(ArchitectureSpec spec) {
      throw new UnsupportedOperationException("a fake");
    }

    @Override
    public SequenceModel load(Path weights, ArchitectureSpec spec) {
      throw new UnsupportedOperationException("a fake");
    }
  }

  private static final Fake DL4J = new Fake("dl4j", 10, true);
  private static final Fake DJL = new Fake("djl", 20, true);
  private static final Fake BROKEN = new Fake("cuda", 30, false);

  @Test
  void theChoiceGoesCodeThenPropertyThenEnvironmentThenPriority() {
    List<SequenceModelProvider> found = List.of(BROKEN, DJL, DL4J);
    assertThat(Backends.choose(found, Optional.of("dl4j"), "djl", "djl")).isEqualTo(DL4J);
    assertThat(Backends.choose(found, Optional.empty(), "dl4j", "djl")).isEqualTo(DL4J);
    assertThat(Backends.choose(found, Optional.empty(), null, "DL4J")).isEqualTo(DL4J);
    assertThat(Backends.choose(found, Optional.empty(), "", " ")).isEqualTo(DJL);
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> Backends.choose(List.of(), Optional.empty(), null, null))
        .hasMessageContaining("dev.cadenza:cadenza-backend-dl4j").hasMessageContaining("dev.cadenza:cadenza-backend-djl");
    assertThatThrownBy(() -> Backends.choose(List.of(DJL, DL4J), Optional.of("tensorflow"), null, null))
        .hasMessageContaining("no backend named 'tensorflow'").hasMessageContaining("[djl, dl4j]");
    assertThatThrownBy(() -> Backends.choose(List.of(BROKEN, DJL), Optional.of("cuda"), null, null))
        .hasMessageContaining("cannot run here");
  }

  @Test
  void coreAloneHasNoBackend() {
    assertThat(Backends.all()).isEmpty();
    assertThat(Backends.available()).isEmpty();
  }
}
