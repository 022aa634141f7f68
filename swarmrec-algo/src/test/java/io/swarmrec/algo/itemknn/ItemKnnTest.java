package io.swarmrec.algo.itemknn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases on {@link TestData#fourByFour()}: item sizes 3, 3, 2, 2. */
class ItemKnnTest {
  private static final float EPS = 1e-6f;
  private static final double R6 = Math.sqrt(6);
  private final Interactions data = TestData.fourByFour();
  private final Recommender cosine = ItemKnn.train(data, Params.empty());

  @Test
  void cosineNeighboursBestFirstWithTiesToTheSmallerId() {
    assertSims(cosine.similarItems(0, 10), new int[] {1, 2, 3}, 2 / 3.0, 1 / R6, 1 / R6);
    assertSims(cosine.similarItems(1, 10), new int[] {2, 0, 3}, 2 / R6, 2 / 3.0, 1 / R6);
    assertSims(cosine.similarItems(3, 10), new int[] {2, 0, 1}, 0.5, 1 / R6, 1 / R6);
    assertThat(cosine.similarItems(1, 1).ids()).containsExactly(2);
  }

  @Test
  void recommendSumsNeighbourSimilaritiesOverTheHistory() {
    // u1 = {0, 1}: item 2 gets sim(0,2) + sim(1,2), item 3 gets sim(0,3) + sim(1,3)
    assertSims(cosine.recommend(1, 10, RecOptions.DEFAULT), new int[] {2, 3}, 3 / R6, 2 / R6);
  }

  @Test
  void shrinkDampsEveryDenominator() {
    Recommender r = train("shrink=1");
    assertSims(r.similarItems(0, 1), new int[] {1}, 2 / 4.0);
  }

  @Test
  void jaccardIsIntersectionOverUnion() {
    Recommender r = train("sim=jaccard");
    assertSims(r.similarItems(1, 10), new int[] {2, 0, 3}, 2 / 3.0, 2 / 4.0, 1 / 4.0);
  }

  @Test
  void asymmetricCosineWeighsTheHistoryItemsNormByAlpha() {
    Recommender r = train("sim=asymmetric", "alpha=1");
    // alpha = 1: sim(a -> b) = |A and B| / |A|, the share of a's users who also have b
    assertSims(r.similarItems(2, 1), new int[] {1}, 2 / 2.0);
    assertSims(r.similarItems(1, 10), new int[] {0, 2, 3}, 2 / 3.0, 2 / 3.0, 1 / 3.0);
    Recommender half = train("sim=asymmetric", "alpha=0.5");
    assertThat(half.similarItems(1, 10).ids()).containsExactly(cosine.similarItems(1, 10).ids());
  }

  @Test
  void normalizeScalesEachRowToSumOne() {
    ScoredIds row = train("normalize=true").similarItems(3, 10);
    double sum = 0.5 + 2 / R6;
    assertSims(row, new int[] {2, 0, 1}, 0.5 / sum, 1 / R6 / sum, 1 / R6 / sum);
  }

  @Test
  void weightedInputUsesWeightProducts() {
    InteractionsBuilder b = TestData.builder(2, 2);
    b.add(0, 0, 1f, Long.MIN_VALUE);
    b.add(0, 1, 2f, Long.MIN_VALUE);
    b.add(1, 0, 2f, Long.MIN_VALUE);
    b.add(1, 1, 1f, Long.MIN_VALUE);
    Interactions w = b.build();
    // a = (1, 2), b = (2, 1): dot 4, norms sqrt 5 each
    assertSims(ItemKnn.train(w, params("binary=false")).similarItems(0, 1), new int[] {1}, 4 / 5.0);
    assertSims(ItemKnn.train(w, Params.empty()).similarItems(0, 1), new int[] {1}, 1.0);
  }

  @Test
  void weightedScoringUsesHistoryWeightsAndAddsExtraWeights() {
    InteractionsBuilder b = TestData.builder(3, 3);
    b.add(0, 0, 2f, Long.MIN_VALUE);
    b.add(0, 1, 1f, Long.MIN_VALUE);
    b.add(0, 2, 1f, Long.MIN_VALUE);
    b.add(1, 1, 1f, Long.MIN_VALUE);
    b.add(1, 2, 1f, Long.MIN_VALUE);
    b.add(2, 0, 1f, Long.MIN_VALUE);
    Recommender r = ItemKnn.train(b.build(), params("binary=false"));
    float s02 = r.similarItems(0, 10).score(indexOf(r.similarItems(0, 10), 2));
    float s12 = r.similarItems(1, 10).score(indexOf(r.similarItems(1, 10), 2));
    ScoredIds rec = r.recommend(2, 1, RecOptions.DEFAULT.withExtraHistory(new int[] {0, 1}, new float[] {3f, 4f}));
    assertThat(rec.ids()).containsExactly(2);
    assertThat(rec.score(0)).isCloseTo((1 + 3) * s02 + 4 * s12, within(EPS));
  }

  @Test
  void halfLifeDecaysOlderHistoryItems() {
    InteractionsBuilder b = TestData.builder(4, 4);
    long day = 86_400;
    int[][] rows = {{0, 1, 2}, {0, 1}, {1, 2, 3}, {0, 3}};
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        b.add(u, i, 1f, u == 1 && i == 0 ? TestData.T0 - day : TestData.T0);
      }
    }
    Recommender r = ItemKnn.train(b.build(), params("half_life_days=1"));
    assertSims(r.recommend(1, 10, RecOptions.DEFAULT), new int[] {2, 3}, 0.5 / R6 + 2 / R6, 0.5 / R6 + 1 / R6);
  }

  @Test
  void historyCapKeepsTheMostRecentItemsForTheBuild() {
    InteractionsBuilder b = TestData.builder(4, 4);
    int[][] rows = {{0, 1, 2}, {0, 1}, {1, 2, 3}, {0, 3}};
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        b.add(u, i, 1f, TestData.T0 + (u == 0 ? new int[] {1, 3, 2}[i] : 0));
      }
    }
    // u0 keeps items 1 and 2 (newest) and u2 keeps 1 and 2 (ties go to the smaller id): the item users
    // become 0:{u1,u3} 1:{u0,u1,u2} 2:{u0,u2} 3:{u3}, and item 2 is no longer a neighbour of item 0
    Recommender r = ItemKnn.train(b.build(), params("max_history=2"));
    assertSims(r.similarItems(0, 10), new int[] {3, 1}, 1 / Math.sqrt(2), 1 / R6);
    // the cap only shapes the similarities: u0's item 0 still scores (item 3 is reached through it alone)
    assertSims(r.recommend(0, 10, RecOptions.DEFAULT), new int[] {3}, 1 / Math.sqrt(2));
  }

  @Test
  void historyCapWithoutTimesKeepsTheHeaviestItems() {
    InteractionsBuilder b = TestData.builder(3, 3);
    b.add(0, 0, 1f, Long.MIN_VALUE);
    b.add(0, 1, 3f, Long.MIN_VALUE);
    b.add(0, 2, 2f, Long.MIN_VALUE);
    b.add(1, 0, 1f, Long.MIN_VALUE);
    b.add(1, 2, 1f, Long.MIN_VALUE);
    b.add(2, 0, 1f, Long.MIN_VALUE);
    b.add(2, 1, 1f, Long.MIN_VALUE);
    // u0 keeps 1 and 2; u1 and u2 keep everything: item 0 = {u1, u2}, item 1 = {u0, u2}, item 2 = {u0, u1}
    Recommender r = ItemKnn.train(b.build(), params("max_history=2"));
    assertSims(r.similarItems(1, 10), new int[] {0, 2}, 0.5, 0.5);
    assertSims(ItemKnn.train(b.build(), Params.empty()).similarItems(1, 10), new int[] {0, 2}, 2 / R6, 0.5);
  }

  @Test
  void extraItemsJoinTheHistoryAndAreExcluded() {
    RecOptions extra = RecOptions.DEFAULT.withExtraHistory(new int[] {2}, new float[] {1f});
    // u3 = {0, 3} plus 2: item 1 gets sim(0,1) + sim(3,1) + sim(2,1)
    assertSims(cosine.recommend(3, 10, extra), new int[] {1}, 2 / 3.0 + 1 / R6 + 2 / R6);
    assertSims(cosine.recommend(-1, 10, extra), new int[] {1, 3, 0}, 2 / R6, 0.5, 1 / R6);
  }

  @Test
  void unknownUserWithoutHistoryGetsNothing() {
    assertThat(cosine.recommend(-1, 10, RecOptions.DEFAULT).size()).isZero();
  }

  @Test
  void explicitExclusionsAndExcludeSeenOff() {
    RecOptions o = RecOptions.DEFAULT.withExcludeSeen(false).withExclude(new int[] {2});
    // u1 = {0, 1}: seen items come back, scored through each other
    assertSims(cosine.recommend(1, 10, o), new int[] {3, 0, 1}, 2 / R6, 2 / 3.0, 2 / 3.0);
  }

  @Test
  void similarUsersByCosineOverCommonItems() {
    ScoredIds n = cosine.similarUsers(1, 10);
    assertSims(n, new int[] {0, 3, 2}, 2 / R6, 0.5, 1 / R6);
  }

  @Test
  void recommendAllEqualsOneByOne() {
    Interactions big = TestData.random(300, 120, 12, 5);
    Recommender r = ItemKnn.train(big, params("neighbors=20"));
    int[] users = java.util.stream.IntStream.range(-1, 300).toArray();
    RecOptions o = RecOptions.DEFAULT.withExclude(new int[] {0, 1});
    ScoredIds[] all = r.recommendAll(users, 10, o);
    for (int n = 0; n < users.length; n++) {
      assertThat(all[n]).isEqualTo(r.recommend(users[n], 10, o));
    }
  }

  @Test
  void indexBytesCountsTheNeighbourArrays() {
    // 4 items x 3 neighbours x (id + sim) + 5 row pointers
    assertThat(ItemKnn.indexBytes(cosine)).isEqualTo(4 * 3 * 8 + 5 * 4);
    Recommender pop = Algorithms.train("pop", data, Params.empty());
    assertThatThrownBy(() -> ItemKnn.indexBytes(pop)).hasMessageContaining("not an itemknn model");
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> Algorithms.train("itemknn", data, params("neighbours=10")))
        .hasMessageContaining("unknown parameter(s) for itemknn: [neighbours]");
    assertThatThrownBy(() -> train("neighbors=0")).hasMessageContaining("neighbors must be >= 1");
    assertThatThrownBy(() -> train("sim=pearson")).hasMessageContaining("sim must be one of");
    assertThatThrownBy(() -> train("alpha=0.3")).hasMessageContaining("alpha applies only to sim=asymmetric");
    assertThatThrownBy(() -> train("sim=asymmetric", "alpha=2")).hasMessageContaining("alpha must be in");
    assertThatThrownBy(() -> train("shrink=-1")).hasMessageContaining("shrink must be >= 0");
    assertThatThrownBy(() -> train("threads=many")).hasMessageContaining("threads must be an integer");
    assertThatThrownBy(() -> train("max_history=0")).hasMessageContaining("max_history must be >= 1");
    assertThatThrownBy(() -> train("binary=maybe")).hasMessageContaining("binary must be true or false");
  }

  @Test
  void weightedModeRejectsNonPositiveWeights() {
    InteractionsBuilder b = TestData.builder(1, 2);
    b.add(0, 0, 1f, Long.MIN_VALUE);
    b.add(0, 1, 0f, Long.MIN_VALUE);
    assertThatThrownBy(() -> ItemKnn.train(b.build(), params("binary=false")))
        .hasMessageContaining("needs positive interaction weights, found 0.0");
  }

  @Test
  void rejectsBadRequests() {
    assertThatThrownBy(() -> cosine.similarItems(4, 3)).hasMessageContaining("item id 4 not in [0, 4)");
    assertThatThrownBy(() -> cosine.similarUsers(-1, 3)).hasMessageContaining("user id -1");
    assertThatThrownBy(() -> cosine.recommend(0, 3, RecOptions.DEFAULT.withExtraHistory(new int[] {9}, new float[] {1})))
        .hasMessageContaining("extra history item id 9");
  }

  private Recommender train(String... kv) {
    return Algorithms.train("itemknn", data, params(kv));
  }

  static Params params(String... kv) {
    return Params.parse(List.of(kv));
  }

  private static int indexOf(ScoredIds s, int id) {
    for (int n = 0; n < s.size(); n++) {
      if (s.id(n) == id) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + s);
  }

  static void assertSims(ScoredIds actual, int[] ids, double... scores) {
    assertThat(actual.ids()).containsExactly(ids);
    for (int n = 0; n < scores.length; n++) {
      assertThat(actual.score(n)).as("score of %d", ids[n]).isCloseTo((float) scores[n], within(EPS));
    }
  }
}
