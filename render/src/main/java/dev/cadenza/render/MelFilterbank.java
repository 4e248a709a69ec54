package dev.cadenza.render;

/**
 * A bank of triangular mel filters over the bins of a real FFT, as librosa's {@code filters.mel} builds it: band
 * {@code i} rises from the centre frequency of band {@code i - 1} to its own and falls to that of band {@code i + 1},
 * the centres spaced evenly on the mel scale between the lowest and highest frequency. With Slaney's normalization
 * each triangle is divided by its width in Hz (so each band has about the same area), as librosa does by default.
 */
public final class MelFilterbank {
  /** A mel scale: how frequencies in Hz map to mels. */
  public enum Scale {
    /** The HTK scale: {@code 2595 log10(1 + f / 700)}. */
    HTK {
      @Override
      public double toMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
      }

      @Override
      public double toHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
      }
    },
    /** Slaney's scale (the Auditory Toolbox's, librosa's default): linear to 1 kHz (3 mels per 200 Hz), logarithmic above. */
    SLANEY {
      private static final double HZ_PER_MEL = 200.0 / 3;
      private static final double BREAK_HZ = 1000;
      private static final double BREAK_MEL = BREAK_HZ / HZ_PER_MEL;
      private static final double LOG_STEP = 0.06875177742094912; // ln(6.4) / 27

      @Override
      public double toMel(double hz) {
        return hz < BREAK_HZ ? hz / HZ_PER_MEL : BREAK_MEL + Math.log(hz / BREAK_HZ) / LOG_STEP;
      }

      @Override
      public double toHz(double mel) {
        return mel < BREAK_MEL ? mel * HZ_PER_MEL : BREAK_HZ * Math.exp(LOG_STEP * (mel - BREAK_MEL));
      }
    };

    /** Mels of a frequency in Hz. */
    public abstract double toMel(double hz);

    /** The frequency in Hz of a number of mels. */
    public abstract double toHz(double mel);
  }

  private final double[][] weights;
  private final double[] edges;

  /**
   * A filterbank.
   *
   * @param sampleRate samples per second
   * @param fftSize the FFT length; the filters cover its {@code fftSize / 2 + 1} bins
   * @param bands the number of mel bands
   * @param lowestHz the lowest frequency, 0 or more
   * @param highestHz the highest frequency, at most half the sample rate
   * @param scale the mel scale
   * @param slaneyNormalized whether each triangle is divided by its width in Hz
   * @throws IllegalArgumentException if a size is below 1 or the frequencies are out of order or range
   */
  public MelFilterbank(int sampleRate, int fftSize, int bands, double lowestHz, double highestHz, Scale scale, boolean slaneyNormalized) {
    if (sampleRate < 1 || fftSize < 2 || bands < 1 || lowestHz < 0 || highestHz <= lowestHz || highestHz > sampleRate / 2.0) {
      throw new IllegalArgumentException(String.format("a mel filterbank needs a sample rate, an FFT of 2 or more, 1 or more bands "
          + "and 0 <= lowest < highest <= half the sample rate; was %d Hz, FFT %d, %d bands, %.1f..%.1f Hz", sampleRate, fftSize, bands,
          lowestHz, highestHz));
    }
    edges = new double[bands + 2];
    double lowMel = scale.toMel(lowestHz);
    double highMel = scale.toMel(highestHz);
    for (int i = 0; i < edges.length; i++) {
      edges[i] = scale.toHz(lowMel + (highMel - lowMel) * i / (bands + 1));
    }
    int bins = fftSize / 2 + 1;
    weights = new double[bands][bins];
    for (int band = 0; band < bands; band++) {
      double norm = slaneyNormalized ? 2 / (edges[band + 2] - edges[band]) : 1;
      for (int bin = 0; bin < bins; bin++) {
        double hz = (double) bin * sampleRate / fftSize;
        double rising = (hz - edges[band]) / (edges[band + 1] - edges[band]);
        double falling = (edges[band + 2] - hz) / (edges[band + 2] - edges[band + 1]);
        weights[band][bin] = Math.max(0, Math.min(rising, falling)) * norm;
      }
    }
  }

  /** The number of bands. */
  public int bands() {
    return weights.length;
  }

  /** The weight of FFT bin {@code bin} in band {@code band}. */
  public double weight(int band, int bin) {
    return weights[band][bin];
  }

  /** The centre frequency of a band, in Hz. */
  public double centreHz(int band) {
    return edges[band + 1];
  }

  /** The bands' energies of one power spectrum ({@code fftSize / 2 + 1} values). */
  public double[] apply(double[] power) {
    double[] out = new double[weights.length];
    for (int band = 0; band < weights.length; band++) {
      double sum = 0;
      double[] w = weights[band];
      for (int bin = 0; bin < w.length; bin++) {
        sum += w[bin] * power[bin];
      }
      out[band] = sum;
    }
    return out;
  }
}
