package io.swarmrec.algo.itemknn;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.Interactions;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchOrderTest {
  private static final int R = BatchOrder.RANGE;

  @Test
  void groupsUsersByTheSlotRangeHoldingMostOfTheirHistoryStably() {
    int items = 3 * R;
    // slots reverse the item ids: item i sits in slot items - 1 - i, range (items - 1 - i) / R
    int[] slotOf = IntStream.range(0, items).map(i -> items - 1 - i).toArray();
    Interactions data = TestData.binary(items,
        new int[] {0, 1, R}, // slots in range 2, 2, 1: range 2
        new int[] {R, R + 1, 2 * R}, // ranges 1, 1, 0: range 1
        new int[] {0, R, 2 * R}, // one of each: the lowest, range 0
        new int[] {2, 3}, // range 2
        new int[] {2 * R + 5}); // range 0
    int[] users = {0, 1, 2, 3, 4, -1, 3};
    int[] order = BatchOrder.of(users, data.byUser(), slotOf);
    // unknown first, then ranges 0, 1, 2; the caller's order within a range
    assertThat(order).containsExactly(5, 2, 4, 1, 0, 3, 6);
  }

  @Test
  void isAPermutationOfThePositions() {
    Interactions data = TestData.random(2000, 3 * R + 7, 15, 9);
    int[] slotOf = IntStream.range(0, data.numItems()).map(i -> (i * 7919) % data.numItems()).toArray();
    int[] users = new java.util.Random(4).ints(5000, -1, 2000).toArray();
    int[] order = BatchOrder.of(users, data.byUser(), slotOf);
    assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(IntStream.range(0, users.length).toArray());
    int[] count = new int[slotOf.length / R + 1];
    int previous = -1;
    for (int p : order) {
      int key = users[p] < 0 ? -1 : BatchOrder.dominantRange(data.byUser(), users[p], slotOf, count);
      assertThat(key).isGreaterThanOrEqualTo(previous);
      previous = key;
    }
    assertThat(count).containsOnly(0); // the scratch counts are left zeroed
  }
}
