package dev.cadenza.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendsTest {
  /** A provider that builds nothing, for the choice rules: it runs here unless given a reason, LSTMs only if told. */
  record Fake(String name, int priority, String cannotRun, boolean lstmOnly) implements SequenceModelProvider {
    @Override
    public String engine() {
      return "none";
    }

    @Override
    public Capability availability() {
      return cannotRun.isEmpty() ? Capability.yes() : Capability.no(cannotRun);
    }

    @Override
    public Capability supports(ArchitectureSpec spec) {
      return lstmOnly && spec.isTransformer() ? Capability.no("it builds LSTMs only") : Capability.yes();
    }

    @Override
    public SequenceModel create(ArchitectureSpec spec) {
      throw new UnsupportedOperationException("a fake");
    }

    @Override
    public SequenceModel load(Path weights, ArchitectureSpec spec) {
      throw new UnsupportedOperationException("a fake");
    }
  }

  private static final Fake DL4J = new Fake("dl4j", 10, "", true);
  private static final Fake DJL = new Fake("djl", 20, "", false);
  private static final Fake BROKEN = new Fake("cuda", 30, "no GPU here", false);
  private static final ArchitectureSpec LSTM = ArchitectureSpec.lstmTokens(12, 8, 16, 1, 0, 1);
  private static final ArchitectureSpec TRANSFORMER =
      ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 12, 16, 1, 2, 32, 16, 0, 1);

  private static SequenceModelProvider choose(List<SequenceModelProvider> found, Optional<String> named, String property,
      String environment) {
    return Backends.choose(found, named, property, environment, Optional.empty());
  }

  @Test
  void theChoiceGoesCodeThenPropertyThenEnvironmentThenPriority() {
    List<SequenceModelProvider> found = List.of(BROKEN, DJL, DL4J);
    assertThat(choose(found, Optional.of("dl4j"), "djl", "djl")).isEqualTo(DL4J);
    assertThat(choose(found, Optional.empty(), "dl4j", "djl")).isEqualTo(DL4J);
    assertThat(choose(found, Optional.empty(), null, "DL4J")).isEqualTo(DL4J);
    assertThat(choose(found, Optional.empty(), "", " ")).isEqualTo(DJL);
  }

  @Test
  void backendsThatCannotBuildTheModelArePassedOver() {
    Fake preferred = new Fake("dl4j", 25, "", true); // highest priority among those that run, LSTMs only
    List<SequenceModelProvider> found = List.of(BROKEN, preferred, DJL);
    assertThat(Backends.choose(found, Optional.empty(), null, null, Optional.of(TRANSFORMER))).isEqualTo(DJL);
    assertThat(Backends.choose(found, Optional.empty(), null, null, Optional.of(LSTM))).isEqualTo(preferred);
    assertThatThrownBy(() -> Backends.choose(List.of(BROKEN, DL4J), Optional.empty(), null, null, Optional.of(TRANSFORMER)))
        .hasMessage("no backend found can build this model here (cuda: cannot run here: no GPU here; dl4j: it builds LSTMs only)");
    assertThatThrownBy(() -> Backends.choose(List.of(DJL, DL4J), Optional.of("dl4j"), null, null, Optional.of(TRANSFORMER)))
        .hasMessage("backend 'dl4j' cannot build this model: it builds LSTMs only");
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> choose(List.of(), Optional.empty(), null, null))
        .hasMessageContaining("dev.cadenza:cadenza-backend-dl4j").hasMessageContaining("dev.cadenza:cadenza-backend-djl");
    assertThatThrownBy(() -> choose(List.of(DJL, DL4J), Optional.of("tensorflow"), null, null))
        .hasMessageContaining("no backend named 'tensorflow'").hasMessageContaining("[djl, dl4j]");
    assertThatThrownBy(() -> choose(List.of(BROKEN, DJL), Optional.of("cuda"), null, null))
        .hasMessage("backend 'cuda' is on the class path but cannot run here: no GPU here");
    assertThatThrownBy(() -> choose(List.of(BROKEN), Optional.empty(), null, null))
        .hasMessage("no backend found can run here (cuda: cannot run here: no GPU here)");
    assertThatThrownBy(() -> Capability.no("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProviderThatThrowsCountsAsOneThatCannot() {
    SequenceModelProvider rude = new SequenceModelProvider() {
      @Override
      public String name() {
        return "rude";
      }

      @Override
      public int priority() {
        return 40;
      }

      @Override
      public String engine() {
        return "none";
      }

      @Override
      public Capability availability() {
        throw new IllegalStateException("surprise");
      }

      @Override
      public Capability supports(ArchitectureSpec spec) {
        throw new IllegalStateException("surprise");
      }

      @Override
      public SequenceModel create(ArchitectureSpec spec) {
        throw new UnsupportedOperationException();
      }

      @Override
      public SequenceModel load(Path weights, ArchitectureSpec spec) {
        throw new UnsupportedOperationException();
      }
    };
    assertThat(Backends.availability(rude).reason()).contains("surprise");
    assertThat(Backends.supports(rude, LSTM).possible()).isFalse();
    assertThat(Backends.choose(List.of(rude, DJL), Optional.empty(), null, null, Optional.of(LSTM))).isEqualTo(DJL);
  }

  @Test
  void coreAloneHasNoBackendAndLooksOnce() {
    assertThat(Backends.all()).isEmpty();
    assertThat(Backends.all()).isSameAs(Backends.all());
    assertThat(Backends.available()).isEmpty();
  }
}
