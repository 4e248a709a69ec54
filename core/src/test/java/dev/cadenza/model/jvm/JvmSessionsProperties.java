package dev.cadenza.model.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.WeightLayout;
import dev.cadenza.testing.ReferenceLstm;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.ReferenceTransformer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The plain-Java sessions against the reference models in double precision, on random architectures, weights
 * (every tensor random, batch normalization's running statistics included) and inputs: each stream of a batch,
 * stepped, gives the whole-sequence outputs of the definition; a Transformer past its context goes on as the
 * reference backend's session does; reset starts afresh.
 */
class JvmSessionsProperties {
  private static final double TOLERANCE = 2e-4;

  @Property(tries = 30)
  void anLstmSessionStepsThroughTheDefinition(@ForAll @IntRange(min = 2, max = 40) int vocabulary,
      @ForAll @IntRange(min = 1, max = 12) int embedding, @ForAll @IntRange(min = 1, max = 24) int units,
      @ForAll @IntRange(min = 1, max = 3) int layers, @ForAll boolean batchNorm, @ForAll boolean frames,
      @ForAll @IntRange(min = 1, max = 9) int streams, @ForAll long seed) {
    ArchitectureSpec spec = (frames ? ArchitectureSpec.lstmFrames(vocabulary, units, layers, 0.0, seed)
        : ArchitectureSpec.lstmTokens(vocabulary, embedding, units, layers, 0.0, seed)).withBatchNorm(batchNorm);
    NamedTensors weights = randomWeights(spec, seed);
    checkAgainstDefinition(spec, weights, streams, 12, seed);
  }

  @Property(tries = 20)
  void aTransformerSessionStepsThroughTheDefinition(@ForAll @IntRange(min = 2, max = 30) int vocabulary,
      @ForAll @IntRange(min = 1, max = 4) int heads, @ForAll @IntRange(min = 1, max = 6) int headWidth,
      @ForAll @IntRange(min = 1, max = 3) int layers, @ForAll @IntRange(min = 1, max = 20) int feedForward,
      @ForAll boolean frames, @ForAll @IntRange(min = 1, max = 4) int streams, @ForAll long seed) {
    ArchitectureSpec spec = ArchitectureSpec.transformer(frames ? ArchitectureSpec.InputKind.FRAMES : ArchitectureSpec.InputKind.TOKENS,
        vocabulary, heads * headWidth, layers, heads, feedForward, 16, 0.0, seed);
    checkAgainstDefinition(spec, randomWeights(spec, seed), streams, 16, seed);
  }

  @Property(tries = 10)
  void aTransformerPastItsContextGoesOnAsTheReferenceSessionDoes(@ForAll @IntRange(min = 2, max = 7) int context,
      @ForAll boolean frames, @ForAll long seed) {
    ArchitectureSpec spec = ArchitectureSpec.transformer(frames ? ArchitectureSpec.InputKind.FRAMES : ArchitectureSpec.InputKind.TOKENS,
        9, 8, 2, 2, 12, context, 0.0, seed);
    Random random = new Random(seed);
    try (SequenceModel reference = new ReferenceProvider().create(spec)) {
      reference.importWeights(randomWeights(spec, seed));
      try (GenerationSession expected = reference.openSession(2);
          GenerationSession actual = JvmSessions.open(spec, reference.exportWeights(), 2)) {
        for (int t = 0; t < 4 * context + 1; t++) {
          float[][] want;
          float[][] got;
          if (frames) {
            float[][] column = {frame(random, 9), frame(random, 9)};
            want = expected.next(column);
            got = actual.next(column);
          } else {
            int[] column = {random.nextInt(9), random.nextInt(9)};
            want = expected.next(column);
            got = actual.next(column);
          }
          for (int s = 0; s < 2; s++) {
            assertClose(got[s], want[s], "step " + t + ", stream " + s);
          }
        }
      }
    }
  }

  @Property(tries = 20)
  void aBatchSharedBetweenCoresGivesExactlyWhatOneSessionGives(@ForAll boolean transformer, @ForAll boolean frames,
      @ForAll @IntRange(min = 2, max = 3) int parts, @ForAll @IntRange(min = 2, max = 4) int streamsPerPart,
      @ForAll long seed) {
    ArchitectureSpec.InputKind input = frames ? ArchitectureSpec.InputKind.FRAMES : ArchitectureSpec.InputKind.TOKENS;
    ArchitectureSpec spec = transformer ? ArchitectureSpec.transformer(input, 7, 8, 2, 2, 12, 5, 0.0, seed)
        : frames ? ArchitectureSpec.lstmFrames(7, 9, 2, 0.0, seed) : ArchitectureSpec.lstmTokens(7, 5, 9, 2, 0.0, seed);
    NamedTensors weights = randomWeights(spec, seed);
    Random random = new Random(seed);
    IntFunction<GenerationSession> sessions = JvmSessions.sharing(spec, weights);
    GenerationSession[] shares = new GenerationSession[parts];
    int streams = 0;
    for (int p = 0; p < parts; p++) {
      int share = streamsPerPart + random.nextInt(2);
      shares[p] = sessions.apply(share);
      streams += share;
    }
    try (GenerationSession split = new SplitSession(spec, shares);
        GenerationSession one = JvmSessions.sharing(spec, weights).apply(streams)) {
      assertThat(split.batchSize()).isEqualTo(streams);
      for (int t = 0; t < 13; t++) {
        if (t == 7) {
          split.reset();
          one.reset();
        }
        float[][] frameColumn = new float[streams][];
        int[] tokenColumn = new int[streams];
        for (int s = 0; s < streams; s++) {
          frameColumn[s] = frame(random, 7);
          tokenColumn[s] = random.nextInt(7);
        }
        float[][] got = frames ? split.next(frameColumn) : split.next(tokenColumn);
        float[][] want = frames ? one.next(frameColumn) : one.next(tokenColumn);
        assertThat(got).as("step " + t).isDeepEqualTo(want);
      }
      int[] tokens = new int[streams + 1];
      float[][] frameRows = new float[streams + 1][7];
      assertThatThrownBy(() -> {
        if (frames) {
          split.next(frameRows);
        } else {
          split.next(tokens);
        }
      }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(frames ? "one frame per stream" : "one token per stream");
    }
  }

  @Property(tries = 5)
  void badInputsAreRefusedWithTheSessionsWords(@ForAll long seed) {
    ArchitectureSpec spec = ArchitectureSpec.lstmTokens(5, 3, 4, 1, 0.0, seed);
    try (GenerationSession session = JvmSessions.open(spec, randomWeights(spec, seed), 2)) {
      assertThatThrownBy(() -> session.next(new int[] {1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one token per stream");
      assertThatThrownBy(() -> session.next(new int[] {1, 5})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary");
      assertThatThrownBy(() -> session.next(new float[][] {{1}, {2}})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads tokens");
    }
    assertThatThrownBy(() -> JvmSessions.open(spec, randomWeights(spec, seed), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Steps every stream through its own sequence, twice (reset in between), against the definition's outputs. */
  private static void checkAgainstDefinition(ArchitectureSpec spec, NamedTensors weights, int streams, int steps, long seed) {
    Random random = new Random(seed);
    boolean frames = spec.input() == ArchitectureSpec.InputKind.FRAMES;
    int[][] tokens = new int[streams][steps];
    float[][][] frameInputs = new float[streams][steps][];
    float[][][] want = new float[streams][][];
    for (int s = 0; s < streams; s++) {
      for (int t = 0; t < steps; t++) {
        tokens[s][t] = random.nextInt(spec.inputSize());
        frameInputs[s][t] = frame(random, spec.inputSize());
      }
      want[s] = spec.isTransformer()
          ? frames ? ReferenceTransformer.predictFrames(weights, spec, frameInputs[s]) : ReferenceTransformer.predictTokens(weights, spec, tokens[s])
          : frames ? ReferenceLstm.predictFrames(weights, spec, frameInputs[s]) : ReferenceLstm.predictTokens(weights, spec, tokens[s]);
    }
    try (GenerationSession session = JvmSessions.open(spec, weights, streams)) {
      assertThat(session.batchSize()).isEqualTo(streams);
      for (int round = 0; round < 2; round++) {
        session.reset();
        for (int t = 0; t < steps; t++) {
          int[] tokenColumn = new int[streams];
          float[][] frameColumn = new float[streams][];
          for (int s = 0; s < streams; s++) {
            tokenColumn[s] = tokens[s][t];
            frameColumn[s] = frameInputs[s][t];
          }
          float[][] got = frames ? session.next(frameColumn) : session.next(tokenColumn);
          for (int s = 0; s < streams; s++) {
            assertClose(got[s], want[s][t], "round " + round + ", step " + t + ", stream " + s);
          }
        }
      }
    }
  }

  /** Every tensor of the architecture's layout drawn at random; variances positive. */
  static NamedTensors randomWeights(ArchitectureSpec spec, long seed) {
    Random random = new Random(seed);
    Map<String, NamedTensors.Tensor> tensors = new LinkedHashMap<>();
    for (WeightLayout.Parameter p : WeightLayout.of(spec).parameters()) {
      float[] values = new float[Math.toIntExact(java.util.Arrays.stream(p.shape()).reduce(1, Math::multiplyExact))];
      for (int i = 0; i < values.length; i++) {
        values[i] = p.name().endsWith("running_var") ? 0.5f + random.nextFloat() : (float) (random.nextGaussian() * 0.5);
      }
      tensors.put(p.name(), new NamedTensors.Tensor(p.shape(), values));
    }
    return new NamedTensors(tensors);
  }

  private static float[] frame(Random random, int size) {
    float[] frame = new float[size];
    for (int i = 0; i < size; i++) {
      frame[i] = random.nextBoolean() ? 1 : 0;
    }
    return frame;
  }

  private static void assertClose(float[] got, float[] want, String where) {
    assertThat(got).as(where).hasSameSizeAs(want);
    for (int i = 0; i < want.length; i++) {
      assertThat((double) got[i]).as(where + ", output " + i).isCloseTo(want[i], within(TOLERANCE * Math.max(1, Math.abs(want[i]))));
    }
  }
}
