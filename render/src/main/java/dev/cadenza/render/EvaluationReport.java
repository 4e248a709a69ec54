package dev.cadenza.render;

import dev.cadenza.AtomicFiles;
import dev.cadenza.evaluation.Memorization;
import dev.cadenza.evaluation.MusicFeatures;
import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.music.Score;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.DoubleStream;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * An evaluation as one self-contained HTML page (pictures and audio inlined, no scripts, nothing fetched): the feature
 * table of generated music against a reference set, each feature's histograms side by side, memorization, the
 * model's loss curve, and a few generated pieces as piano rolls with audio players where audio was rendered.
 *
 * <pre>{@code
 * EvaluationReport.builder(generated, reference)
 *     .lossHistory(Path.of("checkpoints/loss.csv"))
 *     .piece("take-1.mid", score, Optional.of(Path.of("take-1.mp3")))
 *     .build().write(Path.of("report.html"));
 * }</pre>
 */
public final class EvaluationReport {
  private static final int CHART_WIDTH = 420;
  private static final int CHART_HEIGHT = 260;
  private static final int BINS = 12;

  /**
   * A generated piece to show.
   *
   * @param name its name, such as its file name
   * @param score the music
   * @param audio a rendered WAV or MP3 of it, if there is one
   */
  public record Piece(String name, Score score, Optional<Path> audio) {}

  private final List<Score> generated;
  private final List<Score> reference;
  private final Path lossHistory;
  private final List<Piece> pieces;
  private final String title;

  private EvaluationReport(Builder b) {
    this.generated = b.generated;
    this.reference = b.reference;
    this.lossHistory = b.lossHistory;
    this.pieces = List.copyOf(b.pieces);
    this.title = b.title;
  }

  /** A report comparing generated pieces with reference pieces; at least one of each. */
  public static Builder builder(List<Score> generated, List<Score> reference) {
    return new Builder(generated, reference);
  }

  /** Configures an {@link EvaluationReport}. */
  public static final class Builder {
    private final List<Score> generated;
    private final List<Score> reference;
    private Path lossHistory;
    private final List<Piece> pieces = new ArrayList<>();
    private String title = "Cadenza evaluation";

    private Builder(List<Score> generated, List<Score> reference) {
      this.generated = List.copyOf(generated);
      this.reference = List.copyOf(reference);
      if (generated.isEmpty() || reference.isEmpty()) {
        throw new IllegalArgumentException("a report needs generated and reference pieces, had " + generated.size() + " and "
            + reference.size());
      }
    }

    /** The page's title (default "Cadenza evaluation"). */
    public Builder title(String value) {
      this.title = Objects.requireNonNull(value, "title");
      return this;
    }

    /** The model's {@code loss.csv}, drawn as its loss curve. */
    public Builder lossHistory(Path csv) {
      this.lossHistory = Objects.requireNonNull(csv, "csv");
      return this;
    }

    /** A generated piece shown as a piano roll, with a player for its audio if it has some. */
    public Builder piece(String name, Score score, Optional<Path> audio) {
      pieces.add(new Piece(name, score, audio));
      return this;
    }

    /** The report. */
    public EvaluationReport build() {
      return new EvaluationReport(this);
    }
  }

  /**
   * The page.
   *
   * @throws IOException if the loss history or an audio file cannot be read
   */
  public String html() throws IOException {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}"
            + "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}.grid{display:flex;flex-wrap:wrap;gap:8px}"
            + "figure{margin:0 0 1.5em 0}figcaption{font-size:90%;color:#555}</style></head><body>\n");
    page.append("<h1>").append(escape(title)).append("</h1>\n");
    page.append(String.format(Locale.ROOT, "<p>%d generated pieces against %d reference pieces. For each feature: mean "
        + "&plusmn; standard deviation of each set, and the overlapped area (1 is alike) and KL divergence (0 is alike) of the "
        + "reference's intra-set distances and the inter-set distances (Yang and Lerch 2020).</p>%n", generated.size(), reference.size()));
    table(page, SetComparison.compare(generated, reference));
    memorization(page, Memorization.of(generated, reference));
    page.append("<h2 id=\"histograms\">Feature histograms</h2>\n<div class=\"grid\">\n");
    List<Map<String, Double>> mine = generated.stream().map(MusicFeatures::of).toList();
    List<Map<String, Double>> theirs = reference.stream().map(MusicFeatures::of).toList();
    for (String feature : MusicFeatures.NAMES) {
      page.append(image(histogram(feature, mine, theirs), feature + ": generated and reference")).append('\n');
    }
    page.append("</div>\n");
    if (lossHistory != null) {
      page.append("<h2 id=\"training\">Training</h2>\n").append(image(LossChart.draw(lossHistory, 800, 400), "loss per epoch")).append('\n');
    }
    if (!pieces.isEmpty()) {
      page.append("<h2 id=\"pieces\">Generated pieces</h2>\n");
    }
    for (Piece piece : pieces) {
      page.append("<figure>").append(image(PianoRoll.draw(piece.score(), 1200, 360), piece.name()));
      if (piece.audio().isPresent()) {
        Path audio = piece.audio().get();
        String type = audio.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp3") ? "audio/mpeg" : "audio/wav";
        page.append("<br><audio controls src=\"data:").append(type).append(";base64,")
            .append(Base64.getEncoder().encodeToString(Files.readAllBytes(audio))).append("\"></audio>");
      }
      page.append("<figcaption>").append(escape(piece.name())).append("</figcaption></figure>\n");
    }
    page.append("</body></html>\n");
    return page.toString();
  }

  /** Writes the page, atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, html().getBytes(StandardCharsets.UTF_8));
  }

  private static void table(StringBuilder page, List<SetComparison.Feature> features) {
    page.append("<table><tr><th>feature</th><th>generated</th><th>reference</th><th>overlapped area</th><th>KL divergence</th></tr>\n");
    for (SetComparison.Feature f : features) {
      page.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.3f &plusmn; %.3f</td><td>%.3f &plusmn; %.3f</td><td>%.3f</td>"
          + "<td>%.3f</td></tr>%n", f.feature(), f.generatedMean(), f.generatedDeviation(), f.referenceMean(), f.referenceDeviation(),
          f.overlappedArea(), f.klDivergence()));
    }
    page.append("</table>\n");
  }

  private static void memorization(StringBuilder page, Memorization m) {
    page.append("<h2 id=\"memorization\">Memorization</h2>\n").append(String.format(Locale.ROOT, "<p>The longest run of generated notes found in a "
        + "reference piece: <b>%d notes</b>; <b>%.1f%%</b> of generated %d-grams (pitch and onset interval) are in the reference. "
        + "The reference itself, a held-out fifth against the rest: longest run %d notes, %.1f%% of its %d-grams found.</p>%n",
        m.longestRun(), 100 * m.ngramShare(), Memorization.N, m.heldOutLongestRun(), 100 * m.heldOutNgramShare(), Memorization.N));
  }

  private static BufferedImage histogram(String feature, List<Map<String, Double>> mine, List<Map<String, Double>> theirs) {
    double[] g = mine.stream().mapToDouble(m -> m.get(feature)).filter(Double::isFinite).toArray();
    double[] r = theirs.stream().mapToDouble(m -> m.get(feature)).filter(Double::isFinite).toArray();
    double low = DoubleStream.concat(Arrays.stream(g), Arrays.stream(r)).min().orElse(0);
    double high = DoubleStream.concat(Arrays.stream(g), Arrays.stream(r)).max().orElse(1);
    if (!(high > low)) {
      high = low + 1;
    }
    HistogramDataset data = new HistogramDataset();
    data.setType(HistogramType.RELATIVE_FREQUENCY);
    if (g.length > 0) {
      data.addSeries("generated", g, BINS, low, high);
    }
    if (r.length > 0) {
      data.addSeries("reference", r, BINS, low, high);
    }
    JFreeChart chart = ChartFactory.createHistogram(feature, feature, "share of pieces", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setForegroundAlpha(0.6f);
    ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
    return chart.createBufferedImage(CHART_WIDTH, CHART_HEIGHT);
  }

  private static String image(BufferedImage picture, String alt) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, "png", png);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a PNG in memory", e);
    }
    return "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()) + "\">";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
