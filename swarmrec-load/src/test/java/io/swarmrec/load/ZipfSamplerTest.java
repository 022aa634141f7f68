package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipfSamplerTest {

  private static long[] counts(int n, double s, long seed, int draws) {
    ZipfSampler z = new ZipfSampler(n, s);
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] c = new long[n];
    for (int i = 0; i < draws; i++) {
      c[z.next(rnd)]++;
    }
    return c;
  }

  @ParameterizedTest
  @CsvSource({"10, 1.0", "50, 0.8", "20, 1.5", "7, 0.0", "1000, 1.0"})
  void frequenciesFollowTheZipfLaw(int n, double s) {
    int draws = 400_000;
    long[] c = counts(n, s, 7, draws);
    double norm = 0;
    for (int k = 1; k <= n; k++) {
      norm += Math.pow(k, -s);
    }
    for (int k = 1; k <= Math.min(n, 10); k++) {
      double expected = Math.pow(k, -s) / norm;
      // 5 standard errors of a binomial share: fails for a wrong law, not for sampling noise
      double tolerance = 5 * Math.sqrt(expected * (1 - expected) / draws);
      assertThat((double) c[k - 1] / draws).as("share of rank %d", k - 1).isCloseTo(expected, within(tolerance));
    }
  }

  @Test
  void aFewAgentsAreHot() {
    long[] c = counts(100_000, 1.0, 1, 200_000);
    long top100 = 0;
    for (int k = 0; k < 100; k++) {
      top100 += c[k];
    }
    // with s = 1 over 1e5 ranks, the top 0.1 % of agents draw about 43 % of the requests
    assertThat(top100 / 200_000.0).isBetween(0.38, 0.48);
    assertThat(c[0]).isGreaterThan(c[1]).isGreaterThan(c[10]);
  }

  @Test
  void sameSeedSameDrawsOtherSeedOtherDraws() {
    ZipfSampler z = new ZipfSampler(1_000_000, 1.0);
    int[] a = draws(z, 99);
    assertThat(draws(z, 99)).isEqualTo(a);
    assertThat(draws(z, 100)).isNotEqualTo(a);
  }

  private static int[] draws(ZipfSampler z, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] out = new int[1000];
    for (int i = 0; i < out.length; i++) {
      out[i] = z.next(rnd);
      assertThat(out[i]).isBetween(0, z.size() - 1);
    }
    return out;
  }

  @Test
  void singleRankAlwaysDrawsIt() {
    assertThat(counts(1, 1.0, 3, 100)[0]).isEqualTo(100);
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new ZipfSampler(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfSampler(5, -0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfSampler(5, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
