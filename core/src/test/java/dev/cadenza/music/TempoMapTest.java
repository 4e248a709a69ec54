package dev.cadenza.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TempoMapTest {

  @Test
  void normalizesToOneTempoPerTickStartingAtZeroWithoutRepeats() {
    TempoMap map = TempoMap.of(480, List.of(new Tempo(960, 400_000), new Tempo(480, 500_000),
        new Tempo(960, 600_000), new Tempo(1440, 600_000)));
    assertThat(map.tempos()).containsExactly(new Tempo(0, 500_000), new Tempo(960, 600_000));
    assertThat(map).isEqualTo(TempoMap.of(480, List.of(new Tempo(960, 600_000))));
  }

  @Test
  void convertsAcrossChanges() {
    TempoMap map = TempoMap.of(480, List.of(new Tempo(0, 500_000), new Tempo(960, 1_000_000)));
    assertThat(map.secondsAt(960)).isEqualTo(1.0);
    assertThat(map.secondsAt(1440)).isEqualTo(2.0);
    assertThat(map.tickAt(2.0)).isEqualTo(1440);
    assertThat(map.tempoAt(1000).bpm()).isEqualTo(60.0);
  }

  @Test
  void rejectsWhatNoFileCanHold() {
    assertThatThrownBy(() -> TempoMap.of(0, List.of())).hasMessageContaining("resolution");
    assertThatThrownBy(() -> new Tempo(0, 0)).hasMessageContaining("microseconds");
    assertThatThrownBy(() -> TempoMap.constant(480, 120).tickAt(-1)).hasMessageContaining("non-negative");
  }
}
