package dev.cadenza.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Score;
import dev.cadenza.testing.ScoreArbitraries;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties every tokenizer must have, over random scores and random token sequences. */
class TokenizerProperties {

  /** Each tokenizer with its defaults and with its options turned the other way. */
  @Provide
  Arbitrary<ScoreEncoding> encodings() {
    return Arbitraries.of(List.of(
        Tokenizers.encoding("note-chord", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("note-chord", TokenizerConfig.of("rests", "true", "durations", "true", "velocity", "true", "step", "0.25")),
        Tokenizers.encoding("performance", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("performance", TokenizerConfig.of("stepMillis", "8", "maxShiftSteps", "50", "velocityBins", "16")),
        Tokenizers.encoding("remi", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("remi", TokenizerConfig.of("stepsPerQuarter", "12", "programs", "false", "tempoBins", "8")),
        Tokenizers.encoding("remi", TokenizerConfig.of("tempos", "false", "timeSignatures", "false", "maxDurationQuarters", "2")),
        Tokenizers.encoding("piano-roll", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("piano-roll", TokenizerConfig.of("stepsPerQuarter", "3", "lowestPitch", "0", "highestPitch", "127")),
        Tokenizers.encoding("chord-steps", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("chord-steps", TokenizerConfig.of("stepsPerQuarter", "3", "lowestPitch", "0", "highestPitch", "127")),
        Tokenizers.encoding("drum-grid", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("drum-grid", TokenizerConfig.of("velocity", "true")),
        Tokenizers.encoding("chorale", TokenizerConfig.DEFAULTS),
        Tokenizers.encoding("chorale", TokenizerConfig.of("stepsPerQuarter", "4", "lookahead", "0"))));
  }

  @Provide
  Arbitrary<Score> scores() {
    return ScoreArbitraries.scores();
  }

  private static ScoreEncoding fitted(ScoreEncoding encoding, Score... scores) {
    if (encoding instanceof Tokenizer t && t.needsVocabulary()) {
      return t.withVocabulary(Vocabulary.fit(java.util.Arrays.stream(scores).map(t::strings).toList(), 1));
    }
    return encoding;
  }

  private static Score roundTrip(ScoreEncoding encoding, Score score) {
    if (encoding instanceof Tokenizer t) {
      return t.decode(t.encode(score));
    }
    FrameEncoding f = (FrameEncoding) encoding;
    return f.decode(f.encode(score));
  }

  @Property(tries = 400)
  void decodingWhatWasEncodedGivesTheQuantizedView(@ForAll("encodings") ScoreEncoding encoding, @ForAll("scores") Score score) {
    ScoreEncoding e = fitted(encoding, score);
    Score view = e.quantize(score);
    assertThat(ScoreDiff.first(view, roundTrip(e, score))).isEmpty();
    // The chorale tokenizer reads a metre from its bars, which need not give back an odd one (signatures that start
    // after the notes, a last bar cut short): ChoraleTokenizerTest checks it on four-part music.
    if (!(e instanceof ChoraleTokenizer)) {
      assertThat(e.quantize(view)).isEqualTo(view);
    }
  }

  @Property(tries = 300)
  void encodedSequencesAreWellFormed(@ForAll("encodings") ScoreEncoding encoding, @ForAll("scores") Score score) {
    if (fitted(encoding, score) instanceof Tokenizer t) {
      assertThat(t.check(t.encode(score)).isWellFormed()).isTrue();
    }
  }

  @Property(tries = 400)
  void anyIdSequenceDecodesWithoutThrowing(@ForAll("encodings") ScoreEncoding encoding, @ForAll("scores") Score corpus,
      @ForAll List<@IntRange(min = -5, max = 700) Integer> ids) {
    ScoreEncoding e = fitted(encoding, corpus);
    if (e instanceof Tokenizer t) {
      int[] array = ids.stream().mapToInt(Integer::intValue).toArray();
      assertThat(t.decode(array)).isNotNull();
      TokenCheck check = t.check(array);
      assertThat(check.isWellFormed() || check.position() >= 0).isTrue();
    } else {
      FrameEncoding f = (FrameEncoding) e;
      float[][] frames = new float[ids.size()][];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = new float[Math.floorMod(ids.get(i), f.frameSize() + 2)];
        java.util.Arrays.fill(frames[i], (ids.get(i) % 3) / 2f);
      }
      assertThat(f.decode(frames)).isNotNull();
    }
  }

  @Property(tries = 300)
  void transposingTokensIsTransposingTheScore(@ForAll("encodings") ScoreEncoding encoding, @ForAll("pitchedScores") Score score,
      @ForAll @IntRange(min = -12, max = 12) int semitones) {
    // The chorale tokenizer folds a pitch outside its voice's range by octaves, so it cannot move every score by an
    // octave: ChoraleTokenizerTest moves it within the voices' ranges.
    Assume.that(!(encoding instanceof ChoraleTokenizer));
    Score moved = score.transpose(semitones);
    ScoreEncoding e = fitted(encoding, score, moved);
    Score expected = e.quantize(moved);
    if (e instanceof Tokenizer t) {
      int[] ids = t.encode(score);
      Optional<int[]> shifted = t.transpose(ids, 0, ids.length, semitones);
      assertThat(shifted).isPresent();
      assertThat(ScoreDiff.first(expected, t.decode(shifted.get()))).isEmpty();
    } else {
      FrameEncoding f = (FrameEncoding) e;
      float[][] frames = f.encode(score);
      f.transpose(frames, 0, frames.length, semitones)
          .ifPresent(shifted -> assertThat(ScoreDiff.first(expected, f.decode(shifted))).isEmpty());
    }
  }

  /** Scores far enough from the ends of the pitch range to move an octave either way. */
  @Provide
  Arbitrary<Score> pitchedScores() {
    return ScoreArbitraries.scores(36, 96);
  }

  @Property(tries = 100)
  void aSavedSpecBuildsAnEncodingThatEncodesAlike(@ForAll("encodings") ScoreEncoding encoding, @ForAll("scores") Score score)
      throws Exception {
    ScoreEncoding e = fitted(encoding, score);
    ScoreEncoding loaded = Tokenizers.fromSpec(Tokenizers.specFromJson(Tokenizers.toJson(e.spec())));
    assertThat(loaded.spec()).isEqualTo(e.spec());
    assertThat(roundTrip(loaded, score)).isEqualTo(roundTrip(e, score));
  }
}
