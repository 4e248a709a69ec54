package dev.cadenza.examples;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generation.Primer;
import dev.cadenza.generation.Sampler;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Score;
import java.nio.file.Path;

/**
 * Generates a piece with a trained model, as the README's "Use it from Java" shows:
 * {@code java dev.cadenza.examples.GenerateMusic checkpoints out.mid [primer.mid]}.
 */
public final class GenerateMusic {
  private GenerateMusic() {}

  /**
   * Runs the example.
   *
   * @param args the model (bundle or checkpoint folder), the MIDI file to write, optionally a MIDI primer
   * @throws Exception if the model cannot be loaded or the file written
   */
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    Path output = Path.of(args[1]);
    // README:start
    try (MusicGenerator generator = MusicGenerator.builder().model(model).build()) {
      Primer primer = args.length > 2 ? generator.primer(Path.of(args[2])) : Primer.fromTraining();
      Sampler sampler = new Sampler(0.9).withTopK(40).withTopP(0.95).withNoRepeatNgram(8);
      Score score = generator.generate(new GenerationRequest(500, sampler, 7, primer));
      new MidiWriter().write(score, output);
    }
    // README:end
  }
}
