package dev.cadenza.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.generation.Sampler;
import dev.cadenza.music.Score;
import dev.cadenza.testing.ScoreArbitraries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Grammar-constrained decoding for every token tokenizer: fed random logits for thousands of steps and drawing only
 * what the grammar allows, a stream never reaches a dead end, finishes within a bounded number of draws once asked,
 * checks well formed, and decodes to a score that encodes and decodes back to itself.
 */
class GrammarProperties {
  private static final int STEPS = 3000;

  /** Each token tokenizer with its defaults and with its options turned the other way. */
  @Provide
  Arbitrary<Tokenizer> tokenizers() {
    return Arbitraries.of(List.of(
        Tokenizers.get("note-chord", TokenizerConfig.DEFAULTS),
        Tokenizers.get("note-chord", TokenizerConfig.of("rests", "true", "durations", "true", "velocity", "true", "step", "0.25")),
        Tokenizers.get("performance", TokenizerConfig.DEFAULTS),
        Tokenizers.get("performance", TokenizerConfig.of("stepMillis", "8", "maxShiftSteps", "50", "velocityBins", "16")),
        Tokenizers.get("remi", TokenizerConfig.DEFAULTS),
        Tokenizers.get("remi", TokenizerConfig.of("stepsPerQuarter", "12", "programs", "false", "tempoBins", "8")),
        Tokenizers.get("remi", TokenizerConfig.of("tempos", "false", "timeSignatures", "false", "maxDurationQuarters", "2",
            TokenizerConfig.SPECIAL_TOKENS, "false")),
        Tokenizers.get("chord-steps", TokenizerConfig.DEFAULTS),
        Tokenizers.get("chord-steps", TokenizerConfig.of("stepsPerQuarter", "3", "lowestPitch", "0", "highestPitch", "127",
            TokenizerConfig.SPECIAL_TOKENS, "false"))));
  }

  @Provide
  Arbitrary<Score> scores() {
    return ScoreArbitraries.scores();
  }

  @Property(tries = 40)
  void randomLogitsUnderTheGrammarGiveStreamsThatDecodeAndRoundTrip(@ForAll("tokenizers") Tokenizer tokenizer,
      @ForAll("scores") Score corpus, @ForAll long seed) {
    Assume.that(!tokenizer.needsVocabulary() || !tokenizer.strings(corpus).isEmpty()); // a fitted vocabulary needs music
    Tokenizer t = tokenizer.needsVocabulary() ? tokenizer.withVocabulary(Vocabulary.fit(List.of(tokenizer.strings(corpus)), 1)) : tokenizer;
    int size = t.vocabulary().size();
    Random random = new Random(seed);
    Sampler sampler = new Sampler(1.0 + random.nextDouble());
    TokenGrammar grammar = t.grammar();
    List<Integer> stream = new ArrayList<>();
    int bos = t.vocabulary().id(Vocabulary.BOS);
    if (bos >= 0) {
      grammar.accept(bos);
    }
    for (int step = 0; step < STEPS; step++) {
      boolean[] allowed = new boolean[size];
      for (int id = 0; id < size; id++) {
        allowed[id] = grammar.allows(id) && id != t.vocabulary().id(Vocabulary.EOS);
      }
      assertThat(allowed).as("a token may always come next (after %s)", tail(t, stream)).contains(true);
      draw(t, grammar, stream, sampler.sample(logits(random, size), new int[0], allowed, random));
    }
    for (int extra = 0; !grammar.canEnd(); extra++) {
      assertThat(extra).as("finishing %s after %s", t.name(), tail(t, stream)).isLessThan(300);
      boolean[] finishing = new boolean[size];
      for (int id = 0; id < size; id++) {
        finishing[id] = grammar.finishes(id);
      }
      assertThat(finishing).as("something finishes %s", tail(t, stream)).contains(true);
      draw(t, grammar, stream, sampler.sample(logits(random, size), new int[0], finishing, random));
    }
    int[] ids = stream.stream().mapToInt(Integer::intValue).toArray();
    int[] framed = bos >= 0 ? prepend(bos, ids) : ids;
    assertThat(t.check(framed).problem()).as(t.name()).isEmpty();
    Score decoded = t.decode(ids);
    assertThat(decoded.noteCount()).as("random logits still make music").isPositive();
    assertThat(ScoreDiff.first(notesOf(decoded, t.quantize(decoded)), notesOf(decoded, decoded)))
        .as("%s: what a well-formed stream decodes to is in the tokenizer's own view", t.spec()).isEmpty();
    if (!t.needsVocabulary()) { // a fitted vocabulary may lack what re-encoding writes (note-chord's "0" is C4 and C5)
      int[] again = t.encode(decoded);
      assertThat(t.check(again).problem()).isEmpty();
      assertThat(ScoreDiff.first(notesOf(decoded, decoded), notesOf(decoded, t.decode(again))))
          .as("%s: the notes survive encoding what was decoded", t.spec()).isEmpty();
    }
  }

  /** The tracks of {@code score} over the tempo map of {@code timing}: only notes and instruments compared. */
  private static Score notesOf(Score timing, Score score) {
    return new Score(timing.tempoMap(), score.tracks(), List.of(), List.of());
  }

  private static void draw(Tokenizer t, TokenGrammar grammar, List<Integer> stream, int id) {
    assertThat(grammar.allows(id)).as("%s drawn after %s", t.vocabulary().token(id), tail(t, stream)).isTrue();
    grammar.accept(id);
    stream.add(id);
  }

  private static float[] logits(Random random, int size) {
    float[] logits = new float[size];
    for (int i = 0; i < size; i++) {
      logits[i] = (float) (random.nextGaussian() * 3);
    }
    return logits;
  }

  private static int[] prepend(int first, int[] rest) {
    int[] all = new int[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static List<String> tail(Tokenizer t, List<Integer> stream) {
    return stream.subList(Math.max(0, stream.size() - 8), stream.size()).stream().map(t.vocabulary()::token).toList();
  }

  @Property(tries = 100)
  void whatEncodingWritesTheGrammarAllows(@ForAll("tokenizers") Tokenizer tokenizer, @ForAll("scores") Score score) {
    Tokenizer t = tokenizer.needsVocabulary() ? tokenizer.withVocabulary(Vocabulary.fit(List.of(tokenizer.strings(score)), 1)) : tokenizer;
    int[] ids = t.encode(score);
    int bos = t.vocabulary().id(Vocabulary.BOS);
    int eos = t.vocabulary().id(Vocabulary.EOS);
    int[] framed = bos < 0 ? ids : Arrays.copyOf(prepend(bos, ids), ids.length + 2);
    if (bos >= 0) {
      framed[framed.length - 1] = eos;
    }
    assertThat(t.check(framed).problem()).as(Arrays.toString(Arrays.stream(ids).mapToObj(t.vocabulary()::token).toArray())).isEmpty();
  }
}
