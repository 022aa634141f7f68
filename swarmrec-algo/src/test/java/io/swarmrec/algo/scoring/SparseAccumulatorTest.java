package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.topk.TopK;
import org.junit.jupiter.api.Test;

class SparseAccumulatorTest {

  @Test
  void sumsPerIdAndRemembersFirstTouchOrder() {
    SparseAccumulator acc = new SparseAccumulator(10);
    acc.add(7, 1f);
    acc.add(2, 0.5f);
    acc.add(7, 2f);
    acc.put(2, 4f);
    acc.put(5, -1f);
    assertThat(acc.size()).isEqualTo(3);
    assertThat(new int[] {acc.id(0), acc.id(1), acc.id(2)}).containsExactly(7, 2, 5);
    assertThat(acc.get(7)).isEqualTo(3f);
    assertThat(acc.get(2)).isEqualTo(4f);
    assertThat(acc.get(5)).isEqualTo(-1f);
    assertThat(acc.get(0)).isZero();
  }

  @Test
  void addToTouchedShiftsTouchedIdsOnly() {
    SparseAccumulator acc = new SparseAccumulator(4);
    acc.add(3, 1f);
    acc.add(0, 2f);
    acc.addToTouched(new float[] {0.5f, 7f, 7f, -3f});
    assertThat(acc.get(0)).isEqualTo(2.5f);
    assertThat(acc.get(3)).isEqualTo(-2f);
    assertThat(acc.contains(1)).isFalse();
    assertThat(acc.size()).isEqualTo(2);
  }

  @Test
  void clearForgetsEverythingIncludingOldValues() {
    SparseAccumulator acc = new SparseAccumulator(4);
    acc.add(1, 5f);
    acc.clear();
    assertThat(acc.size()).isZero();
    assertThat(acc.contains(1)).isFalse();
    acc.add(1, 2f);
    assertThat(acc.get(1)).isEqualTo(2f); // not 7: the stale value is overwritten on first touch
  }

  @Test
  void topSkipsFilteredIdsAndBreaksTiesBySmallerId() {
    SparseAccumulator acc = new SparseAccumulator(6);
    acc.add(4, 1f);
    acc.add(3, 1f);
    acc.add(0, 9f);
    acc.add(5, 2f);
    ItemFilter filter = new ItemFilter(6);
    filter.load(TestData.fourByFour().byUser(), -1, RecOptions.DEFAULT.withExclude(new int[] {0}));
    assertThat(acc.top(3, filter, new TopK(1)).ids()).containsExactly(5, 3, 4);
  }

  @Test
  void aLaterTieAtTheThresholdWithASmallerIdStillEnters() {
    SparseAccumulator acc = new SparseAccumulator(6);
    acc.add(5, 2f);
    acc.add(4, 1f);
    acc.add(3, 1f); // arrives when the heap of two is full with threshold 1
    ItemFilter nothing = new ItemFilter(6);
    nothing.load(TestData.fourByFour().byUser(), -1, RecOptions.DEFAULT);
    assertThat(acc.top(2, nothing, new TopK(2)).ids()).containsExactly(5, 3);
  }
}
