package dev.cadenza.render;

import dev.cadenza.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A training run's loss curve: training and validation loss per epoch, from the {@code loss.csv} the trainer writes
 * (epoch, training loss, validation loss, ...).
 */
public final class LossChart {
  private LossChart() {}

  /** Draws the loss history to a PNG of 800 x 500 pixels, atomically. */
  public static void write(Path csv, Path png) throws IOException {
    JFreeChart chart = chart(csv);
    AtomicFiles.write(png, temp -> ChartUtils.saveChartAsPNG(temp.toFile(), chart, 800, 500));
  }

  /** The loss history as a picture of the given size. */
  public static BufferedImage draw(Path csv, int width, int height) throws IOException {
    return chart(csv).createBufferedImage(width, height);
  }

  private static JFreeChart chart(Path csv) throws IOException {
    XYSeries train = new XYSeries("training loss");
    XYSeries validation = new XYSeries("validation loss");
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      train.add(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
      validation.add(Integer.parseInt(f[0]), Double.parseDouble(f[2]));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(train);
    data.addSeries(validation);
    JFreeChart chart = ChartFactory.createXYLineChart("Cadenza training", "epoch", "loss (nats per step)", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }
}
