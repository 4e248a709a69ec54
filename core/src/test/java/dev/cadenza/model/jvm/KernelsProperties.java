package dev.cadenza.model.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

/** The sessions' fast functions against the JDK's exact ones. */
class KernelsProperties {
  @Property(tries = 2000)
  void expIsWithinOnePartIn10To8(@ForAll @DoubleRange(min = -700, max = 700) double x) {
    assertThat(Kernels.exp(x) / Math.exp(x)).isCloseTo(1.0, within(1e-8));
  }

  @Property(tries = 2000)
  void tanhIsOddAndBoundedAndSigmoidIsItsShift(@ForAll @FloatRange(min = -100, max = 100) float x) {
    assertThat(Kernels.tanh(-x)).isEqualTo(-Kernels.tanh(x));
    assertThat(Math.abs(Kernels.tanh(x))).isLessThanOrEqualTo(1f);
    assertThat(Kernels.sigmoid(x)).isBetween(0f, 1f);
  }

  @Property(tries = 2000)
  void sigmoidTanhErfAndGeluAreWithinFloatPrecision(@ForAll @FloatRange(min = -30, max = 30) float x) {
    assertThat((double) Kernels.sigmoid(x)).isCloseTo(1 / (1 + Math.exp(-x)), within(2e-7));
    assertThat((double) Kernels.tanh(x)).isCloseTo(Math.tanh(x), within(3e-7));
    assertThat((double) Kernels.erf(x)).isCloseTo(erf(x), within(3e-7));
    double exactGelu = 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    assertThat((double) Kernels.gelu(x)).isCloseTo(exactGelu, within(1e-6 * Math.max(1, Math.abs(x))));
  }

  @Test
  void theEndsOfTheRangeSaturateAndNaNStaysNaN() {
    assertThat(Kernels.exp(800)).isInfinite();
    assertThat(Kernels.exp(-800)).isBetween(0.0, 1e-300);
    assertThat(Kernels.exp(Double.NaN)).isNaN();
    assertThat((double) Kernels.sigmoid(-1e6f)).isCloseTo(0, within(3e-7));
    assertThat((double) Kernels.sigmoid(1e6f)).isCloseTo(1, within(3e-7));
    assertThat((double) Kernels.tanh(1e6f)).isCloseTo(1, within(3e-7));
    assertThat((double) Kernels.tanh(-1e6f)).isCloseTo(-1, within(3e-7));
    assertThat(Kernels.tanh(Float.NaN)).isNaN();
    assertThat(Kernels.tanh(0f)).isZero();
    assertThat((double) Kernels.erf(1e6f)).isCloseTo(1, within(3e-7));
    assertThat(Kernels.erf(Float.NaN)).isNaN();
  }

  /**
   * erf in double precision, a second opinion: its Maclaurin series below 3 (the terms stay small, so nothing
   * cancels), and 1 minus the asymptotic series of erfc above (five terms: under 1e-8 from 3 on).
   */
  private static double erf(double x) {
    double z = Math.abs(x);
    if (z >= 3) {
      double inverse = 1 / (2 * z * z);
      double series = 1 - inverse * (1 - 3 * inverse * (1 - 5 * inverse * (1 - 7 * inverse)));
      return Math.signum(x) * (1 - Math.exp(-z * z) / (z * Math.sqrt(Math.PI)) * series);
    }
    double sum = 0;
    double term = z;
    for (int n = 0; n < 100; n++) {
      sum += term / (2 * n + 1);
      term *= -z * z / (n + 1);
    }
    return Math.signum(x) * 2 / Math.sqrt(Math.PI) * sum;
  }
}
