package io.swarmrec.eval.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AliasSamplerTest {

  @Test
  void frequenciesFollowTheWeights() {
    double[] weights = {1, 2, 3, 4, 0, 10};
    long[] hits = draw(new AliasSampler(weights), 400_000, 7);
    for (int i = 0; i < weights.length; i++) {
      assertThat(hits[i] / 400_000.0).as("index %d", i).isCloseTo(weights[i] / 20.0, within(0.004));
    }
  }

  @Test
  void zeroWeightsAreNeverDrawn() {
    long[] hits = draw(new AliasSampler(new double[] {0, 5, 0, 0, 1e-9, 0}), 100_000, 3);
    assertThat(hits[0] + hits[2] + hits[3] + hits[5]).isZero();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.7, 1.0, 1.5})
  void zipfTableMatchesItsWeightsAcrossExponents(double exponent) {
    double[] w = AliasSampler.zipfWeights(50, exponent);
    double total = 0;
    for (double x : w) {
      total += x;
    }
    long[] hits = draw(new AliasSampler(w), 500_000, 11);
    for (int r : new int[] {0, 1, 9, 49}) {
      assertThat(hits[r] / 500_000.0).as("rank %d", r).isCloseTo(w[r] / total, within(0.004));
    }
  }

  @Test
  void aSingleWeightAlwaysDrawsIt() {
    assertThat(draw(new AliasSampler(new double[] {3}), 1000, 1)[0]).isEqualTo(1000);
  }

  @Test
  void rejectsBadWeights() {
    assertThatThrownBy(() -> new AliasSampler(new double[0])).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new AliasSampler(new double[] {1, -1})).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new AliasSampler(new double[] {1, Double.NaN})).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new AliasSampler(new double[] {0, 0})).hasMessageContaining("all be zero");
  }

  private static long[] draw(AliasSampler s, int n, long seed) {
    SplitMix64 rng = new SplitMix64(seed);
    long[] hits = new long[s.size()];
    for (int i = 0; i < n; i++) {
      hits[s.sample(rng)]++;
    }
    return hits;
  }
}
