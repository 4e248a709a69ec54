package dev.cadenza.render;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The mel spectrogram of audio as librosa's {@code feature.melspectrogram} computes it by default: a periodic Hann
 * window of the FFT's length every {@code hopLength} samples, the signal padded with {@code fftSize / 2} zeros on each
 * side so frame {@code t} is centred on sample {@code t * hopLength}, the power spectrum through a {@link MelFilterbank}.
 * {@link #levels} turns it into values from 0 to 1 for a model with a sigmoid output: decibels against a full-scale
 * sine's band power, {@value #FLOOR_DB} dB and below as 0, 0 dB and above as 1.
 */
public final class MelSpectrogram {
  /** The quietest level kept, in decibels below full scale. */
  public static final double FLOOR_DB = -80;
  private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

  private final int fftSize;
  private final int hopLength;
  private final MelFilterbank filterbank;
  private final double[] window;
  private final double reference;

  /**
   * A spectrogram of this shape.
   *
   * @param fftSize the FFT length, a power of 2
   * @param hopLength samples between frames, 1 or more
   * @param filterbank the mel filters, built for this FFT length
   */
  public MelSpectrogram(int fftSize, int hopLength, MelFilterbank filterbank) {
    if (Integer.bitCount(fftSize) != 1 || fftSize < 2 || hopLength < 1) {
      throw new IllegalArgumentException("the FFT length must be a power of 2 and the hop length 1 or more, were " + fftSize + " and "
          + hopLength);
    }
    this.fftSize = fftSize;
    this.hopLength = hopLength;
    this.filterbank = filterbank;
    this.window = new double[fftSize];
    double sum = 0;
    for (int n = 0; n < fftSize; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / fftSize);
      sum += window[n];
    }
    this.reference = sum * sum / 4; // the power of a full-scale sine in its bin
  }

  /** The samples between frames. */
  public int hopLength() {
    return hopLength;
  }

  /** The mel filters. */
  public MelFilterbank filterbank() {
    return filterbank;
  }

  /** The band powers per frame of mono samples from -1 to 1: {@code 1 + samples / hopLength} frames. */
  public double[][] power(float[] samples) {
    int frames = 1 + samples.length / hopLength;
    double[][] out = new double[frames][];
    double[] power = new double[fftSize / 2 + 1];
    double[] segment = new double[fftSize];
    for (int t = 0; t < frames; t++) {
      int start = t * hopLength - fftSize / 2;
      for (int n = 0; n < fftSize; n++) {
        int i = start + n;
        segment[n] = i >= 0 && i < samples.length ? samples[i] * window[n] : 0;
      }
      Complex[] spectrum = FFT.transform(segment, TransformType.FORWARD);
      for (int bin = 0; bin < power.length; bin++) {
        double re = spectrum[bin].getReal();
        double im = spectrum[bin].getImaginary();
        power[bin] = re * re + im * im;
      }
      out[t] = filterbank.apply(power);
    }
    return out;
  }

  /** Band powers as levels from 0 ({@value #FLOOR_DB} dB below a full-scale sine, or quieter) to 1 (full scale). */
  public float[][] levels(double[][] power) {
    float[][] out = new float[power.length][];
    for (int t = 0; t < power.length; t++) {
      out[t] = new float[power[t].length];
      for (int b = 0; b < power[t].length; b++) {
        double db = 10 * Math.log10(Math.max(power[t][b] / reference, 1e-12));
        out[t][b] = (float) Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB));
      }
    }
    return out;
  }

  /** Band powers from levels: the inverse of {@link #levels} above the floor. */
  public double[][] power(float[][] levels) {
    double[][] out = new double[levels.length][];
    for (int t = 0; t < levels.length; t++) {
      out[t] = new double[levels[t].length];
      for (int b = 0; b < levels[t].length; b++) {
        double level = Math.max(0, Math.min(1, levels[t][b]));
        out[t][b] = level <= 0 ? 0 : reference * Math.pow(10, (FLOOR_DB + level * -FLOOR_DB) / 10);
      }
    }
    return out;
  }
}
