package dev.cadenza.music;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Tick and second conversion across random tempo maps, against exact rational arithmetic. */
class TempoMapProperties {

  @Property(tries = 2000)
  void secondsAtIsTheCorrectlyRoundedExactTime(@ForAll("maps") TempoMap map, @ForAll @LongRange(max = 50_000_000) long tick) {
    BigDecimal exact = new BigDecimal(exactMicroTicks(map, tick))
        .divide(BigDecimal.valueOf(map.resolution() * 1_000_000L), MathContext.DECIMAL128);
    assertThat(map.secondsAt(tick)).isEqualTo(exact.doubleValue());
  }

  @Property(tries = 2000)
  void tickAtInvertsSecondsAt(@ForAll("maps") TempoMap map, @ForAll @LongRange(max = 50_000_000) long tick) {
    assertThat(map.tickAt(map.secondsAt(tick))).isEqualTo(tick);
  }

  @Property(tries = 1000)
  void tickAtIsTheLastTickNotAfterTheGivenTime(@ForAll("maps") TempoMap map, @ForAll("seconds") double seconds) {
    long tick = map.tickAt(seconds);
    assertThat(map.secondsAt(tick)).isLessThanOrEqualTo(seconds);
    assertThat(map.secondsAt(tick + 1)).isGreaterThan(seconds);
  }

  @Property(tries = 1000)
  void timeGrowsWithTicks(@ForAll("maps") TempoMap map, @ForAll @LongRange(max = 50_000_000) long tick) {
    assertThat(map.secondsAt(tick + 1)).isGreaterThan(map.secondsAt(tick));
  }

  @Property(tries = 500)
  void aSliceKeepsTheDurationsOfWhatFollows(@ForAll("maps") TempoMap map, @ForAll @LongRange(max = 1_000_000) long from,
      @ForAll @LongRange(max = 1_000_000) long length) {
    TempoMap slice = map.sliceFrom(from);
    BigInteger original = exactMicroTicks(map, from + length).subtract(exactMicroTicks(map, from));
    assertThat(exactMicroTicks(slice, length)).isEqualTo(original);
  }

  /** The elapsed time up to a tick in microsecond-ticks, summed exactly over every tempo segment. */
  private static BigInteger exactMicroTicks(TempoMap map, long tick) {
    BigInteger total = BigInteger.ZERO;
    List<Tempo> tempos = map.tempos();
    for (int i = 0; i < tempos.size() && tempos.get(i).tick() < tick; i++) {
      long end = i + 1 < tempos.size() ? Math.min(tick, tempos.get(i + 1).tick()) : tick;
      total = total.add(BigInteger.valueOf(end - tempos.get(i).tick()).multiply(BigInteger.valueOf(tempos.get(i).microsPerQuarter())));
    }
    return total;
  }

  @Provide
  Arbitrary<TempoMap> maps() {
    Arbitrary<Tempo> tempo = Combinators.combine(Arbitraries.longs().between(0, 10_000_000),
        Arbitraries.integers().between(1, 0xFFFFFF)).as(Tempo::new);
    return Combinators.combine(Arbitraries.integers().between(1, 0x7FFF), tempo.list().ofMaxSize(30))
        .as((resolution, tempos) -> TempoMap.of(resolution, new ArrayList<>(tempos)));
  }

  @Provide
  Arbitrary<Double> seconds() {
    return Arbitraries.doubles().between(0, 100_000);
  }
}
