package io.swarmrec.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final Offset<Double> EPS = within(1e-12);

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** One user: ranking 5,3,8,1,9 with hits at ranks 2 and 4, three relevant items, catalogue of 10. */
  private static Map<String, Double> oneUser() {
    RankingMetrics m = new RankingMetrics(new int[] {5, 1, 3}, 10);
    m.add(new int[] {5, 3, 8, 1, 9}, new boolean[] {false, true, false, true, false}, 5, 3);
    return m.values();
  }

  @Test
  void reportsEveryMetricInContractOrder() {
    assertThat(oneUser().keySet()).containsExactly(
        "recall@1", "recall@3", "recall@5", "ndcg@1", "ndcg@3", "ndcg@5", "precision@1", "precision@3",
        "precision@5", "hr@1", "hr@3", "hr@5", "map@1", "map@3", "map@5", "mrr",
        "coverage@1", "coverage@3", "coverage@5", "gini@1", "gini@3", "gini@5");
  }

  @Test
  void recallPrecisionAndHitRateCountHitsWithinK() {
    Map<String, Double> v = oneUser();
    assertThat(v.get("recall@1")).isZero();
    assertThat(v.get("recall@3")).isCloseTo(1 / 3.0, EPS);
    assertThat(v.get("recall@5")).isCloseTo(2 / 3.0, EPS);
    assertThat(v.get("precision@3")).isCloseTo(1 / 3.0, EPS);
    assertThat(v.get("precision@5")).isCloseTo(2 / 5.0, EPS);
    assertThat(v.get("hr@1")).isZero();
    assertThat(v.get("hr@3")).isEqualTo(1.0);
  }

  @Test
  void ndcgDividesByTheIdealOverMinOfRelevantAndK() {
    Map<String, Double> v = oneUser();
    double ideal3 = 1 + 1 / log2(3) + 1 / log2(4);
    assertThat(v.get("ndcg@1")).isZero();
    assertThat(v.get("ndcg@3")).isCloseTo((1 / log2(3)) / ideal3, EPS);
    assertThat(v.get("ndcg@5")).isCloseTo((1 / log2(3) + 1 / log2(5)) / ideal3, EPS);
  }

  @Test
  void mapAndMrrUseTheHitRanks() {
    Map<String, Double> v = oneUser();
    assertThat(v.get("map@1")).isZero();
    assertThat(v.get("map@3")).isCloseTo((1 / 2.0) / 3, EPS);
    assertThat(v.get("map@5")).isCloseTo((1 / 2.0 + 2 / 4.0) / 3, EPS);
    assertThat(v.get("mrr")).isCloseTo(1 / 2.0, EPS);
  }

  @Test
  void coverageAndGiniDescribeTheRecommendedItems() {
    Map<String, Double> v = oneUser();
    assertThat(v.get("coverage@1")).isCloseTo(0.1, EPS);
    assertThat(v.get("coverage@5")).isCloseTo(0.5, EPS);
    assertThat(v.get("gini@1")).isCloseTo(0.9, EPS); // one item of ten took every slot: (n-1)/n
    assertThat(v.get("gini@5")).isCloseTo(0.5, EPS); // five items once, five never: (1+3+5+7+9)/(10*5)
  }

  @Test
  void shortListsStillDivideByK() {
    RankingMetrics m = new RankingMetrics(new int[] {3}, 5);
    m.add(new int[] {4}, new boolean[] {true}, 1, 1);
    Map<String, Double> v = m.values();
    assertThat(v.get("precision@3")).isCloseTo(1 / 3.0, EPS);
    assertThat(v.get("recall@3")).isEqualTo(1.0);
    assertThat(v.get("ndcg@3")).isEqualTo(1.0);
    assertThat(v.get("map@3")).isEqualTo(1.0);
  }

  @Test
  void unreachableRelevantItemsLowerRecallAndNdcg() {
    RankingMetrics m = new RankingMetrics(new int[] {2}, 5);
    m.add(new int[] {0, 1}, new boolean[] {true, true}, 2, 4); // both hits, two more relevant items unreachable
    Map<String, Double> v = m.values();
    assertThat(v.get("recall@2")).isCloseTo(0.5, EPS);
    assertThat(v.get("ndcg@2")).isEqualTo(1.0); // the ideal list of 2 holds 2 hits either way
  }

  @Test
  void averagesOverUsersAndMergeEqualsAddingInOne() {
    int[] ks = {1, 2};
    RankingMetrics together = new RankingMetrics(ks, 4);
    RankingMetrics first = new RankingMetrics(ks, 4);
    RankingMetrics second = new RankingMetrics(ks, 4);
    together.add(new int[] {0, 1}, new boolean[] {true, false}, 2, 1);
    first.add(new int[] {0, 1}, new boolean[] {true, false}, 2, 1);
    together.add(new int[] {2, 3}, new boolean[] {false, false}, 2, 2);
    second.add(new int[] {2, 3}, new boolean[] {false, false}, 2, 2);
    first.merge(second);
    assertThat(first.values()).isEqualTo(together.values());
    assertThat(first.users()).isEqualTo(2);
    assertThat(together.values().get("recall@1")).isCloseTo(0.5, EPS);
    assertThat(together.values().get("coverage@2")).isEqualTo(1.0);
    assertThat(together.values().get("gini@2")).isZero();
  }

  @Test
  void listsLongerThanTheLargestKAreCut() {
    RankingMetrics m = new RankingMetrics(new int[] {1}, 3);
    m.add(new int[] {0, 1, 2}, new boolean[] {false, true, true}, 3, 2);
    assertThat(m.values().get("mrr")).isZero();
    assertThat(m.values().get("coverage@1")).isCloseTo(1 / 3.0, EPS);
  }

  @Test
  void rejectsBadCutOffsAndUsersWithoutRelevantItems() {
    assertThatThrownBy(() -> new RankingMetrics(new int[] {0, 10}, 5)).hasMessageContaining("cut-offs must be >= 1");
    assertThatThrownBy(() -> new RankingMetrics(new int[0], 5)).hasMessageContaining("cut-offs");
    RankingMetrics m = new RankingMetrics(new int[] {1}, 5);
    assertThatThrownBy(() -> m.add(new int[] {1}, new boolean[] {false}, 1, 0))
        .hasMessageContaining("without relevant items");
  }

  @Test
  void cutOffsAreSortedAndDeduplicated() {
    RankingMetrics m = new RankingMetrics(new int[] {20, 10, 20}, 5);
    assertThat(m.ks()).containsExactly(10, 20);
    assertThat(m.maxK()).isEqualTo(20);
  }
}
