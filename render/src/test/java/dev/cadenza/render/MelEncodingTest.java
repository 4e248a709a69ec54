package dev.cadenza.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.DrumGridEncoding;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mel route end to end: MIDI to audio to mel frames and back to drum hits. */
class MelEncodingTest {
  private static final int STEP = 120; // a sixteenth at 480 ticks per quarter

  /** Two bars of a rock beat at 120 bpm: kick on 1 and 3, snare on 2 and 4, closed hi-hat on every eighth. */
  private static Score rockBeat() {
    List<Note> notes = new ArrayList<>();
    for (int bar = 0; bar < 2; bar++) {
      int start = bar * 16 * STEP;
      for (int eighth = 0; eighth < 8; eighth++) {
        notes.add(new Note(42, 80, start + eighth * 2 * STEP, STEP));
      }
      notes.add(new Note(36, 110, start, STEP));
      notes.add(new Note(36, 110, start + 8 * STEP, STEP));
      notes.add(new Note(38, 110, start + 4 * STEP, STEP));
      notes.add(new Note(38, 110, start + 12 * STEP, STEP));
    }
    return Score.of(TempoMap.constant(480, 120), List.of(Track.of("drums", 0, Track.DRUM_CHANNEL, notes)));
  }

  /** The hits of a score as (kit piece, position in sixteenths). */
  private static List<double[]> hits(Score score) {
    List<double[]> hits = new ArrayList<>();
    for (Note n : score.tracks().isEmpty() ? List.<Note>of() : score.tracks().get(0).notes()) {
      hits.add(new double[] {DrumGridEncoding.kitPiece(n.pitch()), n.startTick() / (double) STEP});
    }
    return hits;
  }

  private static long matched(List<double[]> these, List<double[]> those) {
    return these.stream().filter(h -> those.stream().anyMatch(o -> o[0] == h[0] && Math.abs(o[1] - h[1]) < 1)).count();
  }

  @Test
  void aKickSnareHatPatternComesBackWithItsHitsWithinOneStep() {
    FrameEncoding mel = (FrameEncoding) Tokenizers.encoding("mel", TokenizerConfig.DEFAULTS);
    Score beat = rockBeat();
    float[][] frames = mel.encode(beat);
    assertThat(frames.length).isBetween(4 * 44_100 / 512, 6 * 44_100 / 512);
    assertThat(frames[0]).hasSize(128);
    for (float[] frame : frames) {
      for (float level : frame) {
        assertThat(level).isBetween(0f, 1f);
      }
    }
    List<double[]> played = hits(beat);
    List<double[]> heard = hits(mel.decode(frames));
    assertThat(matched(heard, played)).as("every hit heard was played, within a step").isEqualTo(heard.size());
    assertThat(matched(played, heard)).as("hits heard of %d played", played.size()).isGreaterThanOrEqualTo(played.size() * 85 / 100);
    List<double[]> kicksAndSnares = played.stream().filter(h -> h[0] <= 1).toList();
    assertThat(matched(kicksAndSnares, heard)).as("every kick and snare").isEqualTo(kicksAndSnares.size());
  }

  @Test
  void everyValueIsALevelAndOnlyAShiftOfNothingTransposes() {
    FrameEncoding mel = (FrameEncoding) Tokenizers.encoding("mel", TokenizerConfig.of("melBands", "32", "hopLength", "256"));
    assertThat(mel.frameSize()).isEqualTo(32);
    assertThat(mel.isLevel(0)).isTrue();
    assertThat(mel.isCondition(0)).isFalse();
    float[][] frames = {new float[32], new float[32]};
    frames[1][3] = 0.5f;
    assertThat(mel.transpose(frames, 0, 2, 2)).isEmpty();
    assertThat(mel.transpose(frames, 1, 2, 0).orElseThrow()[0]).containsExactly(frames[1]);
    assertThat(mel.describe(frames[1])).startsWith("loudest ");
    assertThat(mel.encode(Score.of(TempoMap.constant(480, 120), List.of()))).isEmpty();
  }
}
