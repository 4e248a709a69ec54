package dev.cadenza.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The beat model's drum grid: velocity levels, style, clock and tempo conditions, and how generation steps them. */
class DrumGridConditionsTest {
  private static final FrameEncoding BEATS = Tokenizers.frames("drum-grid",
      TokenizerConfig.of("velocity", "true", "styles", "Rock,funk", "positions", "true", "tempo", "true"));

  private static Score beat(double bpm) {
    return Score.of(TempoMap.constant(480, bpm), List.of(Track.of("", 0, Track.DRUM_CHANNEL,
        List.of(new Note(36, 100, 0, 120), new Note(42, 64, 0, 120), new Note(38, 127, 480, 120), new Note(42, 50, 1920, 120)))));
  }

  @Test
  void theFrameHoldsHitsVelocitiesStylesClockAndTempo() {
    assertThat(BEATS.frameSize()).isEqualTo(9 + 9 + 2 + 16 + 1);
    assertThat(BEATS.styles()).containsExactly("rock", "funk");
    assertThat(BEATS.hasTempo()).isTrue();
    for (int k = 0; k < BEATS.frameSize(); k++) {
      assertThat(BEATS.isLevel(k)).as("value %d", k).isEqualTo(k >= 9 && k < 18 || k == 36);
      assertThat(BEATS.isCondition(k)).as("value %d", k).isEqualTo(k >= 18);
    }
    float[][] frames = BEATS.encode(beat(90));
    assertThat(frames).hasNumberOfRows(17);
    assertThat(frames[0][0]).isEqualTo(1f);
    assertThat(frames[0][9]).isEqualTo(100 / 127f);
    assertThat(frames[0][11]).isEqualTo(64 / 127f);
    assertThat(frames[4][10]).isEqualTo(1f);
    for (int s = 0; s < frames.length; s++) {
      assertThat(frames[s][20 + s % 16]).as("the clock at step %d", s).isEqualTo(1f);
      assertThat(frames[s][36]).isCloseTo((float) ((90 - 30) / 270.0), org.assertj.core.api.Assertions.within(1e-6f));
    }
    assertThat(BEATS.describe(frames[16])).isEqualTo("closed-hat [step 1] [90.0 bpm]");
    Score decoded = BEATS.decode(frames);
    assertThat(decoded.tempoMap().tempoAt(0).bpm()).isCloseTo(90.0, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(decoded).isEqualTo(BEATS.quantize(beat(90)));
  }

  @Test
  void conditionsAreSetAndStyleNamesChecked() {
    float[] frame = BEATS.conditioned(new float[BEATS.frameSize()], Optional.of("FUNK"), OptionalDouble.of(300));
    assertThat(frame[18]).isZero();
    assertThat(frame[19]).isEqualTo(1f);
    assertThat(frame[36]).isEqualTo(1f);
    assertThat(BEATS.conditioned(frame, Optional.of("rock"), OptionalDouble.empty())[18]).isEqualTo(1f);
    assertThat(BEATS.conditioned(frame, Optional.of("rock"), OptionalDouble.empty())[19]).isZero();
    assertThatThrownBy(() -> BEATS.conditioned(frame, Optional.of("polka"), OptionalDouble.empty()))
        .hasMessageContaining("no style 'polka'").hasMessageContaining("rock, funk");
    FrameEncoding plain = Tokenizers.frames("drum-grid", TokenizerConfig.DEFAULTS);
    assertThatThrownBy(() -> plain.conditioned(new float[9], Optional.empty(), OptionalDouble.of(100))).hasMessageContaining("no tempo");
    assertThatThrownBy(() -> plain.conditioned(new float[9], Optional.of("rock"), OptionalDouble.empty())).hasMessageContaining("no styles");
    assertThatThrownBy(() -> Tokenizers.frames("drum-grid", TokenizerConfig.of("styles", "rock,rock"))).hasMessageContaining("twice");
  }

  @Test
  void generationStepsTheClockAndHoldsStyleAndTempo() {
    float[] start = BEATS.conditioned(BEATS.silence(), Optional.of("rock"), OptionalDouble.of(120));
    assertThat(start[20 + 15]).as("silence stands just before a bar").isEqualTo(1f);
    float[] previous = start;
    for (int step = 0; step < 40; step++) {
      float[] drawn = new float[BEATS.frameSize()];
      drawn[0] = 1f;
      drawn[19] = 1f; // the model drew funk, and a clock at step 5, and a tempo: all overruled
      drawn[25] = 1f;
      drawn[36] = 0.9f;
      float[] next = BEATS.following(previous, drawn);
      assertThat(next[0]).isEqualTo(1f);
      assertThat(next[18]).isEqualTo(1f);
      assertThat(next[19]).isZero();
      for (int p = 0; p < 16; p++) {
        assertThat(next[20 + p]).as("step %d, clock %d", step, p).isEqualTo(p == step % 16 ? 1f : 0f);
      }
      assertThat(next[36]).isEqualTo(start[36]);
      previous = next;
    }
    float[] unstyled = BEATS.silence();
    float[] drawn = new float[BEATS.frameSize()];
    drawn[19] = 0.7f;
    float[] chosen = BEATS.following(unstyled, drawn);
    assertThat(chosen[19]).as("no style asked: the model's choice, held from then on").isEqualTo(1f);
    assertThat(BEATS.following(chosen, new float[BEATS.frameSize()])[19]).isEqualTo(1f);
  }
}
