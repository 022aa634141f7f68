package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankKeysTest {

  @Test
  void sortingKeysOrdersByScoreDescendingThenIdAscending() {
    Random rnd = new Random(7);
    float[] pool = {-3.5f, -1f, -0f, 0f, 1e-30f, 0.5f, 2f, Float.MAX_VALUE, -Float.MAX_VALUE};
    int n = 500;
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      scores[i] = rnd.nextBoolean() ? pool[rnd.nextInt(pool.length)] : (float) rnd.nextGaussian();
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = RankKeys.descending(scores[i], i);
    }
    Arrays.sort(keys);
    int[] byKeys = Arrays.stream(keys).mapToInt(RankKeys::id).toArray();

    int[] expected = IntStream.range(0, n).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -(scores[i] + 0f)).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    assertThat(byKeys).containsExactly(expected);
  }

  @Test
  void scoresAndIdsComeBackFromTheKey() {
    float[] scores = {-Float.MAX_VALUE, -2.5f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, 1f / 3, 7e30f, Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int n = 0; n < scores.length; n++) {
      long key = RankKeys.descending(scores[n], Integer.MAX_VALUE - n);
      assertThat(RankKeys.score(key)).isEqualTo(scores[n]);
      assertThat(RankKeys.id(key)).isEqualTo(Integer.MAX_VALUE - n);
    }
    assertThat(Float.floatToIntBits(RankKeys.score(RankKeys.descending(-0f, 1)))).isZero();
  }

  @Test
  void negativeAndPositiveZeroTie() {
    assertThat(RankKeys.descending(-0f, 3)).isEqualTo(RankKeys.descending(0f, 3));
  }

  @Test
  void intValuesOrderLargestFirstWithMinValueLast() {
    long[] keys = {
      RankKeys.descending(Integer.MIN_VALUE, 0), RankKeys.descending(5, 2), RankKeys.descending(-5, 1),
      RankKeys.descending(5, 1), RankKeys.descending(Integer.MAX_VALUE, 9)
    };
    Arrays.sort(keys);
    assertThat(Arrays.stream(keys).mapToInt(RankKeys::id).toArray()).containsExactly(9, 1, 2, 1, 0);
  }
}
