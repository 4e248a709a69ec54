package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.generation.PitchConstraint;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cadenza train and generate on a small folder of tunes and one broken file. */
class TrainGenerateCommandTest {

  static Path tunes(Path dir) throws Exception {
    for (int t = 0; t < 10; t++) {
      List<Note> notes = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        notes.add(new Note(60 + (i * (t + 2)) % 12, 80, i * 240L, 240));
      }
      new MidiWriter().write(Score.of(TempoMap.constant(480, 100), List.of(Track.of("", 0, 0, notes))), dir.resolve("tune" + t + ".mid"));
    }
    Files.writeString(dir.resolve("broken.mid"), "not midi");
    return dir;
  }

  @Test
  void trainsKeepsTheBestModelDrawsTheCurveAndGenerates(@TempDir Path dir) throws Exception {
    Path data = tunes(Files.createDirectories(dir.resolve("data")));
    Path checkpoints = dir.resolve("checkpoints");
    Cli.Run train = Cli.run("train", "--data-dir", data.toString(), "--units", "16", "--num-layers", "1", "--embedding-size", "8",
        "--sequence-length", "16", "--batch-size", "8", "--epochs", "2", "--learning-rate", "0.01", "--dropout", "0",
        "--checkpoint-dir", checkpoints.toString(), "--cache-dir", dir.resolve("cache").toString(), "--seed", "1");
    assertThat(train.status()).as(train.err()).isZero();
    assertThat(train.out()).contains("11 files: 10 encoded").contains("skipped " + data.resolve("broken.mid"))
        .contains("epoch 1: loss").contains("epoch 2: loss").contains("is in " + checkpoints.resolve("best.cadenza"));
    assertThat(checkpoints.resolve("best.cadenza")).exists();
    assertThat(Files.readAllLines(checkpoints.resolve("loss.csv"))).hasSize(3);
    assertThat(Files.readAllBytes(checkpoints.resolve("loss.png"))).startsWith(0x89, 'P', 'N', 'G');

    Path output = dir.resolve("out/generated.mid");
    Cli.Run generate = Cli.run("generate", "--model", checkpoints.resolve("best").toString(), "--length", "200",
        "--temperature", "0.8", "--seed", "3", "--key", "G major", "--range", "C3-C6", "--output-path", output.toString());
    assertThat(generate.status()).as(generate.err()).isZero();
    PitchConstraint gMajor = PitchConstraint.key("G major").withRange(48, 84);
    assertThat(MidiReader.strict().read(output).score().tracks().stream().filter(t -> !t.isDrum()).flatMap(t -> t.notes().stream()))
        .isNotEmpty().allMatch(n -> gMajor.allows(n.pitch()));
    assertThat(generate.out()).contains("seed 3").contains("wrote " + output);
    assertThat(MidiReader.strict().read(output).format()).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("out/generated.png"))).startsWith(0x89, 'P', 'N', 'G');

    Cli.Run primed = Cli.run("generate", "--model", checkpoints.resolve("best.cadenza").toString(), "--length", "50",
        "--seed-path", data.resolve("tune3.mid").toString(), "--seed", "3", "--count", "2",
        "--output-path", dir.resolve("primed.mid").toString(), "--wav", "--audio", "mp3", "--tail", "0.5");
    assertThat(primed.status()).as(primed.err()).isZero();
    for (String piece : List.of("primed-1", "primed-2")) {
      assertThat(MidiReader.strict().read(dir.resolve(piece + ".mid")).score().noteCount()).as(piece).isPositive();
      assertThat(dir.resolve(piece + ".png")).exists();
      assertThat(javax.sound.sampled.AudioSystem.getAudioFileFormat(dir.resolve(piece + ".wav").toFile()).getFrameLength())
          .as(piece + ".wav").isPositive();
      assertThat(Files.size(dir.resolve(piece + ".mp3"))).as(piece + ".mp3").isPositive();
    }
    assertThat(primed.out()).contains("WAV " + dir.resolve("primed-1.wav")).contains("MP3 " + dir.resolve("primed-1.mp3"));

    Cli.Run evaluate = Cli.run("evaluate", "--model", checkpoints.toString(), "--data", data.toString());
    assertThat(evaluate.status()).as(evaluate.err()).isZero();
    assertThat(evaluate.out()).contains(data.resolve("tune3.mid") + ": ").contains("nats per token, perplexity")
        .containsPattern("all \\d+ files: \\d+ tokens");
    assertThat(dir.resolve("primed.mid")).doesNotExist();
  }

  @Test
  void trainsAndGeneratesWithATransformerOnDjlAndDl4jSaysItCannot(@TempDir Path dir) throws Exception {
    Cli.assumeBackends("djl", "dl4j");
    Path data = tunes(Files.createDirectories(dir.resolve("data")));
    Path checkpoints = dir.resolve("checkpoints");
    Cli.Run train = Cli.run("train", "--data-dir", data.toString(), "--architecture", "transformer", "--backend", "djl",
        "--model-width", "16", "--heads", "2", "--feed-forward", "32", "--num-layers", "1", "--sequence-length", "16",
        "--batch-size", "8", "--epochs", "2", "--learning-rate", "0.005", "--dropout", "0",
        "--checkpoint-dir", checkpoints.toString(), "--cache-dir", dir.resolve("cache").toString());
    assertThat(train.status()).as(train.err()).isZero();
    assertThat(train.out()).contains("family=transformer").contains("epoch 2: loss");
    Path output = dir.resolve("transformer.mid");
    Cli.Run generate = Cli.run("generate", "--model", checkpoints.resolve("best").toString(), "--seconds", "5",
        "--seed", "2", "--top-k", "20", "--top-p", "0.9", "--min-p", "0.01", "--repetition-penalty", "1.1",
        "--no-repeat-ngram", "6", "--output-path", output.toString());
    assertThat(generate.status()).as(generate.err()).isZero();
    assertThat(MidiReader.strict().read(output).format()).isEqualTo(1);
    assertThat(MidiReader.strict().read(output).score().durationSeconds()).as("--seconds 5").isGreaterThanOrEqualTo(5);
    Cli.Run refused = Cli.run("train", "--data-dir", data.toString(), "--model", "transformer", "--backend", "dl4j",
        "--sequence-length", "16", "--checkpoint-dir", dir.resolve("other").toString(), "--cache-dir", dir.resolve("cache").toString());
    assertThat(refused.status()).isEqualTo(2);
    assertThat(refused.err()).as("train's old --model still reads, with a notice").contains("builds LSTMs only")
        .contains("train's --model is now --architecture");
  }

  @Test
  void missingAndCorruptModelsAreReported(@TempDir Path dir) throws Exception {
    Cli.Run missing = Cli.run("generate", "--model", dir.resolve("nothing").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no such model");
    Path corrupt = Files.writeString(dir.resolve("bad.cadenza"), "garbage");
    Cli.Run bad = Cli.run("generate", "--model", corrupt.toString());
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("not a Cadenza model bundle");
    assertThat(Cli.run("train", "--data-dir", dir.toString(), "--backend", "theano").err()).contains("no backend named 'theano'");
  }
}
