package dev.cadenza.render;

import dev.cadenza.AtomicFiles;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A score as a piano-roll picture: time across with bar lines, bar numbers and beat ticks (from the score's time
 * signatures, 4/4 before the first), pitch up with a line and a name at every C, a colour per track, velocity as
 * shade (soft notes paler), and the drums a row per drum key: in a lane of their own under the pitched notes, or, with
 * no pitched notes, over the whole height, each row labelled with its key.
 *
 * <pre>{@code
 * PianoRoll.write(score, Path.of("song.png"));              // 1600 x 600
 * PianoRoll.write(score, Path.of("song.png"), 3000, 800);
 * }</pre>
 */
public final class PianoRoll {
  /** The default size, in pixels. */
  public static final int DEFAULT_WIDTH = 1600;
  /** The default height, in pixels. */
  public static final int DEFAULT_HEIGHT = 600;
  private static final int LEFT = 36;
  private static final int TOP = 18;
  private static final int DRUM_LANE = 60;
  private static final Color[] TRACK_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
  private static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

  private PianoRoll() {}

  /** Draws the score to a PNG file of the default size, atomically. */
  public static void write(Score score, Path png) throws IOException {
    write(score, png, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * Draws the score to a PNG file of the given size, atomically.
   *
   * @throws IllegalArgumentException if the size is below 200 x 100 or above 20,000 pixels either way
   */
  public static void write(Score score, Path png, int width, int height) throws IOException {
    BufferedImage image = draw(score, width, height);
    AtomicFiles.write(png, temp -> ImageIO.write(image, "png", temp.toFile()));
  }

  /** The picture, for callers that show it rather than save it. */
  public static BufferedImage draw(Score score, int width, int height) {
    if (width < 200 || height < 100 || width > 20_000 || height > 20_000) {
      throw new IllegalArgumentException("a piano roll is 200 x 100 to 20000 x 20000 pixels, was " + width + " x " + height);
    }
    List<Track> pitched = score.tracks().stream().filter(t -> !t.isDrum()).toList();
    boolean anyPitched = pitched.stream().anyMatch(t -> !t.notes().isEmpty());
    List<Integer> drumKeys = score.tracks().stream().filter(Track::isDrum).flatMap(t -> t.notes().stream()).map(Note::pitch)
        .distinct().sorted().toList();
    boolean drums = !drumKeys.isEmpty();
    int low = pitched.stream().flatMap(t -> t.notes().stream()).mapToInt(Note::pitch).min().orElse(60);
    int high = pitched.stream().flatMap(t -> t.notes().stream()).mapToInt(Note::pitch).max().orElse(72);
    low = Math.max(0, low / 12 * 12);
    high = Math.min(127, high + 1);
    // Drums alone fill the picture, a row per drum key; under pitched notes they get a lane of their own.
    int drumLane = !drums ? 0 : anyPitched ? DRUM_LANE : height - TOP - 6;
    int rollBottom = height - (drums ? drumLane + 4 : 0) - 2;
    double drumRow = drums ? drumLane / (double) drumKeys.size() : 0;
    double pitchHeight = (rollBottom - TOP) / (double) (high - low + 1);
    TempoMap map = score.tempoMap();
    double seconds = Math.max(1e-3, score.durationSeconds());
    double xScale = (width - LEFT - 4) / seconds;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    drawBars(g, score, map, xScale, height);
    g.setColor(new Color(0xd0d0d0));
    for (int pitch = low; anyPitched && pitch <= high; pitch += 12) { // low is a C
      int y = (int) (rollBottom - (pitch - low) * pitchHeight);
      g.drawLine(LEFT, y, width, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(NAMES[pitch % 12] + (pitch / 12 - 1), 2, y + 4);
      g.setColor(new Color(0xd0d0d0));
    }
    for (int t = 0; t < score.tracks().size(); t++) {
      Track track = score.tracks().get(t);
      Color colour = TRACK_COLOURS[t % TRACK_COLOURS.length];
      for (Note n : track.notes()) {
        int x = LEFT + (int) (map.secondsAt(n.startTick()) * xScale);
        int w = Math.max(1, (int) ((map.secondsAt(n.endTick()) - map.secondsAt(n.startTick())) * xScale) - 1);
        g.setColor(shade(colour, n.velocity()));
        if (track.isDrum()) {
          int row = rollBottom + 4 + (int) (drumKeys.indexOf(n.pitch()) * drumRow);
          g.fillRect(x, row, Math.max(2, Math.min(w, 4)), Math.max(2, (int) drumRow - 1));
        } else {
          int y = (int) (rollBottom - (n.pitch() - low + 1) * pitchHeight);
          g.fillRect(x, y, w, Math.max(1, (int) pitchHeight - 1));
        }
      }
    }
    if (drums) {
      g.setColor(Color.DARK_GRAY);
      if (drumRow >= 11) {
        for (int k = 0; k < drumKeys.size(); k++) {
          g.drawString(String.valueOf(drumKeys.get(k)), 2, rollBottom + 4 + (int) ((k + 0.5) * drumRow) + 4);
        }
      } else {
        g.drawString("drums", 2, rollBottom + 4 + drumLane / 2 + 4);
      }
      g.drawLine(LEFT, rollBottom + 2, width, rollBottom + 2);
    }
    g.dispose();
    return image;
  }

  /** Bar lines with their numbers and beat ticks, from the time signatures (4/4 before the first). */
  private static void drawBars(Graphics2D g, Score score, TempoMap map, double xScale, int height) {
    List<TimeSignature> signatures = score.timeSignatures();
    long end = score.endTick();
    long tick = 0;
    int numerator = 4;
    int denominator = 4;
    int next = 0;
    int bar = 1;
    int labelEvery = 1;
    while (tick <= end) {
      while (next < signatures.size() && signatures.get(next).tick() <= tick) {
        numerator = signatures.get(next).numerator();
        denominator = signatures.get(next).denominator();
        next++;
      }
      long beat = Math.max(1, 4L * score.resolution() / denominator);
      int x = LEFT + (int) (map.secondsAt(tick) * xScale);
      if (bar == 2) {
        labelEvery = Math.max(1, (int) Math.ceil(24.0 / Math.max(1, x - LEFT)));
      }
      g.setColor(new Color(0xb0b0b0));
      g.drawLine(x, TOP, x, height);
      if ((bar - 1) % labelEvery == 0) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(Integer.toString(bar), x + 2, TOP - 6);
      }
      g.setColor(new Color(0xe8e8e8));
      for (int b = 1; b < numerator; b++) {
        int bx = LEFT + (int) (map.secondsAt(tick + b * beat) * xScale);
        g.drawLine(bx, TOP, bx, TOP + 4);
      }
      tick += numerator * beat;
      bar++;
    }
  }

  /** The track's colour, paler for softer notes (velocity 127: the colour itself). */
  private static Color shade(Color colour, int velocity) {
    double strength = 0.35 + 0.65 * velocity / 127.0;
    return new Color(mix(colour.getRed(), strength), mix(colour.getGreen(), strength), mix(colour.getBlue(), strength));
  }

  private static int mix(int channel, double strength) {
    return (int) Math.round(255 - (255 - channel) * strength);
  }
}
