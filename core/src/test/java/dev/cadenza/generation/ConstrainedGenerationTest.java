package dev.cadenza.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.Track;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreDiff;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Generation under the grammar and the constraints, on untrained reference models (whose random logits would break
 * every rule left to themselves): what comes out is in each tokenizer's own view, and keeps every constraint.
 */
class ConstrainedGenerationTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  private static final Provenance PROVENANCE = new Provenance("fingerprint", 6, 2, 1, 0.1, 1, "2026-12-01T00:00:00Z",
      Map.of(), REFERENCE.engine(), 2);

  /** Runs {@code check} on a generation from an untrained model of {@code encoding}. */
  private static void withModel(ScoreEncoding encoding, long seed, Consumer<Generator> check) {
    int size = encoding instanceof Tokenizer t ? t.vocabulary().size() : ((FrameEncoding) encoding).frameSize();
    ArchitectureSpec spec = encoding instanceof Tokenizer ? ArchitectureSpec.lstmTokens(size, 8, 16, 1, 0.0, seed)
        : ArchitectureSpec.lstmFrames(size, 16, 1, 0.0, seed);
    try (SequenceModel model = REFERENCE.create(spec)) {
      ModelBundle bundle = ModelBundle.of(model, "reference", encoding.spec(), PROVENANCE, List.of());
      check.accept(request -> Generation.generate(bundle, model, request));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A generation with a loaded model. */
  private interface Generator {
    Score generate(GenerationRequest request);
  }

  @Test
  void streamsFromNothingStayInTheTokenizersOwnView() {
    Tokenizer chords = Tokenizers.get("note-chord", TokenizerConfig.DEFAULTS)
        .withVocabulary(Vocabulary.of(List.of(Vocabulary.UNKNOWN, "C4", "E5", "0.4.7", "2.5.9")));
    for (Tokenizer tokenizer : List.of(Tokenizers.get("remi", TokenizerConfig.DEFAULTS), Tokenizers.get("performance",
        TokenizerConfig.DEFAULTS), chords)) {
      for (long seed = 0; seed < 3; seed++) {
        withModel(tokenizer, seed, generator -> {
          Score piece = generator.generate(GenerationRequest.builder().tokens(400).temperature(1.5).build());
          assertThat(piece.noteCount()).as(tokenizer.name()).isPositive();
          assertThat(ScoreDiff.first(tokenizer.quantize(piece), piece)).as("%s: a well-formed stream decodes to its own view",
              tokenizer.name()).isEmpty();
        });
      }
    }
  }

  @Test
  void instrumentsDrumsTemposAndMetresKeepToTheirConstraints() {
    Tokenizer remi = Tokenizers.get("remi", TokenizerConfig.DEFAULTS);
    for (long seed = 0; seed < 4; seed++) {
      withModel(remi, seed, generator -> {
        Score free = generator.generate(GenerationRequest.builder().tokens(600).temperature(1.5).build());
        assertThat(free.tracks()).as("left alone, an untrained remi model plays many instruments").hasSizeGreaterThan(2);
        Score kept = generator.generate(GenerationRequest.builder().tokens(600).temperature(1.5).programs(0, 40).drums(false)
            .tempo(80, 120).timeSignature("3/4").build());
        assertThat(kept.noteCount()).isPositive();
        assertThat(kept.tracks()).allMatch(t -> !t.isDrum() && Set.of(0, 40).contains(t.program()));
        assertThat(kept.tempoMap().tempos().stream().skip(1).mapToDouble(Tempo::bpm)).allMatch(bpm -> bpm >= 80 && bpm <= 120);
        assertThat(kept.timeSignatures()).allMatch(s -> s.numerator() == 3 && s.denominator() == 4);
        Score drums = generator.generate(GenerationRequest.builder().tokens(600).temperature(1.5).programs().build());
        assertThat(drums.tracks()).as("--programs drums alone").allMatch(Track::isDrum);
      });
    }
  }

  @Test
  void framesKeepToTheMaximumPolyphony() {
    FrameEncoding roll = Tokenizers.frames("piano-roll", TokenizerConfig.DEFAULTS);
    withModel(roll, 1, generator -> {
      Score free = generator.generate(GenerationRequest.builder().tokens(32).build());
      Score three = generator.generate(GenerationRequest.builder().tokens(32).maxPolyphony(3).build());
      assertThat(maxSounding(free)).as("an untrained model turns on about half the keys").isGreaterThan(10);
      assertThat(maxSounding(three)).isBetween(1, 3);
    });
  }

  private static int maxSounding(Score score) {
    List<Note> notes = score.tracks().stream().flatMap(t -> t.notes().stream()).toList();
    int most = 0;
    for (Note n : notes) {
      most = Math.max(most, (int) notes.stream().filter(m -> m.startTick() <= n.startTick() && m.endTick() > n.startTick()).count());
    }
    return most;
  }

  @Test
  void constraintsATokenizerCannotExpressAreRefused() {
    withModel(Tokenizers.get("performance", TokenizerConfig.DEFAULTS), 1, generator -> {
      assertThatThrownBy(() -> generator.generate(GenerationRequest.builder().programs(0).build()))
          .hasMessageContaining("(performance) has no instruments");
      assertThatThrownBy(() -> generator.generate(GenerationRequest.builder().tempo(60, 90).build()))
          .hasMessageContaining("(performance) has no tempo changes");
      assertThatThrownBy(() -> generator.generate(GenerationRequest.builder().timeSignature("3/4").build()))
          .hasMessageContaining("(performance) has no time signature 3/4, nor any other");
      assertThatThrownBy(() -> generator.generate(GenerationRequest.builder().maxPolyphony(2).build()))
          .hasMessageContaining("a maximum polyphony is for frame models");
    });
    withModel(Tokenizers.get("remi", TokenizerConfig.DEFAULTS), 1, generator ->
        assertThatThrownBy(() -> generator.generate(GenerationRequest.builder().timeSignature("7/64").build()))
            .hasMessageContaining("has no time signature 7/64"));
    withModel(Tokenizers.frames("piano-roll", TokenizerConfig.DEFAULTS), 1, generator ->
        assertThatThrownBy(() -> generator.generate(GenerationRequest.builder().programs(0).build()))
            .hasMessageContaining("(piano-roll) has no instruments"));
  }

  @Test
  void theBuilderChecksEverySetting() {
    assertThatThrownBy(() -> GenerationRequest.builder().bars(4).seconds(10)).hasMessage("a request has one length: bars or seconds, not both");
    assertThatThrownBy(() -> GenerationRequest.builder().tokens(0)).hasMessageContaining("at least 1 step");
    assertThatThrownBy(() -> GenerationRequest.builder().temperature(-1).build()).hasMessageContaining("temperature must be 0 or more");
    assertThatThrownBy(() -> GenerationRequest.builder().topP(0).build()).hasMessageContaining("top-p must be above 0");
    assertThatThrownBy(() -> GenerationRequest.builder().topK(-2).build()).hasMessageContaining("top-k must be 0 (off) or more");
    assertThatThrownBy(() -> GenerationRequest.builder().minP(1).build()).hasMessageContaining("min-p must be at least 0 and below 1");
    assertThatThrownBy(() -> GenerationRequest.builder().repetitionPenalty(0.5).build()).hasMessageContaining("repetition penalty");
    assertThatThrownBy(() -> GenerationRequest.builder().key("H minor").build()).hasMessageContaining("not a key: 'H minor'");
    assertThatThrownBy(() -> GenerationRequest.builder().range("C6-C3").build()).hasMessageContaining("low to high; was 84 to 48");
    assertThatThrownBy(() -> GenerationRequest.builder().programs(128).build()).hasMessageContaining("a program must be 0 to 127");
    assertThatThrownBy(() -> GenerationRequest.builder().tempo(140, 60).build()).hasMessageContaining("slowest first");
    assertThatThrownBy(() -> GenerationRequest.builder().timeSignature("3:4").build()).hasMessageContaining("reads like 3/4");
    assertThatThrownBy(() -> GenerationRequest.builder().maxPolyphony(-1).build()).hasMessageContaining("maximum polyphony");
    assertThatThrownBy(() -> GenerationRequest.builder().primerTokens()).hasMessageContaining("at least one token");
    GenerationRequest request = GenerationRequest.builder().bars(16).temperature(0.9).topK(40).topP(0.95).key("D minor").seed(7).build();
    assertThat(request.length()).isEqualTo(Length.bars(16));
    assertThat(request.sampler()).isEqualTo(new Sampler(0.9).withTopK(40).withTopP(0.95));
    assertThat(request.pitches()).isEqualTo(PitchConstraint.key("D minor"));
    assertThat(request.primer()).isEqualTo(Primer.none());
    assertThat(GenerationRequest.builder().build().length()).isEqualTo(Length.steps(GenerationRequest.DEFAULT_STEPS));
  }
}
