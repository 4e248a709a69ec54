package dev.cadenza.generation;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.Tokenizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates music with a trained model: feeds a primer through a {@link GenerationSession} one step at a time
 * (state carried, nothing re-fed), then samples each next step from the model's prediction (the sampler sees
 * the primer and what was drawn so far, for its repetition controls), and decodes what was generated with the
 * bundle's tokenizer. A pitch constraint (key, range) keeps every token that would start another pitch from being
 * drawn (for frames, every value of another pitch off). Pieces may be any length: the LSTM carries its state, the Transformer's session slides
 * its window.
 *
 * <p>Several pieces at once go through one session with a stream each: piece i draws from its own generator,
 * seeded with the request's seed plus i (so piece 0 of many is the piece one request alone would give, up to the
 * rounding of batched arithmetic), and takes its own primer window where the primer comes from the training data.
 */
public final class Generation {
  /** How often, in draws, a stream with a length in seconds or bars decodes what it drew to see if it is done. */
  static final int CHECK_EVERY = 16;

  private Generation() {}

  /** The generated continuation, as a score. */
  public static Score generate(ModelBundle bundle, SequenceModel model, GenerationRequest request) {
    return generate(bundle, model, request, 1).get(0);
  }

  /**
   * {@code count} continuations, generated together through one session of that batch size.
   *
   * @throws IllegalArgumentException if count is below 1, or the primer is of the other kind than the model's steps
   */
  public static List<Score> generate(ModelBundle bundle, SequenceModel model, GenerationRequest request, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    ScoreEncoding encoding = Tokenizers.fromSpec(bundle.manifest().tokenizer());
    Random[] randoms = new Random[count];
    for (int i = 0; i < count; i++) {
      randoms[i] = new Random(request.seed() + i);
    }
    try (GenerationSession session = model.openSession(count)) {
      if (encoding instanceof Tokenizer tokenizer) {
        if (request.primer() instanceof Primer.Frames) {
          throw new IllegalArgumentException("a frame primer for a token model (" + encoding.name() + ")");
        }
        int[][] primers = new int[count][];
        for (int i = 0; i < count; i++) {
          primers[i] = tokenPrimer(bundle, request.primer(), randoms[i]);
        }
        return tokens(session, request, tokenizer, primers, randoms).stream().map(tokenizer::decode).toList();
      }
      if (request.primer() instanceof Primer.Tokens) {
        throw new IllegalArgumentException("a token primer for a frame model (" + encoding.name() + ")");
      }
      FrameEncoding frames = (FrameEncoding) encoding;
      float[][] primer = request.primer() instanceof Primer.Frames f ? f.frames() : new float[][] {new float[frames.frameSize()]};
      boolean[] allowed = new boolean[frames.frameSize()];
      for (int k = 0; k < allowed.length; k++) {
        allowed[k] = frames.pitchAt(k).stream().allMatch(request.pitches()::allows);
      }
      return frames(session, request, frames, primer, allowed, randoms).stream().map(frames::decode).toList();
    }
  }

  private static int[] tokenPrimer(ModelBundle bundle, Primer primer, Random random) {
    if (primer instanceof Primer.Tokens t) {
      return t.ids();
    }
    return bundle.primers().isEmpty() ? new int[] {0} : bundle.primers().get(random.nextInt(bundle.primers().size()));
  }

  /**
   * Every stream feeds its primer, then its own draws; a stream with a shorter primer starts drawing earlier. A
   * stream stops at its length (checked every {@link #CHECK_EVERY} draws for seconds and bars, by decoding what it
   * drew) and then feeds its last token while the others go on.
   */
  private static List<int[]> tokens(GenerationSession session, GenerationRequest request, Tokenizer tokenizer, int[][] primers,
      Random[] randoms) {
    int count = primers.length;
    int max = request.length().maxSteps();
    int[][] history = new int[count][];
    int[] drawn = new int[count];
    boolean[] done = new boolean[count];
    for (int i = 0; i < count; i++) {
      history[i] = Arrays.copyOf(primers[i], primers[i].length + max);
    }
    int[] column = new int[count];
    for (int t = 0; !allTrue(done); t++) {
      for (int i = 0; i < count; i++) {
        column[i] = history[i][Math.min(t, primers[i].length + drawn[i] - 1)];
      }
      float[][] predictions = session.next(column);
      for (int i = 0; i < count; i++) {
        int at = t + 1;
        if (!done[i] && at >= primers[i].length) {
          int[] before = Arrays.copyOf(history[i], at);
          history[i][at] = request.sampler().sample(predictions[i], before, allowed(tokenizer, request.pitches(), before,
              predictions[i].length), randoms[i]);
          drawn[i]++;
          done[i] = drawn[i] == max || drawn[i] % CHECK_EVERY == 0
              && request.length().reachedBy(tokenizer.decode(Arrays.copyOfRange(history[i], primers[i].length, at + 1)));
        }
      }
    }
    List<int[]> generated = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      generated.add(Arrays.copyOfRange(history[i], primers[i].length, primers[i].length + drawn[i]));
    }
    return generated;
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean flag : flags) {
      if (!flag) {
        return false;
      }
    }
    return true;
  }

  /** The tokens that start no pitch the constraint forbids after this history; null (all) for no constraint. */
  private static boolean[] allowed(Tokenizer tokenizer, PitchConstraint pitches, int[] history, int size) {
    if (pitches.isAny()) {
      return null;
    }
    boolean[] allowed = new boolean[size];
    for (int id = 0; id < size; id++) {
      allowed[id] = Arrays.stream(tokenizer.pitchesStarted(history, id)).allMatch(pitches::allows);
    }
    return allowed;
  }

  /** Every stream feeds the primer's frames, then its own draws, one frame a step, until its length. */
  private static List<float[][]> frames(GenerationSession session, GenerationRequest request, FrameEncoding encoding,
      float[][] primer, boolean[] allowed, Random[] randoms) {
    int count = randoms.length;
    List<List<float[]>> generated = new ArrayList<>();
    boolean[] done = new boolean[count];
    float[][] column = new float[count][];
    float[][] predictions = null;
    for (float[] frame : primer) {
      Arrays.fill(column, frame);
      predictions = session.next(column);
    }
    for (int i = 0; i < count; i++) {
      generated.add(new ArrayList<>());
    }
    while (true) {
      for (int i = 0; i < count; i++) {
        if (!done[i]) {
          column[i] = request.sampler().sampleFrame(predictions[i], allowed, randoms[i]);
          List<float[]> piece = generated.get(i);
          piece.add(column[i]);
          done[i] = piece.size() == request.length().maxSteps() || piece.size() % CHECK_EVERY == 0
              && request.length().reachedBy(encoding.decode(piece.toArray(float[][]::new)));
        }
      }
      if (allTrue(done)) {
        return generated.stream().map(piece -> piece.toArray(float[][]::new)).toList();
      }
      predictions = session.next(column);
    }
  }
}
