package io.swarmrec.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.core.matrix.CsrMatrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListDiversityTest {
  private static final ItemSimilarity HALF_01 = (a, b) -> a == b ? 1f : (a + b == 1 ? 0.5f : 0f);
  private static final double[] BITS = {1, 2, 3, 4};

  @Test
  void intraListDiversityIsTheMeanPairwiseDissimilarityAtEachCutOff() {
    ListDiversity d = new ListDiversity(new int[] {3, 2}, HALF_01, BITS);
    d.add(new int[] {0, 1, 2}, 3);
    Map<String, Double> v = d.values();
    assertThat(v.get("ild@2")).isCloseTo(0.5, within(1e-12)); // 1 - sim(0, 1)
    assertThat(v.get("ild@3")).isCloseTo((0.5 + 1 + 1) / 3, within(1e-12));
    assertThat(v.get("novelty@2")).isCloseTo(1.5, within(1e-12));
    assertThat(v.get("novelty@3")).isCloseTo(2.0, within(1e-12));
    assertThat(v.keySet()).containsExactly("ild@2", "ild@3", "novelty@2", "novelty@3");
  }

  @Test
  void shortListsCountWhatTheyHoldAndSingletonsHaveNoPairs() {
    ListDiversity d = new ListDiversity(new int[] {2, 3}, HALF_01, BITS);
    d.add(new int[] {3}, 1); // no pair: left out of ild, novelty 4
    d.add(new int[] {0, 2, 9}, 2); // only the first two count: ild 1, novelty 2
    Map<String, Double> v = d.values();
    assertThat(v.get("ild@2")).isCloseTo(1.0, within(1e-12));
    assertThat(v.get("ild@3")).isCloseTo(1.0, within(1e-12));
    assertThat(v.get("novelty@2")).isCloseTo(3.0, within(1e-12));
    assertThat(v.get("novelty@3")).isCloseTo(3.0, within(1e-12));
    d.add(new int[0], 0); // an empty list counts nowhere
    assertThat(d.values().get("novelty@2")).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void mergeAddsUsers() {
    ListDiversity a = new ListDiversity(new int[] {2}, HALF_01, BITS);
    ListDiversity b = a.fresh();
    a.add(new int[] {0, 1}, 2);
    b.add(new int[] {2, 3}, 2);
    a.merge(b);
    assertThat(a.values().get("ild@2")).isCloseTo(0.75, within(1e-12));
    assertThat(a.values().get("novelty@2")).isCloseTo(2.5, within(1e-12));
    assertThatThrownBy(() -> a.merge(new ListDiversity(new int[] {3}, HALF_01, BITS))).hasMessageContaining("cut-offs");
  }

  @Test
  void selfInformationIsMinusLogTwoOfTheShareOfUsersWithAFloorOfOne() {
    // items x users: item 0 held by 2 of 4 users, item 1 by 1, item 2 by none
    CsrMatrix byItem = new CsrMatrix(3, 4, new int[] {0, 2, 3, 3}, new int[] {0, 1, 3}, null, null);
    assertThat(ListDiversity.selfInformation(byItem, 4)).containsExactly(1.0, 2.0, 2.0);
  }
}
