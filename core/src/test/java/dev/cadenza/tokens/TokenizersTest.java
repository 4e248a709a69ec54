package dev.cadenza.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {
  private static final int Q = 480;

  /** C major, E5, E minor, G7, F#4, B-flat 3 and C3+C4, one every half quarter note, as the seed's notes. */
  private static Score seedExample() {
    return Score.of(TempoMap.constant(Q, 120), List.of(Track.of("Piano", 0, 0, List.of(
        new Note(60, 80, 0, Q), new Note(64, 80, 0, Q), new Note(67, 80, 0, Q),
        new Note(76, 80, Q / 2, Q),
        new Note(64, 80, Q, Q), new Note(67, 80, Q, Q), new Note(71, 80, Q, Q),
        new Note(55, 80, 3 * Q / 2, Q), new Note(59, 80, 3 * Q / 2, Q), new Note(62, 80, 3 * Q / 2, Q), new Note(65, 80, 3 * Q / 2, Q),
        new Note(66, 80, 2 * Q, Q),
        new Note(58, 80, 5 * Q / 2, Q),
        new Note(48, 80, 4 * Q, Q), new Note(60, 80, 4 * Q, Q)))));
  }

  @Test
  void noteChordWritesExactlyTheSeedsStrings() {
    Tokenizer t = Tokenizers.get("note-chord", TokenizerConfig.DEFAULTS);
    assertThat(t.strings(seedExample())).containsExactly("0.4.7", "E5", "4.7.11", "11.2.5.7", "F#4", "B-3", "0");
  }

  @Test
  void noteChordDecodesAsTheSeedsPredictDid() {
    Tokenizer t = Tokenizers.get("note-chord", TokenizerConfig.DEFAULTS);
    Tokenizer fitted = t.withVocabulary(Vocabulary.fit(List.of(t.strings(seedExample())), 1));
    Score decoded = fitted.decode(fitted.encode(seedExample()));
    // Token i at i half-quarters, chords in octave 4, quarter notes, velocity 90.
    assertThat(decoded.tracks().get(0).notes()).startsWith(
        new Note(60, 90, 0, Q), new Note(64, 90, 0, Q), new Note(67, 90, 0, Q), new Note(76, 90, Q / 2, Q));
    assertThat(decoded.tracks().get(0).notes()).contains(new Note(60, 90, 3 * Q, Q)); // "0" after a rest is not kept
    assertThat(decoded.tracks().get(0).notes()).hasSize(3 + 1 + 3 + 4 + 1 + 1 + 1);
  }

  @Test
  void noteChordOptionsAddRestsDurationsAndVelocity() {
    Tokenizer t = Tokenizers.get("note-chord", TokenizerConfig.of("rests", "true", "durations", "true", "velocity", "true"));
    List<String> tokens = t.strings(seedExample());
    assertThat(tokens).startsWith("0.4.7_1.0_v77", "E5_1.0_v77", "4.7.11_1.0_v77");
    assertThat(tokens.subList(6, 9)).containsExactly("R", "R", "0_1.0_v77");
  }

  @Test
  void remiAndPerformanceTokensReadAsTheirNamesSay() {
    Score score = new Score(TempoMap.constant(Q, 100), List.of(Track.of("", 0, 0, List.of(new Note(60, 80, 0, 2 * Q)))),
        List.of(new TimeSignature(0, 3, 4)), List.of());
    assertThat(Tokenizers.get("remi", TokenizerConfig.DEFAULTS).strings(score))
        .containsExactly("Bar", "TimeSig_3/4", "Position_0", "Tempo_100.97", "Program_0", "Pitch_60", "Velocity_77", "Duration_2.0");
    Tokenizer performance = Tokenizers.get("performance", TokenizerConfig.DEFAULTS);
    assertThat(performance.vocabulary().size()).isEqualTo(388 + 3);
    assertThat(performance.vocabulary().tokens().subList(388, 391)).containsExactly("<pad>", "<bos>", "<eos>");
    assertThat(Tokenizers.get("performance", TokenizerConfig.of(TokenizerConfig.SPECIAL_TOKENS, "false")).vocabulary().size())
        .isEqualTo(388);
    assertThat(performance.strings(score)).containsExactly("VELOCITY_20", "NOTE_ON_60", "TIME_SHIFT_100", "TIME_SHIFT_20", "NOTE_OFF_60");
  }

  @Test
  void framesDescribeWhatSounds() {
    FrameEncoding roll = Tokenizers.frames("piano-roll", TokenizerConfig.DEFAULTS);
    float[][] frames = roll.encode(seedExample());
    assertThat(frames[0]).hasSize(88);
    assertThat(roll.describe(frames[0])).isEqualTo("C4 E4 G4");
    assertThat(roll.describe(frames[15])).isEqualTo("-");
    FrameEncoding drums = Tokenizers.frames("drum-grid", TokenizerConfig.DEFAULTS);
    Score beat = Score.of(TempoMap.constant(Q, 120), List.of(Track.of("", 0, 9,
        List.of(new Note(36, 100, 0, 10), new Note(42, 100, 0, 10), new Note(40, 100, Q, 10)))));
    float[][] grid = drums.encode(beat);
    assertThat(grid).hasNumberOfRows(5);
    assertThat(drums.describe(grid[0])).isEqualTo("kick closed-hat");
    assertThat(drums.describe(grid[4])).isEqualTo("snare");
  }

  @Test
  void chordStepsWriteThePianoRollOneAscendingPitchAtATime() {
    ChordStepTokenizer chords = (ChordStepTokenizer) Tokenizers.get("chord-steps", TokenizerConfig.DEFAULTS);
    FrameEncoding roll = Tokenizers.frames("piano-roll", TokenizerConfig.DEFAULTS);
    Score score = seedExample();
    assertThat(chords.strings(score).subList(0, 4)).containsExactly("Pitch_60", "Pitch_64", "Pitch_67", "Step");
    assertThat(chords.frames(chords.encode(score))).isDeepEqualTo(roll.encode(score));
    assertThat(chords.decode(chords.encode(score))).isEqualTo(roll.decode(roll.encode(score)));
    int[] descending = {chords.pitchId(67), chords.pitchId(60), chords.stepId()};
    assertThat(chords.check(descending).problem()).contains("Pitch_60 where a Pitch above 67 or Step must come");
    assertThat(chords.vocabulary().size()).isEqualTo(88 + 1 + 3);
  }

  @Test
  void theRegistryFindsTheBuiltInsAndExplainsMistakes() {
    assertThat(Tokenizers.providers()).extracting(TokenizerProvider::name)
        .containsExactly("chorale", "chord-steps", "drum-grid", "note-chord", "performance", "piano-roll", "remi");
    assertThatThrownBy(() -> Tokenizers.get("midi-like", TokenizerConfig.DEFAULTS))
        .hasMessageContaining("no tokenizer named 'midi-like'").hasMessageContaining("[chorale, chord-steps, drum-grid, note-chord, performance, piano-roll, remi]");
    assertThatThrownBy(() -> Tokenizers.get("piano-roll", TokenizerConfig.DEFAULTS)).hasMessageContaining("Tokenizers.frames");
    assertThatThrownBy(() -> Tokenizers.frames("remi", TokenizerConfig.DEFAULTS)).hasMessageContaining("Tokenizers.get");
    assertThatThrownBy(() -> Tokenizers.get("remi", TokenizerConfig.of("beatRes", "8")))
        .hasMessageContaining("has no option [beatRes]").hasMessageContaining("stepsPerQuarter");
    assertThatThrownBy(() -> Tokenizers.get("remi", TokenizerConfig.of("stepsPerQuarter", "7")))
        .hasMessageContaining("must divide 480");
    assertThatThrownBy(() -> Tokenizers.get("note-chord", TokenizerConfig.DEFAULTS).encode(seedExample()))
        .hasMessageContaining("fitted");
  }

  @Test
  void savedTokenizersLoadWithTheirVocabularyAndCorruptFilesAreErrors(@TempDir Path dir) throws Exception {
    Tokenizer t = Tokenizers.get("note-chord", TokenizerConfig.of("rests", "true"));
    Tokenizer fitted = t.withVocabulary(Vocabulary.fit(List.of(t.strings(seedExample())), 1));
    Path file = dir.resolve("tokenizer.json");
    Tokenizers.save(fitted, file);
    ScoreEncoding loaded = Tokenizers.load(file);
    assertThat(((Tokenizer) loaded).encode(seedExample())).containsExactly(fitted.encode(seedExample()));
    Files.writeString(file, "{\"tokenizer\": \"note-chord\", \"options\": {}, \"vocabulary\": []}");
    assertThatThrownBy(() -> Tokenizers.load(file)).hasMessageContaining("needs its fitted vocabulary");
    Files.writeString(file, "{ truncated");
    assertThatThrownBy(() -> Tokenizers.load(file)).hasMessageContaining("not a usable tokenizer file");
  }

  @Test
  void vocabulariesKeepFrequentTokensAndMapTheRestToUnknown() {
    Vocabulary v = Vocabulary.fit(List.of(List.of("a", "b", "a", "c"), List.of("a", "b")), 2);
    assertThat(v.tokens()).containsExactly("<unk>", "a", "b");
    assertThat(v.id("c")).isEqualTo(-1);
    assertThat(v.token(99)).isEqualTo("<id 99?>");
    Tokenizer t = Tokenizers.get("note-chord", TokenizerConfig.DEFAULTS).withVocabulary(Vocabulary.of(List.of("<unk>", "E5")));
    int[] ids = t.encode(seedExample());
    assertThat(ids).containsExactly(0, 1, 0, 0, 0, 0, 0);
    assertThat(t.check(ids).position()).isZero();
    assertThat(t.check(new int[] {1}).isWellFormed()).isTrue();
  }
}
