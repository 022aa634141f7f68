package io.swarmrec.algo.itemknn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KthSmallestTest {

  @Test
  void frontHoldsTheKSmallestOnRandomArraysWithManyDuplicates() {
    Random rnd = new Random(17);
    for (int round = 0; round < 3000; round++) {
      int n = 1 + rnd.nextInt(80);
      int distinct = 1 + rnd.nextInt(n + 3);
      long[] a = new long[n + 2];
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextInt(distinct) - distinct / 2;
      }
      long[] expected = Arrays.copyOf(a, n);
      Arrays.sort(expected);
      int k = 1 + rnd.nextInt(n);
      long[] tail = Arrays.copyOfRange(a, n, a.length);

      KthSmallest.partition(a, n, k);

      long[] front = Arrays.copyOf(a, k);
      Arrays.sort(front);
      assertThat(front).isEqualTo(Arrays.copyOf(expected, k));
      long[] all = Arrays.copyOf(a, n);
      Arrays.sort(all);
      assertThat(all).as("a permutation of the input").isEqualTo(expected);
      assertThat(Arrays.copyOfRange(a, n, a.length)).as("untouched beyond n").isEqualTo(tail);
    }
  }

  @Test
  void rejectsKOutsideTheArray() {
    assertThatThrownBy(() -> KthSmallest.partition(new long[2], 2, 3)).hasMessageContaining("k = 3 not in [1, 2]");
    assertThatThrownBy(() -> KthSmallest.partition(new long[2], 2, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
