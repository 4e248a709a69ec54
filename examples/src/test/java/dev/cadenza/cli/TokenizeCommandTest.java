package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {

  @Test
  void listsEveryTokenizerWithWhatItKeeps() {
    Cli.Run run = Cli.run("tokenize", "--list");
    assertThat(run.status()).isZero();
    assertThat(run.out().lines()).hasSize(8).anyMatch(l -> l.startsWith("remi ") && l.contains("keeps"))
        .anyMatch(l -> l.startsWith("chord-steps ") && l.contains("exact form"))
        .anyMatch(l -> l.startsWith("mel ") && l.contains("mel spectrogram"));
  }

  @Test
  void printsReadableTokensAndTheRoundTripOfEveryFile(@TempDir Path dir) throws Exception {
    Cli.writeScore(dir, "tune.mid");
    Files.writeString(dir.resolve("broken.mid"), "not midi");
    Cli.Run run = Cli.run("tokenize", "--tokenizer", "remi", "--check-round-trip", dir.toString());
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("tune.mid: 16 tokens: Bar Position_0 Tempo_87.42 Program_-1 Pitch_36 Velocity_97 Duration_0.25 Program_73 Pitch_72")
        .contains("round trip: exact")
        .contains("broken.mid: error: byte 0")
        .endsWith("round-trip: 2 files, 1 exact, 0 differ, 1 unreadable\n");
  }

  @Test
  void framesPrintAsWhatSounds(@TempDir Path dir) throws Exception {
    Cli.writeScore(dir, "tune.mid");
    Cli.Run run = Cli.run("tokenize", "-t", "drum-grid", "--show", "1", dir.toString());
    assertThat(run.out()).contains("tune.mid: 1 frames: [kick]");
    Cli.Run roll = Cli.run("tokenize", "-t", "piano-roll", "-o", "stepsPerQuarter=1", dir.toString());
    assertThat(roll.out()).contains("2 frames: [C5] [D5]");
  }

  @Test
  void theBachChoralesRoundTripExactlyWithRemi() {
    Cli.Run run = Cli.run("tokenize", "-t", "remi", "--check-round-trip", "--show", "0",
        SharedData.dir("bach-chorales-midi").toString());
    assertThat(run.out()).contains("round-trip: 498 files, 498 exact, 0 differ, 0 unreadable");
  }

  @Test
  void badTokenizersAndOptionsAreUsageErrors() {
    assertThat(Cli.run("tokenize", "-t", "word-piece", ".").err()).contains("no tokenizer named 'word-piece'");
    assertThat(Cli.run("tokenize", "-t", "remi", "-o", "stepsPerQuarter=0", ".").status()).isEqualTo(2);
    assertThat(Cli.run("tokenize", ".").status()).isEqualTo(2);
  }
}
