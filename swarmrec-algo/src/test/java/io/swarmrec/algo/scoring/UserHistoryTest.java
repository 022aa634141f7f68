package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.TimeDecay;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import org.junit.jupiter.api.Test;

class UserHistoryTest {
  private final Interactions data = weighted();
  private final RecOptions extras = RecOptions.DEFAULT.withExtraHistory(new int[] {1, 3, 3}, new float[] {2f, 1f, 1f});

  private static Interactions weighted() {
    InteractionsBuilder b = TestData.builder(1, 4);
    b.add(0, 0, 3f, TestData.T0 - 86_400);
    b.add(0, 1, 5f, TestData.T0);
    b.add(0, 2, 4f, Long.MIN_VALUE);
    return b.build();
  }

  @Test
  void weightedHistoryAddsExtraWeightsToRowItems() {
    UserHistory h = new UserHistory(4);
    h.load(data.byUser(), 0, extras, new HistoryWeighting(false, null, 0));
    assertThat(h.size()).isEqualTo(4);
    assertThat(java.util.Arrays.copyOf(h.items(), h.size())).containsExactly(0, 1, 2, 3);
    assertThat(new float[] {h.weight(0), h.weight(1), h.weight(2), h.weight(3)})
        .containsExactly(3f, 7f, 4f, 2f);
  }

  @Test
  void binaryHistoryCountsEveryDistinctItemOnce() {
    UserHistory h = new UserHistory(4);
    h.load(data.byUser(), 0, extras, HistoryWeighting.BINARY);
    assertThat(new float[] {h.weight(0), h.weight(1), h.weight(2), h.weight(3)}).containsExactly(1f, 1f, 1f, 1f);
  }

  @Test
  void decayHalvesADayOldItemAndLeavesUndatedAndExtraItemsAlone() {
    UserHistory h = new UserHistory(4);
    h.load(data.byUser(), 0, extras, new HistoryWeighting(false, TimeDecay.halfLife(86_400), TestData.T0));
    assertThat(h.weight(0)).isCloseTo(1.5f, within(1e-6f));
    assertThat(h.weight(1)).isCloseTo(7f, within(1e-6f));
    assertThat(h.weight(2)).isEqualTo(4f);
    assertThat(h.weight(3)).isEqualTo(2f);
  }

  @Test
  void unknownUserHasOnlyExtraItems() {
    UserHistory h = new UserHistory(4);
    h.load(data.byUser(), -1, extras, HistoryWeighting.BINARY);
    assertThat(java.util.Arrays.copyOf(h.items(), h.size())).containsExactly(1, 3);
  }
}
