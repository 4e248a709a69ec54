package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {
  @Test
  void preparesACorpusThenTrainsOnItStreamedAndNeverReplacesItUnasked(@TempDir Path dir) throws Exception {
    Path data = TrainGenerateCommandTest.tunes(Files.createDirectories(dir.resolve("data")));
    Path prepared = dir.resolve("prepared");
    Cli.Run prepare = Cli.run("prepare", "--input", data.toString(), "--output", prepared.toString(), "--validation-split", "0.2",
        "--test-split", "0", "--min-tokens", "1");
    assertThat(prepare.status()).as(prepare.err()).isZero();
    assertThat(prepare.out()).contains("11 files: 10 kept").contains("1 unreadable").contains("train --data " + prepared);
    assertThat(Files.readString(prepared.resolve("rejects.csv"))).contains(data.resolve("broken.mid") + ",unreadable,");

    Cli.Run again = Cli.run("prepare", "--input", data.toString(), "--output", prepared.toString());
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err().strip()).startsWith("cadenza prepare: --output " + prepared + " holds a prepared corpus already")
        .contains("--overwrite").doesNotContain("Exception");

    Path checkpoints = dir.resolve("checkpoints");
    Cli.Run train = Cli.run("train", "--data", prepared.toString(), "--units", "16", "--num-layers", "1", "--embedding-size", "8",
        "--sequence-length", "16", "--batch-size", "8", "--epochs", "1", "--dropout", "0", "--checkpoint-dir", checkpoints.toString());
    assertThat(train.status()).as(train.err()).isZero();
    assertThat(train.out()).contains("prepared corpus " + prepared + ", streamed").contains("epoch 1: loss");
    assertThat(checkpoints.resolve("best.cadenza")).exists();

    assertThat(Cli.run("train", "--data", prepared.toString(), "--tokenizer", "remi").err())
        .contains("--tokenizer, -o and --validation-split do not apply to --data");
    assertThat(Cli.run("train", "--data-dir", data.toString(), "--shuffle-buffer", "10").err())
        .contains("--shuffle-buffer applies to --data");
    Path shard = prepared.resolve("train/part-00000.shard");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[bytes.length - 30] ^= 1;
    Files.write(shard, bytes);
    Cli.Run damaged = Cli.run("train", "--data", prepared.toString(), "--units", "16", "--num-layers", "1", "--embedding-size", "8",
        "--sequence-length", "16", "--batch-size", "8", "--epochs", "1", "--checkpoint-dir", dir.resolve("again").toString());
    assertThat(damaged.status()).isEqualTo(1);
    assertThat(damaged.err().strip()).isEqualTo("cadenza train: " + shard + " is damaged: its checksum does not match its content");
  }

  @Test
  void mistakesGetOneLineNamingTheOption(@TempDir Path dir) throws Exception {
    Path data = TrainGenerateCommandTest.tunes(Files.createDirectories(dir.resolve("data")));
    assertThat(Cli.run("train", "--data", data.toString()).err().strip())
        .isEqualTo("cadenza train: --data " + data + " is not a prepared corpus (no manifest.json): make one with cadenza prepare, or give "
            + "MIDI files with --data-dir (see 'cadenza train --help')");
    assertThat(Cli.run("train", "--data", data.toString(), "--data-dir", data.toString()).err())
        .contains("give --data-dir (MIDI files) or --data (a prepared corpus): one of them");
    assertThat(Cli.run("prepare", "--input", dir.resolve("nothing").toString(), "--output", dir.resolve("out").toString()).err().strip())
        .isEqualTo("cadenza prepare: no such file or folder: " + dir.resolve("nothing"));
    assertThat(Cli.run("prepare", "--input", data.toString(), "--output", dir.resolve("out").toString(), "--engine", "hadoop").err())
        .contains("--engine hadoop: no preparation engine 'hadoop' on the class path (there are: local)");
    assertThat(Cli.run("prepare", "--input", data.toString(), "--output", dir.resolve("out").toString(), "--engine", "spark").err())
        .contains("the spark engine is the cadenza-spark module");
    assertThat(Cli.run("prepare", "--input", data.toString(), "--output", dir.resolve("out").toString(), "--tokenizer", "piano-roll")
        .err()).contains("gives frames, and prepared corpora hold tokens");
    assertThat(Cli.run("prepare", "--input", data.toString(), "--output", dir.resolve("out").toString(), "--programs", "0-200").err())
        .contains("--programs 0-200: programs must be General MIDI programs 0-127");
    assertThat(Cli.run("prepare", "--input", data.toString(), "--output", dir.resolve("out").toString(), "--test-split", "0.99").err())
        .contains("the validation and test shares must be at least 0 and below 1 together");
  }
}
