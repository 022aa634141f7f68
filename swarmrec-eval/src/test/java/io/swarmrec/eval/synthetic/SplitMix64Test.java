package io.swarmrec.eval.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

  @Test
  void reseedingRestartsTheSequence() {
    SplitMix64 a = new SplitMix64(99);
    long first = a.nextLong();
    long second = a.nextLong();
    a.reseed(99);
    assertThat(a.nextLong()).isEqualTo(first);
    assertThat(a.nextLong()).isEqualTo(second);
  }

  @Test
  void boundedIntsCoverTheRangeUniformly() {
    SplitMix64 rng = new SplitMix64(1);
    int[] hits = new int[7];
    for (int i = 0; i < 70_000; i++) {
      hits[rng.nextInt(7)]++;
    }
    assertThat(Arrays.stream(hits).min().getAsInt()).isGreaterThan(9_500);
    assertThat(Arrays.stream(hits).max().getAsInt()).isLessThan(10_500);
  }

  @Test
  void gaussiansHaveUnitVariance() {
    SplitMix64 rng = new SplitMix64(2);
    double sum = 0;
    double squares = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double g = rng.nextGaussian();
      sum += g;
      squares += g * g;
    }
    assertThat(sum / n).isCloseTo(0, within(0.01));
    assertThat(squares / n).isCloseTo(1, within(0.02));
  }

  @Test
  void neighbouringStreamsAreUnrelated() {
    SplitMix64 a = new SplitMix64(SplitMix64.streamSeed(42, 3, 1000));
    SplitMix64 b = new SplitMix64(SplitMix64.streamSeed(42, 3, 1001));
    int same = 0;
    for (int i = 0; i < 1000; i++) {
      same += a.nextInt(2) == b.nextInt(2) ? 1 : 0;
    }
    assertThat(same).isBetween(420, 580);
  }
}
