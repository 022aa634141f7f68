package io.swarmrec.eval.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ActivityAllocatorTest {

  @Test
  void countsAddUpExactlyAndRespectTheBounds() {
    double[] w = lognormal(10_000, 1.5, 5);
    int[] c = ActivityAllocator.allocate(w, 3, 400, 523_457);
    assertThat(Arrays.stream(c).asLongStream().sum()).isEqualTo(523_457);
    assertThat(Arrays.stream(c).min().getAsInt()).isGreaterThanOrEqualTo(3);
    assertThat(Arrays.stream(c).max().getAsInt()).isLessThanOrEqualTo(401); // the cap, plus rounding
  }

  @Test
  void extraEventsFollowTheWeights() {
    int[] c = ActivityAllocator.allocate(new double[] {1, 2, 3, 4}, 1, 1000, 4 + 100);
    assertThat(c).containsExactly(11, 21, 31, 41);
  }

  @Test
  void cappedAgentsPassTheirSurplusToTheOthers() {
    int[] c = ActivityAllocator.allocate(new double[] {1000, 1, 1, 2}, 0 + 1, 11, 4 + 30);
    assertThat(c[0]).isEqualTo(11);
    assertThat(c[1] + c[2] + c[3]).isEqualTo(23);
    assertThat(c[3]).isGreaterThan(c[1]);
  }

  @Test
  void everyoneAtTheCapWhenTheTotalDemandsIt() {
    assertThat(ActivityAllocator.allocate(new double[] {5, 1, 1}, 2, 4, 12)).containsExactly(4, 4, 4);
  }

  @Test
  void activityIsHeavyTailed() {
    int[] c = ActivityAllocator.allocate(lognormal(100_000, 1.2, 9), 3, 50_000, 5_000_000);
    int[] sorted = c.clone();
    Arrays.sort(sorted);
    int median = sorted[sorted.length / 2];
    assertThat(sorted[sorted.length - 1]).isGreaterThan(20 * median);
    long top10 = 0;
    for (int i = sorted.length - sorted.length / 10; i < sorted.length; i++) {
      top10 += sorted[i];
    }
    assertThat(top10).isGreaterThan(5_000_000 / 3); // the busiest tenth makes over a third of the events
  }

  @Test
  void rejectsAnInfeasibleTotal() {
    assertThatThrownBy(() -> ActivityAllocator.allocate(new double[] {1, 1}, 3, 5, 5)).hasMessageContaining("outside");
    assertThatThrownBy(() -> ActivityAllocator.allocate(new double[] {1, 1}, 3, 5, 11)).hasMessageContaining("outside");
  }

  private static double[] lognormal(int n, double sigma, long seed) {
    SplitMix64 rng = new SplitMix64(seed);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.exp(sigma * rng.nextGaussian());
    }
    return w;
  }
}
