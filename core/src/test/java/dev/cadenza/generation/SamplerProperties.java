package dev.cadenza.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.model.Logits;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

/** Sampling from raw scores: what temperature means, in log space, for tokens and for frames. */
class SamplerProperties {
  @Property(tries = 200)
  void temperatureZeroTakesTheMostLikelyToken(@ForAll @IntRange(min = 1, max = 50) int size, @ForAll long seed) {
    float[] logits = logits(size, 1e6, seed);
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    assertThat(new Sampler(0).sample(logits, new Random(seed))).isEqualTo(best);
  }

  @Property(tries = 100)
  void addingAConstantToEveryLogitChangesNothing(@ForAll @IntRange(min = 1, max = 20) int size,
      @ForAll @FloatRange(min = -1000, max = 1000) float shift, @ForAll @DoubleRange(min = 0.1, max = 3) double temperature,
      @ForAll long seed) {
    float[] logits = logits(size, 30, seed);
    float[] shifted = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i] + shift;
    }
    // the same draws up to float rounding of the shifted logits: compare the distributions' draws on one generator
    Sampler sampler = new Sampler(temperature);
    int agree = 0;
    Random a = new Random(seed);
    Random b = new Random(seed);
    for (int n = 0; n < 50; n++) {
      agree += sampler.sample(logits, a) == sampler.sample(shifted, b) ? 1 : 0;
    }
    assertThat(agree).isGreaterThanOrEqualTo(48);
  }

  /** Statistical: a fixed jqwik seed, so it passes or fails the same way every run. */
  @Property(tries = 20, seed = "20261201")
  void drawsFollowTheSoftmaxOfTheLogitsOverTheTemperature(@ForAll @IntRange(min = 2, max = 6) int size,
      @ForAll @DoubleRange(min = 0.5, max = 2) double temperature, @ForAll long seed) {
    float[] logits = logits(size, 3, seed);
    float[] scaled = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      scaled[i] = (float) (logits[i] / temperature);
    }
    float[] expected = Logits.softmax(scaled);
    int draws = 40_000;
    int[] counts = new int[logits.length];
    Random random = new Random(seed);
    Sampler sampler = new Sampler(temperature);
    for (int n = 0; n < draws; n++) {
      counts[sampler.sample(logits, random)]++;
    }
    for (int i = 0; i < logits.length; i++) {
      // five standard deviations of a binomial proportion: a false alarm about once in three million checks
      double sd = Math.sqrt(Math.max(0, expected[i] * (1 - expected[i])) / draws);
      assertThat((double) counts[i] / draws).as("token " + i).isCloseTo(expected[i], Offset.offset(5 * sd + 1e-9));
    }
  }

  /** Logits drawn uniformly from [-bound, bound]. */
  private static float[] logits(int size, double bound, long seed) {
    Random random = new Random(seed);
    float[] logits = new float[size];
    for (int i = 0; i < size; i++) {
      logits[i] = (float) random.nextDouble(-bound, bound);
    }
    return logits;
  }

  @Example
  void hugeLogitsNeitherOverflowNorUnderflow() {
    float[] logits = {3e38f, -3e38f, 2.9e38f};
    assertThat(new Sampler(1).sample(logits, new Random(1))).isEqualTo(0);
    float[] close = {1e30f, 1e30f};
    int first = 0;
    Random random = new Random(2);
    for (int n = 0; n < 1000; n++) {
      first += new Sampler(1).sample(close, random) == 0 ? 1 : 0;
    }
    assertThat(first).isBetween(400, 600);
  }

  /** Statistical: a fixed jqwik seed, so it passes or fails the same way every run. */
  @Property(tries = 50, seed = "20261201")
  void frameValuesAreOnWithTheSigmoidOfTheirScore(@ForAll @FloatRange(min = -4, max = 4) float score, @ForAll long seed) {
    float[] scores = new float[2000];
    java.util.Arrays.fill(scores, score);
    float[] frame = new Sampler(1).sampleFrame(scores, new Random(seed));
    double on = 0;
    for (float v : frame) {
      assertThat(v).isIn(0f, 1f);
      on += v;
    }
    double p = Logits.sigmoid(score);
    assertThat(on / scores.length).isCloseTo(p, Offset.offset(5 * Math.sqrt(p * (1 - p) / scores.length) + 1e-9));
    assertThat(new Sampler(0).sampleFrame(new float[] {score}, new Random(seed))[0]).isEqualTo(score >= 0 ? 1f : 0f);
  }

  @Property(tries = 100)
  void topKNeverDrawsOutsideTheKLikeliest(@ForAll @IntRange(min = 2, max = 40) int size, @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll @DoubleRange(min = 0.2, max = 3) double temperature, @ForAll long seed) {
    float[] logits = logits(size, 5, seed);
    float[] sorted = logits.clone();
    java.util.Arrays.sort(sorted);
    float kth = sorted[Math.max(0, size - k)];
    everyDraw(new Sampler(temperature).withTopK(k), logits, seed, token -> assertThat(logits[token]).isGreaterThanOrEqualTo(kth));
  }

  @Property(tries = 100)
  void topPNeverDrawsOutsideTheNucleus(@ForAll @IntRange(min = 2, max = 40) int size,
      @ForAll @DoubleRange(min = 0.05, max = 1) double p, @ForAll @DoubleRange(min = 0.2, max = 3) double temperature,
      @ForAll long seed) {
    float[] logits = logits(size, 5, seed);
    double[] probabilities = probabilities(logits, temperature);
    double[] sorted = probabilities.clone();
    java.util.Arrays.sort(sorted);
    double cumulative = 0;
    double smallestInNucleus = sorted[size - 1];
    for (int i = size - 1; i >= 0 && cumulative < p; i--) {
      smallestInNucleus = sorted[i];
      cumulative += sorted[i];
    }
    double floor = smallestInNucleus * (1 - 1e-9);
    everyDraw(new Sampler(temperature).withTopP(p), logits, seed, token -> assertThat(probabilities[token]).isGreaterThanOrEqualTo(floor));
  }

  @Property(tries = 100)
  void minPNeverDrawsATokenBelowItsFloor(@ForAll @IntRange(min = 2, max = 40) int size,
      @ForAll @DoubleRange(min = 0, max = 0.99) double m, @ForAll @DoubleRange(min = 0.2, max = 3) double temperature,
      @ForAll long seed) {
    float[] logits = logits(size, 5, seed);
    double[] probabilities = probabilities(logits, temperature);
    double top = java.util.Arrays.stream(probabilities).max().orElseThrow();
    everyDraw(new Sampler(temperature).withMinP(m), logits, seed,
        token -> assertThat(probabilities[token]).isGreaterThanOrEqualTo(m * top * (1 - 1e-9)));
  }

  /** Checks each of 200 draws. */
  private static void everyDraw(Sampler sampler, float[] logits, long seed, java.util.function.IntConsumer check) {
    Random random = new Random(seed);
    for (int n = 0; n < 200; n++) {
      check.accept(sampler.sample(logits, random));
    }
  }

  @Property(tries = 60)
  void theNgramGuardNeverRepeatsAnNgram(@ForAll @IntRange(min = 2, max = 4) int n, @ForAll long seed) {
    Random random = new Random(seed);
    Sampler sampler = new Sampler(1.0).withNoRepeatNgram(n);
    int[] drawn = new int[200];
    for (int i = 0; i < drawn.length; i++) {
      drawn[i] = sampler.sample(logits(30, 3, random.nextLong()), java.util.Arrays.copyOf(drawn, i), random);
    }
    java.util.Set<java.util.List<Integer>> seen = new java.util.HashSet<>();
    for (int start = 0; start + n <= drawn.length; start++) {
      java.util.List<Integer> gram = java.util.Arrays.stream(drawn, start, start + n).boxed().toList();
      assertThat(seen.add(gram)).as("the %d-gram %s at %d is new", n, gram, start).isTrue();
    }
  }

  @Example
  void theNgramGuardStepsAsideWhenItWouldBanEveryToken() {
    Sampler sampler = new Sampler(0).withNoRepeatNgram(2);
    // after 0 1 0 0 1 1, the bigrams 0-1 and 1-0 and 0-0 and 1-1 are all taken: the guard cannot help, the argmax stays
    assertThat(sampler.sample(new float[] {1, 3}, new int[] {0, 1, 0, 0, 1, 1}, new Random(1))).isEqualTo(1);
    assertThat(sampler.sample(new float[] {1, 3}, new int[] {0, 1, 0}, new Random(1))).as("0-1 is taken").isEqualTo(0);
  }

  @Example
  void theRepetitionPenaltyTurnsAwayFromWhatWasPlayed() {
    float[] logits = {2.0f, 1.9f, -1f};
    assertThat(new Sampler(0).sample(logits, new int[] {0}, new Random(1))).isEqualTo(0);
    assertThat(new Sampler(0).withRepetitionPenalty(1.2).sample(logits, new int[] {0}, new Random(1))).isEqualTo(1);
    assertThat(new Sampler(0).withRepetitionPenalty(1.2).sample(new float[] {-1f, -1.1f}, new int[] {0}, new Random(1)))
        .as("a negative logit is multiplied, so it falls too").isEqualTo(1);
  }

  @Property(tries = 50)
  void withTheControlsOffTheHistoryChangesNothing(@ForAll @IntRange(min = 1, max = 20) int size, @ForAll long seed) {
    float[] logits = logits(size, 5, seed);
    int[] history = new Random(seed).ints(30, 0, size).toArray();
    Random a = new Random(seed);
    Random b = new Random(seed);
    for (int n = 0; n < 20; n++) {
      assertThat(new Sampler(1).sample(logits, history, a)).isEqualTo(new Sampler(1).sample(logits, b));
    }
  }

  /** softmax(logits / temperature) in double precision. */
  private static double[] probabilities(float[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp((logits[i] - max) / temperature);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }

  @Example
  void aNegativeOrInfiniteTemperatureIsRefused() {
    assertThatThrownBy(() -> new Sampler(-0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new Sampler(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Sampler(1).withTopK(-1)).hasMessageContaining("top-k");
    assertThatThrownBy(() -> new Sampler(1).withTopP(0)).hasMessageContaining("top-p");
    assertThatThrownBy(() -> new Sampler(1).withMinP(1)).hasMessageContaining("min-p");
    assertThatThrownBy(() -> new Sampler(1).withRepetitionPenalty(0.9)).hasMessageContaining("repetition penalty");
    assertThatThrownBy(() -> new Sampler(1).withNoRepeatNgram(-1)).hasMessageContaining("n-gram");
  }
}
