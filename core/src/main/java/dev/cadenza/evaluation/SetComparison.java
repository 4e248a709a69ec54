package dev.cadenza.evaluation;

import dev.cadenza.music.Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Generated music against a reference set, feature by feature, after Yang and Lerch (2020): for each of
 * {@link MusicFeatures#NAMES}, the distribution of distances between reference pieces (intra-set) and the distribution of
 * distances between generated and reference pieces (inter-set), each smoothed with a Gaussian kernel (Silverman's
 * bandwidth); their overlapped area (1: the generated pieces sit among the reference pieces as the reference pieces sit
 * among themselves) and the Kullback-Leibler divergence of the inter-set from the intra-set distribution (0: the same).
 */
public final class SetComparison {
  private static final int GRID = 512;

  private SetComparison() {}

  /**
   * One feature compared.
   *
   * @param feature its name
   * @param generatedMean the mean over the generated pieces
   * @param generatedDeviation their standard deviation
   * @param referenceMean the mean over the reference pieces
   * @param referenceDeviation their standard deviation
   * @param overlappedArea of the intra-set and inter-set distance distributions, 0 to 1
   * @param klDivergence KL(intra-set || inter-set), nats, 0 or more
   */
  public record Feature(String feature, double generatedMean, double generatedDeviation, double referenceMean,
      double referenceDeviation, double overlappedArea, double klDivergence) {}

  /** Every feature compared; a feature with too few values (two reference pieces, one generated) has NaN areas. */
  public static List<Feature> compare(List<Score> generated, List<Score> reference) {
    return compareFeatures(generated.stream().map(MusicFeatures::of).toList(), reference.stream().map(MusicFeatures::of).toList());
  }

  /**
   * {@link #compare} from the pieces' features ({@link MusicFeatures#of}), computed elsewhere, such as in parallel on a
   * cluster.
   */
  public static List<Feature> compareFeatures(List<Map<String, Double>> g, List<Map<String, Double>> r) {
    List<Feature> features = new ArrayList<>();
    for (String name : MusicFeatures.NAMES) {
      double[] gv = MusicFeatures.values(g, name);
      double[] rv = MusicFeatures.values(r, name);
      double[] gStats = MusicFeatures.meanAndDeviation(gv);
      double[] rStats = MusicFeatures.meanAndDeviation(rv);
      double[] areas = rv.length < 2 || gv.length < 1 ? new double[] {Double.NaN, Double.NaN} : overlap(intra(rv), inter(gv, rv));
      features.add(new Feature(name, gStats[0], gStats[1], rStats[0], rStats[1], areas[0], areas[1]));
    }
    return features;
  }

  /** The comparison as a table for people: a header line, then one line per feature. */
  public static List<String> table(List<Feature> features) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(java.util.Locale.ROOT, "%-24s %18s %18s %8s %8s", "feature", "generated", "reference", "overlap", "KL"));
    for (Feature f : features) {
      lines.add(String.format(java.util.Locale.ROOT, "%-24s %9.3f ± %-6.3f %9.3f ± %-6.3f %8.3f %8.3f", f.feature(), f.generatedMean(),
          f.generatedDeviation(), f.referenceMean(), f.referenceDeviation(), f.overlappedArea(), f.klDivergence()));
    }
    return lines;
  }

  private static double[] intra(double[] values) {
    double[] distances = new double[values.length * (values.length - 1) / 2];
    int k = 0;
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length; j++) {
        distances[k++] = Math.abs(values[i] - values[j]);
      }
    }
    return distances;
  }

  private static double[] inter(double[] a, double[] b) {
    double[] distances = new double[a.length * b.length];
    int k = 0;
    for (double x : a) {
      for (double y : b) {
        distances[k++] = Math.abs(x - y);
      }
    }
    return distances;
  }

  /** The overlapped area and KL(p || q) of two samples' kernel density estimates, on one grid. */
  static double[] overlap(double[] p, double[] q) {
    double hp = bandwidth(p);
    double hq = bandwidth(q);
    double low = Math.min(Arrays.stream(p).min().getAsDouble() - 4 * hp, Arrays.stream(q).min().getAsDouble() - 4 * hq);
    double high = Math.max(Arrays.stream(p).max().getAsDouble() + 4 * hp, Arrays.stream(q).max().getAsDouble() + 4 * hq);
    double dx = (high - low) / (GRID - 1);
    double[] fp = density(p, hp, low, dx);
    double[] fq = density(q, hq, low, dx);
    double area = 0;
    double divergence = 0;
    for (int i = 0; i < GRID; i++) {
      area += Math.min(fp[i], fq[i]) * dx;
      if (fp[i] > 1e-12) {
        divergence += fp[i] * Math.log(fp[i] / Math.max(fq[i], 1e-12)) * dx;
      }
    }
    return new double[] {Math.min(1, area), Math.max(0, divergence)};
  }

  /** Silverman's rule; a sample with no spread gets a narrow kernel rather than none. */
  private static double bandwidth(double[] sample) {
    double[] stats = MusicFeatures.meanAndDeviation(sample);
    double h = 1.06 * stats[1] * Math.pow(sample.length, -0.2);
    return h > 1e-9 ? h : 1e-3 * (1 + Math.abs(stats[0]));
  }

  private static double[] density(double[] sample, double h, double low, double dx) {
    double[] f = new double[GRID];
    double norm = 1 / (sample.length * h * Math.sqrt(2 * Math.PI));
    for (int i = 0; i < GRID; i++) {
      double x = low + i * dx;
      double sum = 0;
      for (double s : sample) {
        double z = (x - s) / h;
        sum += Math.exp(-0.5 * z * z);
      }
      f[i] = sum * norm;
    }
    return f;
  }
}
