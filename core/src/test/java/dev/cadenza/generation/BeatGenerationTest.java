package dev.cadenza.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Logits;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Generation with a beat model's conditions (style, tempo), levels sampled, and loops without a seam. */
class BeatGenerationTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  private static final Provenance PROVENANCE = new Provenance("fingerprint", 6, 2, 1, 0.1, 1, "2026-12-01T00:00:00Z",
      Map.of(), REFERENCE.engine(), 2);
  private static final FrameEncoding BEATS = Tokenizers.frames("drum-grid",
      TokenizerConfig.of("velocity", "true", "styles", "rock,funk", "positions", "true", "tempo", "true"));

  @Test
  void piecesKeepTheTempoAskedForAndLoopsLastExactlyTheirBars() throws IOException {
    try (SequenceModel model = REFERENCE.create(ArchitectureSpec.lstmFrames(BEATS.frameSize(), 16, 1, 0.0, 7))) {
      ModelBundle bundle = ModelBundle.of(model, "reference", BEATS.spec(), PROVENANCE, List.of());
      for (int seed = 0; seed < 4; seed++) {
        GenerationRequest request = GenerationRequest.builder().loop(2).style("funk").bpm(100).seed(seed).build();
        for (Score loop : Generation.generate(bundle, model, request, 2)) {
          assertThat(loop.tempoMap().tempos()).hasSize(1);
          assertThat(loop.tempoMap().tempoAt(0).bpm()).isCloseTo(100, within(1e-3));
          assertThat(loop.endTick()).as("two bars to the tick").isEqualTo(2L * 4 * loop.resolution());
          assertThat(loop.durationSeconds()).isCloseTo(4.8, within(1e-3));
          assertThat(loop.tracks()).allMatch(Track::isDrum);
          assertThat(loop.tracks().get(0).notes()).allMatch(n -> n.startTick() % (loop.resolution() / 4) == 0);
        }
        Score untempoed = Generation.generate(bundle, model, GenerationRequest.builder().bars(2).seed(seed).build());
        assertThat(untempoed.tempoMap().tempoAt(0).bpm()).as("neither request nor primer sets a tempo").isCloseTo(120, within(1e-3));
      }
      assertThatThrownBy(() -> Generation.generate(bundle, model, GenerationRequest.builder().bars(2).style("polka").build()))
          .hasMessageContaining("no style 'polka'");
    }
  }

  @Test
  void tokenModelsRefuseStylesAndTempos() throws IOException {
    try (SequenceModel model = REFERENCE.create(TinyCorpus.lstm(1))) {
      ModelBundle bundle = ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), PROVENANCE, List.of());
      assertThatThrownBy(() -> Generation.generate(bundle, model, GenerationRequest.builder().tokens(4).bpm(90).build()))
          .hasMessageContaining("token model");
    }
  }

  @Test
  void aLoopCutsWhatRunsOverAndHoldsTheLastNoteToItsEnd() {
    Score piece = Score.of(TempoMap.constant(480, 120), List.of(Track.of("", 0, 9,
        List.of(new Note(36, 100, 0, 120), new Note(38, 100, 1800, 120), new Note(42, 100, 1920, 120)))));
    Score loop = Length.loop(1).fitted(piece);
    assertThat(loop.noteCount()).isEqualTo(2);
    assertThat(loop.endTick()).isEqualTo(1920);
    assertThat(loop.tracks().get(0).notes().get(1)).isEqualTo(new Note(38, 100, 1800, 120));
    Score shortLoop = Length.loop(2).fitted(piece);
    assertThat(shortLoop.endTick()).as("held to two bars").isEqualTo(3840);
    assertThat(Length.bars(1).fitted(piece)).isSameAs(piece);
    assertThatThrownBy(() -> Length.loop(0)).hasMessageContaining("at least 1 bar");
  }

  @Test
  void levelsAreDrawnNearThePredictedLevelAndCountNotAsNotes() {
    float[] scores = {2f, -1f, 0.5f, 3f};
    boolean[] levels = {false, true, true, false};
    float[] exact = new Sampler(0).sampleFrame(scores, null, levels, 0, new Random(1));
    assertThat(exact[1]).isCloseTo((float) Logits.sigmoid(-1.0), within(1e-6f));
    assertThat(exact[2]).isCloseTo((float) Logits.sigmoid(0.5), within(1e-6f));
    assertThat(exact[0]).isEqualTo(1f);
    Random random = new Random(3);
    double sum = 0;
    int draws = 4000;
    for (int i = 0; i < draws; i++) {
      float[] frame = new Sampler(1).sampleFrame(scores, null, levels, 1, random);
      assertThat(frame[2]).isStrictlyBetween(0f, 1f);
      assertThat(frame[0] + frame[3]).as("at most one on/off value on; levels do not count").isLessThanOrEqualTo(1f);
      sum += Math.log(frame[2] / (1 - frame[2]));
    }
    assertThat(sum / draws).as("centred on the predicted logit").isCloseTo(0.5, within(0.1));
  }
}
