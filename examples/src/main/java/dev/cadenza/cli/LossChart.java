package dev.cadenza.cli;

import dev.cadenza.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The loss curve as a PNG picture: training and validation loss per epoch. */
final class LossChart {
  private LossChart() {}

  /** Draws the loss history the trainer wrote (CSV: epoch, train loss, validation loss, ...) to a PNG, atomically. */
  static void write(Path csv, Path png) throws IOException {
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
    AtomicFiles.write(png, temp -> ChartUtils.saveChartAsPNG(temp.toFile(), chart, 800, 500));
  }
}
