package dev.cadenza.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Keys and ranges: parsed as musicians write them, and never broken by generation, on any encoding. */
class PitchConstraintTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  private static final Provenance PROVENANCE = new Provenance("f", 1, 1, 1, 1, 1, "2026-12-01T00:00:00Z", Map.of(), "reference", 2);
  private static final String[] KEYS = {"C major", "D minor", "F# minor", "Bb major", "Am", "E"};

  @Test
  void keysAndRangesReadAsMusiciansWriteThem() {
    assertThat(PitchConstraint.key("C major").pitchClasses()).containsExactly(0, 2, 4, 5, 7, 9, 11);
    assertThat(PitchConstraint.key("A minor").pitchClasses()).containsExactly(0, 2, 4, 5, 7, 9, 11);
    assertThat(PitchConstraint.key("Am")).isEqualTo(PitchConstraint.key("a minor"));
    assertThat(PitchConstraint.key("F# minor").pitchClasses()).containsExactly(1, 2, 4, 6, 8, 9, 11);
    assertThat(PitchConstraint.key("Bb major").pitchClasses()).containsExactly(0, 2, 3, 5, 7, 9, 10);
    assertThat(PitchConstraint.key("D minor").pitchClasses()).containsExactly(0, 2, 4, 5, 7, 9, 10);
    assertThat(PitchConstraint.range("C3-C6")).isEqualTo(PitchConstraint.ANY.withRange(48, 84));
    assertThat(PitchConstraint.range("48-84")).isEqualTo(PitchConstraint.range("C3 - C6"));
    assertThat(PitchConstraint.key("G major").withRange(60, 72).allows(66)).isTrue();
    assertThat(PitchConstraint.key("G major").withRange(60, 72).allows(65)).isFalse();
    assertThat(PitchConstraint.key("G major").withRange(60, 72).allows(74)).isFalse();
    assertThatThrownBy(() -> PitchConstraint.key("H major")).hasMessageContaining("not a key: 'H major'");
    assertThatThrownBy(() -> PitchConstraint.range("C6-C3")).hasMessageContaining("low to high");
    assertThatThrownBy(() -> PitchConstraint.range("C3")).hasMessageContaining("not a range");
  }

  @Test
  void eachTokenizerSaysWhichPitchesATokenStarts() {
    Tokenizer performance = (Tokenizer) Tokenizers.encoding("performance", TokenizerConfig.DEFAULTS);
    assertThat(performance.pitchesStarted(new int[0], 60)).containsExactly(60);
    assertThat(performance.pitchesStarted(new int[0], 128 + 60)).as("NOTE_OFF_60").isEmpty();
    Tokenizer remi = (Tokenizer) Tokenizers.encoding("remi", TokenizerConfig.DEFAULTS);
    Vocabulary words = remi.vocabulary();
    assertThat(remi.pitchesStarted(new int[] {words.id("Program_0")}, words.id("Pitch_61"))).containsExactly(61);
    assertThat(remi.pitchesStarted(new int[] {words.id("Program_-1")}, words.id("Pitch_36"))).as("drums").isEmpty();
    assertThat(remi.pitchesStarted(new int[0], words.id("Velocity_10"))).isEmpty();
    Tokenizer chords = ((Tokenizer) Tokenizers.encoding("note-chord", TokenizerConfig.DEFAULTS))
        .withVocabulary(Vocabulary.of(List.of(Vocabulary.UNKNOWN, "E5", "0.4.7")));
    assertThat(chords.pitchesStarted(new int[0], 1)).containsExactly(76);
    assertThat(chords.pitchesStarted(new int[0], 2)).containsExactly(60, 64, 67);
    assertThat(chords.pitchesStarted(new int[0], 0)).isEmpty();
  }

  @Property(tries = 12)
  void generatedNotesStayInTheKeyAndRangeOnEveryEncoding(@ForAll @IntRange(min = 0, max = 5) int key, @ForAll long seed)
      throws IOException {
    PitchConstraint constraint = PitchConstraint.key(KEYS[key]).withRange(48, 84);
    for (String name : List.of("performance", "remi", "piano-roll")) {
      var encoding = Tokenizers.encoding(name, TokenizerConfig.DEFAULTS);
      boolean tokens = encoding instanceof Tokenizer;
      int size = tokens ? ((Tokenizer) encoding).vocabulary().size() : ((FrameEncoding) encoding).frameSize();
      ArchitectureSpec spec = tokens ? ArchitectureSpec.lstmTokens(size, 4, 8, 1, 0.0, seed)
          : ArchitectureSpec.lstmFrames(size, 8, 1, 0.0, seed);
      try (SequenceModel model = REFERENCE.create(spec)) {
        ModelBundle bundle = ModelBundle.of(model, "reference", encoding.spec(), PROVENANCE, List.of());
        Primer primer = tokens ? Primer.tokens(((Tokenizer) encoding).vocabulary().size() - 1) : Primer.fromTraining();
        Score piece = Generation.generate(bundle, model, new GenerationRequest(300, new Sampler(1.5), seed, primer)
            .withPitches(constraint));
        List<Note> pitched = piece.tracks().stream().filter(t -> !t.isDrum()).flatMap(t -> t.notes().stream()).toList();
        assertThat(pitched).as("%s in %s", name, KEYS[key]).allMatch(n -> constraint.allows(n.pitch()));
      }
    }
  }
}
