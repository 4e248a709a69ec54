package dev.cadenza.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piano rolls: the size asked for, notes where they sound, drums in their lane. */
class PianoRollTest {
  @Test
  void notesAndDrumsAreDrawnInAPictureOfTheSizeAsked(@TempDir Path dir) throws Exception {
    Score score = Score.of(TempoMap.constant(480, 120), List.of(
        Track.of("piano", 0, 0, List.of(new Note(60, 127, 0, 1920), new Note(72, 127, 1920, 1920))),
        Track.of("kit", 0, Track.DRUM_CHANNEL, List.of(new Note(36, 127, 0, 120)))));
    Path png = dir.resolve("roll.png");
    PianoRoll.write(score, png, 800, 300);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(300);
    assertThat(colouredPixels(image, 0, 0, 800, 230)).as("pitched notes").isGreaterThan(1000);
    assertThat(colouredPixels(image, 30, 236, 800, 300)).as("the drum lane").isPositive();
    assertThatThrownBy(() -> PianoRoll.write(score, png, 10, 10)).hasMessageContaining("200 x 100 to 20000 x 20000");
    BufferedImage empty = PianoRoll.draw(Score.of(TempoMap.constant(480, 120), List.of()), 400, 200);
    assertThat(colouredPixels(empty, 0, 0, 400, 200)).as("an empty score draws an empty roll").isZero();
  }

  /** Pixels in the rectangle whose colour is not grey (notes; lines and labels are grey). */
  private static int colouredPixels(BufferedImage image, int x0, int y0, int x1, int y1) {
    int count = 0;
    for (int x = x0; x < x1; x++) {
      for (int y = y0; y < y1; y++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        count += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40 ? 1 : 0;
      }
    }
    return count;
  }
}
