package dev.cadenza.examples;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiFiles;
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
    Path primer = args.length > 2 ? Path.of(args[2]) : null;
    // README:start
    try (MusicGenerator generator = MusicGenerator.builder().model(model).build()) {
      GenerationRequest.Builder request = GenerationRequest.builder()
          .bars(16)                                // or .seconds(60), .tokens(800)
          .temperature(0.9).topK(40).topP(0.95)
          .key("D minor")                          // optional: .range("C3-C6"), .programs(0), ...
          .seed(7);
      if (primer != null) {
        request.primer(primer);                    // or .primer(score), .primerTokens(ids), .randomPrimer()
      }
      Score score = generator.generate(request.build());
      MidiFiles.write(score, output);
    }
    // README:end
  }
}
