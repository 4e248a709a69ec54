package dev.cadenza.examples;

import dev.cadenza.generator.MusicTrainer;
import dev.cadenza.training.EpochResult;
import dev.cadenza.training.TrainingConfig;
import dev.cadenza.training.TrainingListener;
import dev.cadenza.training.TrainingResult;
import java.nio.file.Path;

/**
 * Trains a model on a folder of MIDI files, as the README's "Use it from Java" shows:
 * {@code java dev.cadenza.examples.TrainMusic midi/ checkpoints [epochs]}.
 */
public final class TrainMusic {
  private TrainMusic() {}

  /**
   * Runs the example.
   *
   * @param args the folder of MIDI files, the checkpoint folder, optionally the number of epochs (20)
   * @throws Exception if the settings cannot work, the files cannot be read or the model written
   */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Path checkpoints = Path.of(args[1]);
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    // README:start
    MusicTrainer trainer = MusicTrainer.builder()
        .data(data)                                // a folder of MIDI files
        .tokenizer("remi")                         // the model's sizes come from the tokenizer
        .architecture("lstm").units(256).layers(2)
        .training(TrainingConfig.builder().epochs(epochs)
            .checkpointDirectory(checkpoints)      // the best model goes to checkpoints/best.cadenza
            .build())
        .build();                                  // every setting and combination is checked here
    TrainingResult result = trainer.train(new TrainingListener() {
      @Override
      public void epochDone(EpochResult epoch) {
        System.out.printf("epoch %d: validation loss %.4f%n", epoch.epoch(), epoch.validationLoss());
      }
    });
    System.out.println(result.message());
    // README:end
  }
}
