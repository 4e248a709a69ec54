package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cadenza render} and {@code generate --wav --mp3}: files people can hear and see, and clear errors. */
class RenderCommandTest {
  @Test
  void aMidiFileRendersToWavMp3AndPng(@TempDir Path dir) throws Exception {
    Path midi = Cli.writeScore(dir, "tune.mid");
    Cli.Run wav = Cli.run("render", midi.toString(), dir.resolve("tune.wav").toString(), "--tail", "0.5", "--sample-rate", "22050");
    assertThat(wav.status()).as(wav.err()).isZero();
    assertThat(wav.err()).contains("sounds: ");
    assertThat(wav.out()).contains("x real time").contains("wrote " + dir.resolve("tune.wav"));
    try (AudioInputStream in = AudioSystem.getAudioInputStream(dir.resolve("tune.wav").toFile())) {
      assertThat(in.getFormat().getSampleRate()).isEqualTo(22050f);
      assertThat((double) in.getFrameLength()).as("two notes of 90 bpm and the tail")
          .isCloseTo((2 * 60 / 90.0 + 0.5) * 22050, org.assertj.core.data.Offset.offset(1.0));
    }
    Cli.Run mp3 = Cli.run("render", midi.toString(), dir.resolve("tune.out").toString(), "--format", "mp3");
    assertThat(mp3.status()).as(mp3.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("tune.out"))).hasSizeGreaterThan(1000);
    Cli.Run png = Cli.run("render", midi.toString(), dir.resolve("tune.png").toString(), "--width", "640", "--height", "240");
    assertThat(png.status()).as(png.err()).isZero();
    BufferedImage image = ImageIO.read(dir.resolve("tune.png").toFile());
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(240);
  }

  @Test
  void mistakesAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
    Path midi = Cli.writeScore(dir, "tune.mid");
    Path corrupt = Files.writeString(dir.resolve("bad.sf2"), "not a soundfont");
    String[][] cases = {
        {"name a .wav, .mp3 or .png file", midi.toString(), dir.resolve("tune.ogg").toString()},
        {"--format must be wav, mp3 or png, was 'flac'", midi.toString(), dir.resolve("x").toString(), "--format", "flac"},
        {"MIDI " + dir.resolve("missing.mid") + ": no such file", dir.resolve("missing.mid").toString(), dir.resolve("a.wav").toString()},
        {"is not a MIDI file Cadenza can read", corrupt.toString(), dir.resolve("a.wav").toString()},
        {"--soundfont " + corrupt + ": not a SoundFont", midi.toString(), dir.resolve("a.wav").toString(), "--soundfont", corrupt.toString()},
        {"--soundfont " + dir.resolve("none.sf2") + ": no such file", midi.toString(), dir.resolve("a.wav").toString(), "--soundfont",
            dir.resolve("none.sf2").toString()},
        {"--sample-rate must be 8000 to 192000 Hz, was 100", midi.toString(), dir.resolve("a.wav").toString(), "--sample-rate", "100"},
        {"--width and --height: a piano roll is 200 x 100", midi.toString(), dir.resolve("a.png").toString(), "--width", "5"}};
    for (String[] c : cases) {
      String[] args = new String[c.length];
      args[0] = "render";
      System.arraycopy(c, 1, args, 1, c.length - 1);
      Cli.Run run = Cli.run(args);
      assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).as(String.join(" ", args)).contains(c[0]).doesNotContain("Exception").hasLineCount(1);
    }
    assertThat(dir.resolve("a.wav")).doesNotExist();
  }
}
