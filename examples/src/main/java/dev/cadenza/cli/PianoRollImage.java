package dev.cadenza.cli;

import dev.cadenza.AtomicFiles;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A score as a piano-roll picture: time across, pitch up, one colour per track, grid lines every second and every C. */
final class PianoRollImage {
  private static final int PIXELS_PER_SECOND = 40;
  private static final int PIXELS_PER_PITCH = 4;
  private static final int MAX_WIDTH = 8000;
  private static final Color[] TRACK_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

  private PianoRollImage() {}

  /** Draws the score's notes to a PNG file, atomically. */
  static void write(Score score, Path png) throws IOException {
    int low = 127;
    int high = 0;
    for (Track t : score.tracks()) {
      for (Note n : t.notes()) {
        low = Math.min(low, n.pitch());
        high = Math.max(high, n.pitch());
      }
    }
    if (low > high) {
      low = 60;
      high = 72;
    }
    TempoMap map = score.tempoMap();
    int width = (int) Math.min(MAX_WIDTH, Math.ceil(score.durationSeconds() * PIXELS_PER_SECOND) + 1);
    double scale = width == MAX_WIDTH ? MAX_WIDTH / Math.max(1e-9, score.durationSeconds()) : PIXELS_PER_SECOND;
    int height = (high - low + 1) * PIXELS_PER_PITCH;
    BufferedImage image = new BufferedImage(Math.max(1, width), height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), height);
    g.setColor(new Color(0xeeeeee));
    for (int second = 0; second * scale < image.getWidth(); second++) {
      g.drawLine((int) (second * scale), 0, (int) (second * scale), height);
    }
    for (int pitch = low; pitch <= high; pitch++) {
      if (pitch % 12 == 0) {
        int y = (high - pitch) * PIXELS_PER_PITCH + PIXELS_PER_PITCH;
        g.drawLine(0, y, image.getWidth(), y);
      }
    }
    for (int t = 0; t < score.tracks().size(); t++) {
      g.setColor(TRACK_COLOURS[t % TRACK_COLOURS.length]);
      for (Note n : score.tracks().get(t).notes()) {
        int x = (int) (map.secondsAt(n.startTick()) * scale);
        int w = Math.max(1, (int) (map.secondsAt(n.endTick()) * scale) - x - 1);
        g.fillRect(x, (high - n.pitch()) * PIXELS_PER_PITCH, w, PIXELS_PER_PITCH - 1);
      }
    }
    g.dispose();
    AtomicFiles.write(png, temp -> ImageIO.write(image, "png", temp.toFile()));
  }
}
