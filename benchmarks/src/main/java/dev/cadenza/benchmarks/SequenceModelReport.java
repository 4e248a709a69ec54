package dev.cadenza.benchmarks;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.generation.Generation;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generation.Primer;
import dev.cadenza.generation.Sampler;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Backends;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Training throughput and generation speed of one backend, measured in one run: an LSTM of embedding 64 and
 * 2 x 256 units (or a Transformer of width 256, 2 blocks, 4 heads, feed-forward 1024, context 128) over the
 * {@code remi} vocabulary; training on batches of 64 windows of 100 tokens; generating at batch 1 with the
 * stateful session (carried state, or the key/value cache), and the first seed's way, re-feeding a 100-token
 * window for every token; and through {@link Generation} with sampling (top-p, repetition penalty) at count 1
 * and count 16 (one session of batch 16). Each figure is the median of several timed rounds after warm-up rounds.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.cadenza.benchmarks.SequenceModelReport [backend [lstm|transformer]]}.
 */
public final class SequenceModelReport {
  private static final int ROUNDS = 5;

  private SequenceModelReport() {}

  /** Runs the measurements and prints them. */
  public static void main(String[] args) throws java.io.IOException {
    SequenceModelProvider provider = Backends.choose(Optional.ofNullable(args.length > 0 ? args[0] : null));
    int vocabulary = Tokenizers.get("remi", TokenizerConfig.DEFAULTS).vocabulary().size();
    boolean transformer = args.length > 1 && args[1].equals("transformer");
    ArchitectureSpec spec = transformer
        ? ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, vocabulary, 256, 2, 4, 1024, 128, 0.0, 1)
        : ArchitectureSpec.lstmTokens(vocabulary, 64, 256, 2, 0.0, 1);
    try (SequenceModel model = provider.create(spec)) {
      model.configureTraining(new TrainingSettings(1e-3, 1.0));
      Batch.Tokens batch = random(64, 100, vocabulary, 1);
      double train = median(() -> {
        model.trainBatch(batch);
        return 64 * 100;
      }, 2);
      double stateful = median(() -> {
        try (GenerationSession session = model.openSession(1)) {
          int token = 0;
          for (int i = 0; i < 120; i++) {
            token = argmax(session.next(new int[] {token})[0]);
          }
        }
        return 120;
      }, 1);
      double refeeding = median(() -> {
        int[] window = random(1, 100, vocabulary, 2).inputs()[0];
        for (int i = 0; i < 20; i++) {
          float[][][] out = model.predict(new Batch.Tokens(new int[][] {window}, new int[][] {window}));
          int next = argmax(out[0][99]);
          window = Arrays.copyOfRange(window, 1, 101);
          window[99] = next;
        }
        return 20;
      }, 1);
      ModelBundle bundle = ModelBundle.of(model, provider.name(), Tokenizers.get("remi", TokenizerConfig.DEFAULTS).spec(),
          new Provenance("benchmark", 0, 0, 0, 0, 1, "", Map.of(), provider.engine(), Runtime.getRuntime().availableProcessors()),
          List.of(random(1, 16, vocabulary, 3).inputs()[0]));
      Sampler sampler = new Sampler(1.0).withTopP(0.95).withRepetitionPenalty(1.1);
      double one = median(() -> generated(bundle, model, sampler, 1), 1);
      double sixteen = median(() -> generated(bundle, model, sampler, 16), 1);
      System.out.printf("backend %s, %s, vocabulary %d (remi), %d cores%n", provider.name(),
          transformer ? "Transformer 256 wide, 2 x 4 heads, feed-forward 1024" : "LSTM 64 + 2 x 256", vocabulary,
          Runtime.getRuntime().availableProcessors());
      System.out.printf("train (batch 64 x 100):                     %10.0f tokens/s%n", train);
      System.out.printf("generate, batch 1, stateful session:         %10.0f tokens/s (%.3f ms/token)%n", stateful, 1000 / stateful);
      System.out.printf("generate, batch 1, re-feeding 100 tokens:    %10.1f tokens/s (%.3f ms/token)%n", refeeding, 1000 / refeeding);
      System.out.printf("stateful / re-feeding:                       %10.1fx%n", stateful / refeeding);
      System.out.printf("Generation (top-p, penalty), count 1:        %10.0f tokens/s%n", one);
      System.out.printf("Generation (top-p, penalty), count 16:       %10.0f tokens/s, all pieces together%n", sixteen);
      System.out.printf("count 16 / count 1:                          %10.1fx%n", sixteen / one);
    }
  }

  /** Generates {@code count} pieces of 120 tokens through {@link Generation}; returns the tokens drawn. */
  private static int generated(ModelBundle bundle, SequenceModel model, Sampler sampler, int count) {
    Generation.generate(bundle, model, new GenerationRequest(120, sampler, 5, Primer.fromTraining()), count);
    return 120 * count;
  }

  /** A round of work that returns how many tokens it handled. */
  private interface Round {
    int run();
  }

  private static double median(Round round, int warmups) {
    for (int i = 0; i < warmups; i++) {
      round.run();
    }
    double[] rates = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      int tokens = round.run();
      rates[i] = tokens / ((System.nanoTime() - start) / 1e9);
    }
    Arrays.sort(rates);
    return rates[ROUNDS / 2];
  }

  private static Batch.Tokens random(int batch, int length, int vocabulary, long seed) {
    Random r = new Random(seed);
    int[][] inputs = new int[batch][length];
    int[][] targets = new int[batch][length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        inputs[b][t] = r.nextInt(vocabulary);
        targets[b][t] = r.nextInt(vocabulary);
      }
    }
    return new Batch.Tokens(inputs, targets);
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
