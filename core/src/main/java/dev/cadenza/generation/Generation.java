package dev.cadenza.generation;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.Tokenizers;
import java.util.Arrays;
import java.util.Random;

/**
 * Generates music with a trained model: feeds a primer through a {@link GenerationSession} one step at a time
 * (state carried, nothing re-fed), then samples each next step from the model's prediction (the sampler sees
 * the primer and what was drawn so far, for its repetition controls), and decodes what was generated with the
 * bundle's tokenizer.
 */
public final class Generation {
  private Generation() {}

  /** The generated continuation, as a score. */
  public static Score generate(ModelBundle bundle, SequenceModel model, GenerationRequest request) {
    ScoreEncoding encoding = Tokenizers.fromSpec(bundle.manifest().tokenizer());
    Random random = new Random(request.seed());
    Sampler sampler = request.sampler();
    try (GenerationSession session = model.openSession(1)) {
      if (encoding instanceof Tokenizer tokenizer) {
        int[] primer = request.primer().orElseGet(() -> bundle.primers().isEmpty() ? new int[] {0}
            : bundle.primers().get(random.nextInt(bundle.primers().size())));
        float[] prediction = null;
        for (int token : primer) {
          prediction = session.next(new int[] {token})[0];
        }
        int[] history = Arrays.copyOf(primer, primer.length + request.length());
        for (int i = primer.length; i < history.length; i++) {
          history[i] = sampler.sample(prediction, Arrays.copyOf(history, i), random);
          prediction = session.next(new int[] {history[i]})[0];
        }
        return tokenizer.decode(Arrays.copyOfRange(history, primer.length, history.length));
      }
      FrameEncoding frames = (FrameEncoding) encoding;
      float[][] generated = new float[request.length()][];
      float[] frame = new float[frames.frameSize()];
      for (int i = 0; i < generated.length; i++) {
        frame = sampler.sampleFrame(session.next(new float[][] {frame})[0], random);
        generated[i] = frame;
      }
      return frames.decode(generated);
    }
  }
}
