package io.swarmrec.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GiniTest {
  @Test
  void equalCountsGiveZero() {
    assertThat(Gini.of(new int[] {3, 3, 3, 3})).isZero();
  }

  @Test
  void oneItemTakingEverythingGivesNMinusOneOverN() {
    assertThat(Gini.of(new int[] {0, 0, 0, 7, 0})).isCloseTo(4 / 5.0, within(1e-12));
  }

  @Test
  void matchesTheMeanAbsoluteDifferenceDefinition() {
    // sum over ordered pairs |xi - xj| = 20, divided by 2 n^2 mean = 2 * 16 * 1.5
    assertThat(Gini.of(new int[] {3, 0, 2, 1})).isCloseTo(20 / 48.0, within(1e-12));
  }

  @Test
  void nothingRecommendedGivesZero() {
    assertThat(Gini.of(new int[] {0, 0})).isZero();
  }
}
