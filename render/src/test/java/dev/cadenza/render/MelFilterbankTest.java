package dev.cadenza.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The mel scales, the filterbank and the spectrogram against their formulas and known values. */
class MelFilterbankTest {
  private static final int RATE = 22_050;
  private static final int FFT = 2048;

  @Test
  void theScalesGiveTheirKnownValues() {
    MelFilterbank.Scale slaney = MelFilterbank.Scale.SLANEY;
    assertThat(slaney.toMel(0)).isEqualTo(0);
    assertThat(slaney.toMel(200)).isCloseTo(3, within(1e-12));
    assertThat(slaney.toMel(1000)).isCloseTo(15, within(1e-12));
    assertThat(slaney.toMel(6400)).isCloseTo(42, within(1e-9)); // 27 log steps of ln(6.4) / 27 above 1 kHz
    assertThat(slaney.toMel(440)).isCloseTo(6.6, within(1e-12));
    MelFilterbank.Scale htk = MelFilterbank.Scale.HTK;
    assertThat(htk.toMel(700)).isCloseTo(2595 * Math.log10(2), within(1e-9));
    assertThat(htk.toMel(1000)).isCloseTo(999.9855, within(1e-3));
  }

  @ParameterizedTest
  @EnumSource(MelFilterbank.Scale.class)
  void eachScaleInvertsItself(MelFilterbank.Scale scale) {
    for (double hz = 0; hz <= 20_000; hz += 37.5) {
      assertThat(scale.toHz(scale.toMel(hz))).isCloseTo(hz, within(1e-6 * Math.max(1, hz)));
    }
  }

  /** The HTK formula written out here, apart from the code under test. */
  private static double htkMel(double hz) {
    return 2595 * Math.log10(1 + hz / 700);
  }

  /** Slaney's formula written out here, apart from the code under test. */
  private static double slaneyMel(double hz) {
    return hz < 1000 ? 3 * hz / 200 : 15 + 27 * Math.log(hz / 1000) / Math.log(6.4);
  }

  @ParameterizedTest
  @EnumSource(MelFilterbank.Scale.class)
  void bandCentresAreEvenlySpacedByTheFormula(MelFilterbank.Scale scale) {
    MelFilterbank bank = new MelFilterbank(RATE, FFT, 40, 0, RATE / 2.0, scale, true);
    java.util.function.DoubleUnaryOperator mel = scale == MelFilterbank.Scale.HTK ? MelFilterbankTest::htkMel : MelFilterbankTest::slaneyMel;
    double top = mel.applyAsDouble(RATE / 2.0);
    for (int band = 0; band < bank.bands(); band++) {
      assertThat(mel.applyAsDouble(bank.centreHz(band))).isCloseTo(top * (band + 1) / 41, within(1e-6 * top));
    }
  }

  @ParameterizedTest
  @EnumSource(MelFilterbank.Scale.class)
  void eachFilterIsATriangleOverItsNeighboursCentresWithUnitArea(MelFilterbank.Scale scale) {
    MelFilterbank bank = new MelFilterbank(RATE, FFT, 40, 0, RATE / 2.0, scale, true);
    double binHz = (double) RATE / FFT;
    for (int band = 0; band < bank.bands(); band++) {
      double low = band == 0 ? 0 : bank.centreHz(band - 1);
      double centre = bank.centreHz(band);
      double high = band + 1 < bank.bands() ? bank.centreHz(band + 1) : RATE / 2.0 * 1.1;
      double area = 0;
      for (int bin = 0; bin <= FFT / 2; bin++) {
        double hz = bin * binHz;
        double w = bank.weight(band, bin);
        if (band > 0 && (hz <= low || band + 1 < bank.bands() && hz >= high)) {
          assertThat(w).as("band %d at %.1f Hz", band, hz).isZero();
        }
        if (band > 0 && band + 1 < bank.bands() && hz > low && hz < high) {
          double triangle = Math.min((hz - low) / (centre - low), (high - hz) / (high - centre)) * 2 / (high - low);
          assertThat(w).as("band %d at %.1f Hz", band, hz).isCloseTo(triangle, within(1e-9));
        }
        area += w * binHz;
      }
      if (centre - low > 8 * binHz) {
        assertThat(area).as("band %d", band).isCloseTo(1, within(0.05));
      }
    }
  }

  @Test
  void withoutNormalizationTheTrianglesPeakAtOne() {
    MelFilterbank bank = new MelFilterbank(RATE, FFT, 20, 0, RATE / 2.0, MelFilterbank.Scale.HTK, false);
    for (int band = 0; band < bank.bands(); band++) {
      double peak = 0;
      for (int bin = 0; bin <= FFT / 2; bin++) {
        peak = Math.max(peak, bank.weight(band, bin));
      }
      assertThat(peak).isBetween(0.9, 1.0);
    }
  }

  @ParameterizedTest
  @EnumSource(MelFilterbank.Scale.class)
  void aPureToneLandsInTheBandCentredNearest(MelFilterbank.Scale scale) {
    MelFilterbank bank = new MelFilterbank(RATE, FFT, 64, 0, RATE / 2.0, scale, true);
    MelSpectrogram spectrogram = new MelSpectrogram(FFT, 512, bank);
    for (double hz : new double[] {110, 440, 1000, 3000, 8000}) {
      float[] samples = new float[RATE];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
      }
      double[][] power = spectrogram.power(samples);
      assertThat(power).hasNumberOfRows(1 + RATE / 512);
      double[] middle = power[power.length / 2];
      int loudest = 0;
      int nearest = 0;
      for (int band = 0; band < middle.length; band++) {
        loudest = middle[band] > middle[loudest] ? band : loudest;
        nearest = Math.abs(bank.centreHz(band) - hz) < Math.abs(bank.centreHz(nearest) - hz) ? band : nearest;
      }
      assertThat(Math.abs(loudest - nearest)).as("%.0f Hz: loudest band %d, nearest centre %d", hz, loudest, nearest).isLessThanOrEqualTo(1);
      float[][] levels = spectrogram.levels(power);
      assertThat(levels[power.length / 2][loudest]).as("a full-scale tone is loud").isGreaterThan(0.5f);
    }
  }

  @Test
  void levelsAndPowersInvertAboveTheFloor() {
    MelSpectrogram spectrogram = new MelSpectrogram(FFT, 512, new MelFilterbank(RATE, FFT, 16, 0, RATE / 2.0, MelFilterbank.Scale.SLANEY, true));
    float[][] levels = {{0.1f, 0.5f, 0.9f, 1f}, {0.25f, 0.75f, 0.3f, 0.6f}};
    float[][] back = spectrogram.levels(spectrogram.power(levels));
    for (int t = 0; t < levels.length; t++) {
      for (int b = 0; b < levels[t].length; b++) {
        assertThat(back[t][b]).isCloseTo(levels[t][b], within(1e-5f));
      }
    }
    assertThat(spectrogram.levels(new double[][] {{0, 1e-30}})[0]).containsExactly(0f, 0f);
  }

  @Test
  void impossibleShapesAreRefused() {
    assertThatThrownBy(() -> new MelFilterbank(RATE, FFT, 0, 0, 8000, MelFilterbank.Scale.HTK, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MelFilterbank(RATE, FFT, 40, 0, RATE, MelFilterbank.Scale.HTK, true))
        .hasMessageContaining("half the sample rate");
    MelFilterbank bank = new MelFilterbank(RATE, FFT, 40, 0, 8000, MelFilterbank.Scale.HTK, true);
    assertThatThrownBy(() -> new MelSpectrogram(1000, 512, bank)).hasMessageContaining("power of 2");
  }
}
