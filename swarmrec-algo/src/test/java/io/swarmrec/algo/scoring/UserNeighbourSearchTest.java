package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import org.junit.jupiter.api.Test;

class UserNeighbourSearchTest {
  private final Interactions data = TestData.fourByFour();

  @Test
  void cosineOverCommonItems() {
    // u1 = {0,1}: u0 shares 2 of its 3, u3 shares 1 of 2, u2 shares 1 of 3
    ScoredIds n = new UserNeighbourSearch(data, 100).similarTo(1, 5, 1);
    assertThat(n.ids()).containsExactly(0, 3, 2);
    assertThat(n.score(0)).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
    assertThat(n.score(1)).isCloseTo(0.5f, within(1e-6f));
    assertThat(n.score(2)).isCloseTo((float) (1 / Math.sqrt(6)), within(1e-6f));
  }

  @Test
  void minCommonDropsWeakNeighbours() {
    assertThat(new UserNeighbourSearch(data, 100).similarTo(1, 5, 2).ids()).containsExactly(0);
  }

  @Test
  void popularItemsAreSampledDeterministically() {
    // u3 = {0,3}; with one user counted per item, item 0 yields u0 only and item 3 yields u2 only
    ScoredIds n = new UserNeighbourSearch(data, 1).similarTo(3, 5, 1);
    assertThat(n.ids()).containsExactly(0, 2);
    ScoredIds full = new UserNeighbourSearch(data, 100).similarTo(3, 5, 1);
    assertThat(full.ids()).containsExactly(1, 0, 2);
  }

  @Test
  void searchWithoutSelfFindsTheUserItself() {
    ScoredIds n = new UserNeighbourSearch(data, 100).search(new int[] {0, 1}, 0, 2, -1, 1, 1);
    assertThat(n.ids()).containsExactly(1);
    assertThat(n.score(0)).isCloseTo(1f, within(1e-6f));
  }
}
