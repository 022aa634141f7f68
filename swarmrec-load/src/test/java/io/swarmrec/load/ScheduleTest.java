package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void flatRateSendsRateTimesDurationEvenlySpaced() {
    Schedule s = new Schedule(20_000, 0, 2 * SECOND, 12 * SECOND);
    assertThat(s.total()).isEqualTo(240_000);
    assertThat(s.firstMeasured()).isEqualTo(40_000);
    assertThat(s.measured()).isEqualTo(200_000);
    assertThat(s.intendedNanos(0)).isZero();
    assertThat(s.intendedNanos(1)).isEqualTo(50_000);
    assertThat(s.intendedNanos(40_000)).isEqualTo(2 * SECOND);
  }

  @Test
  void rampGrowsTheRateLinearlyThenHoldsIt() {
    Schedule s = new Schedule(1_000, 4 * SECOND, 0, 10 * SECOND);
    // half the full rate's requests during the ramp, then the full rate
    assertThat(s.due(4 * SECOND)).isCloseTo(2_000, within(1e-6));
    assertThat(s.total()).isEqualTo(2_000 + 6_000);
    // gaps shrink during the ramp and settle at 1 ms
    long gapEarly = s.intendedNanos(11) - s.intendedNanos(10);
    long gapLate = s.intendedNanos(1_901) - s.intendedNanos(1_900);
    assertThat(gapEarly).isGreaterThan(gapLate);
    assertThat(s.intendedNanos(5_001) - s.intendedNanos(5_000)).isCloseTo(1_000_000L, within(1L));
    for (long i = 0; i < s.total(); i += 97) {
      assertThat(s.due(s.intendedNanos(i))).isCloseTo(i, within(1e-3));
      assertThat(s.intendedNanos(i + 1)).isGreaterThanOrEqualTo(s.intendedNanos(i));
    }
  }

  @Test
  void rampLongerThanTheWarmupIsPartlyMeasured() {
    Schedule s = new Schedule(100, 2 * SECOND, SECOND, 3 * SECOND);
    assertThat(s.firstMeasured()).isEqualTo(25); // 100 * 1^2 / (2 * 2)
    assertThat(s.measured()).isEqualTo(200 - 25);
  }
}
