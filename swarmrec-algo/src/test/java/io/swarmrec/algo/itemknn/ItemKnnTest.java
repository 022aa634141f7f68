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

/**
 * Hand-computed cases on {@link TestData#fourByFour()}: item sizes 3, 3, 2, 2. Most use the plain model
 * ({@link #PLAIN}: history-side lists, no normalisation, no centring), whose scores are sums of cosines.
 */
class ItemKnnTest {
  private static final float EPS = 1e-6f;
  private static final double R6 = Math.sqrt(6);
  private static final String[] PLAIN = {"neighbors_of=history", "normalize=false", "center=false"};
  private final Interactions data = TestData.fourByFour();
  private final Recommender cosine = train();

  @Test
  void defaultsAreCosineOverEachCandidatesHundredNeighboursNormalisedAndCentred() {
    Params p = Params.empty();
    Algorithms.train("itemknn", data, p);
    assertThat(p.resolved()).containsEntry("neighbors", 100).containsEntry("neighbors_of", "candidate")
        .containsEntry("sim", "cosine").containsEntry("shrink", 0.0).containsEntry("normalize", true)
        .containsEntry("center", true);
  }

  @Test
  void candidateSideScoresThroughEachCandidatesOwnNeighbours() {
    // one neighbour each: N(0) = 1, N(1) = 2, N(2) = 1, N(3) = 2
    Recommender candidate = train("neighbors=1", "neighbors_of=candidate");
    Recommender history = train("neighbors=1");
    // u2 = {1, 2, 3}: candidate 0 holds its neighbour 1; no history item keeps 0 in its list
    assertSims(candidate.recommend(2, 10, RecOptions.DEFAULT), new int[] {0}, 2 / 3.0);
    assertThat(history.recommend(2, 10, RecOptions.DEFAULT).size()).isZero();
    // u3 = {0, 3}: 0 keeps 1 and 3 keeps 2, but neither 1 nor 2 keeps 0 or 3
    assertSims(history.recommend(3, 10, RecOptions.DEFAULT), new int[] {1, 2}, 2 / 3.0, 0.5);
    assertThat(candidate.recommend(3, 10, RecOptions.DEFAULT).size()).isZero();
    // item 1 is the neighbour of candidates 2 and 0
    assertSims(candidate.similarItems(1, 10), new int[] {2, 0}, 2 / R6, 2 / 3.0);
  }

  @Test
  void normalisedCandidateScoreIsTheShareOfItsNeighbourhoodTheUserHolds() {
    Recommender r = train("neighbors_of=candidate", "normalize=true");
    // u2 = {1, 2, 3} holds all of candidate 0's neighbourhood
    assertSims(r.recommend(2, 10, RecOptions.DEFAULT), new int[] {0}, 1.0);
    // u3 = {0, 3}: N(1) = {0: 2/3, 2: 2/r6, 3: 1/r6}, N(2) = {0: 1/r6, 1: 2/r6, 3: 1/2}
    assertSims(r.recommend(3, 10, RecOptions.DEFAULT), new int[] {1, 2},
        (2 / 3.0 + 1 / R6) / (2 / 3.0 + 3 / R6), (1 / R6 + 0.5) / (3 / R6 + 0.5));
  }

  @Test
  void centringSubtractsTheAverageUsersScoreAndAddsTheCandidatesMean() {
    Recommender r = train("neighbors_of=candidate", "normalize=true", "center=true");
    double[] mean = {3 / 4.0, 3 / 4.0, 2 / 4.0, 2 / 4.0}; // item popularity over 4 users
    double t1 = 2 / 3.0 + 3 / R6;
    double[] w1 = {2 / 3.0 / t1, 0, 2 / R6 / t1, 1 / R6 / t1}; // candidate 1's normalised neighbourhood
    double t2 = 3 / R6 + 0.5;
    double[] w2 = {1 / R6 / t2, 2 / R6 / t2, 0, 0.5 / t2};
    // u3 = {0, 3}
    double s1 = w1[0] + w1[3] + mean[1] - dot(w1, mean);
    double s2 = w2[0] + w2[3] + mean[2] - dot(w2, mean);
    assertSims(r.recommend(3, 10, RecOptions.DEFAULT), new int[] {1, 2}, s1, s2);
  }

  @Test
  void weightedCentringOffsetsEachCandidateByTheWeightedItemMeans() {
    Interactions big = TestData.random(200, 50, 8, 7);
    String[] weighted = {"neighbors=10", "neighbors_of=candidate", "normalize=true", "binary=false"};
    Recommender plainModel = ItemKnn.train(big, plain(with(weighted, "center=false")));
    Recommender centred = ItemKnn.train(big, plain(with(weighted, "center=true")));
    double[] mean = new double[big.numItems()];
    for (int i = 0; i < mean.length; i++) {
      for (int p = big.byItem().rowStart(i); p < big.byItem().rowEnd(i); p++) {
        mean[i] += big.byItem().values()[p] / big.numUsers();
      }
    }
    double[] averageUser = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      ScoredIds row = plainModel.similarItems(i, big.numItems());
      for (int n = 0; n < row.size(); n++) {
        averageUser[row.id(n)] += row.score(n) * mean[i];
      }
    }
    for (int u = 0; u < 20; u++) {
      ScoredIds before = plainModel.recommend(u, big.numItems(), RecOptions.DEFAULT);
      ScoredIds after = centred.recommend(u, big.numItems(), RecOptions.DEFAULT);
      assertThat(after.size()).isEqualTo(before.size());
      for (int n = 0; n < after.size(); n++) {
        int j = after.id(n);
        double expected = before.score(indexOf(before, j)) + mean[j] - averageUser[j];
        assertThat(after.score(n)).as("user %d item %d", u, j).isCloseTo((float) expected, within(1e-5f));
      }
    }
  }

  @Test
  void centringAddsNoCandidatesTheHistoryDoesNotReach() {
    Recommender r = train("neighbors=1", "neighbors_of=candidate", "normalize=true", "center=true");
    assertThat(r.recommend(3, 10, RecOptions.DEFAULT).size()).isZero();
    assertSims(r.recommend(2, 10, RecOptions.DEFAULT), new int[] {0}, 1 + 3 / 4.0 - 3 / 4.0);
  }

  @Test
  void cosineNeighboursBestFirstWithTiesToTheSmallerId() {
    assertSims(cosine.similarItems(0, 10), new int[] {1, 2, 3}, 2 / 3.0, 1 / R6, 1 / R6);
    assertSims(cosine.similarItems(1, 10), new int[] {2, 0, 3}, 2 / R6, 2 / 3.0, 1 / R6);
    assertSims(cosine.similarItems(3, 10), new int[] {2, 0, 1}, 0.5, 1 / R6, 1 / R6);
    assertThat(cosine.similarItems(1, 1).ids()).containsExactly(2);
    assertThat(cosine.similarItems(3, Integer.MAX_VALUE).ids()).containsExactly(2, 0, 1);
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
    assertSims(ItemKnn.train(w, plain("binary=false")).similarItems(0, 1), new int[] {1}, 4 / 5.0);
    assertSims(ItemKnn.train(w, plain()).similarItems(0, 1), new int[] {1}, 1.0);
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
    Recommender r = ItemKnn.train(b.build(), plain("binary=false"));
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
    Recommender r = ItemKnn.train(b.build(), plain("half_life_days=1"));
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
    Recommender r = ItemKnn.train(b.build(), plain("max_history=2"));
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
    Recommender r = ItemKnn.train(b.build(), plain("max_history=2"));
    assertSims(r.similarItems(1, 10), new int[] {0, 2}, 0.5, 0.5);
    assertSims(ItemKnn.train(b.build(), plain()).similarItems(1, 10), new int[] {0, 2}, 2 / R6, 0.5);
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
  void servingNeedsFollowWeightingAndReleasedSnapshotsAnswerTheSame() {
    assertThat(train().servingNeeds()).isEmpty();
    assertThat(train("binary=false").servingNeeds()).containsExactly(Interactions.Part.WEIGHTS);
    assertThat(train("half_life_days=1").servingNeeds()).isEmpty(); // no times in the data: nothing decays
    Interactions big = TestData.random(300, 120, 12, 5);
    assertThat(ItemKnn.train(big, params("half_life_days=1")).servingNeeds())
        .containsExactly(Interactions.Part.TIMES);

    Recommender r = ItemKnn.train(big, params("neighbors=20"));
    int[] users = java.util.stream.IntStream.range(-1, 300).toArray();
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(new int[] {3}, new float[] {2f});
    ScoredIds[] before = r.recommendAll(users, 10, o);
    ScoredIds similarUsers = r.similarUsers(7, 5);
    assertThat(big.release(r.servingNeeds())).isPositive();
    assertThat(big.byUser().hasValues()).isFalse();
    assertThat(r.recommendAll(users, 10, o)).isEqualTo(before);
    assertThat(r.similarUsers(7, 5)).isEqualTo(similarUsers); // item-major copy derived again on demand
  }

  @Test
  void recommendAllEqualsOneByOneAcrossCommunitiesWithExtraHistoryAndRepeatedUsers() {
    // 3,000 items: users fall in several BatchOrder ranges, so the batch is scored out of the callers' order
    Interactions big = io.swarmrec.algo.Fixtures.communities(6, 40, 500, 3);
    Recommender r = ItemKnn.train(big, params("neighbors=30"));
    int[] users = new java.util.Random(5).ints(600, -1, big.numUsers()).toArray();
    for (RecOptions o : List.of(RecOptions.DEFAULT,
        RecOptions.DEFAULT.withExtraHistory(new int[] {7, 2999}, new float[] {1, 1}).withExclude(new int[] {8}))) {
      ScoredIds[] all = r.recommendAll(users, 20, o);
      for (int n = 0; n < users.length; n++) {
        assertThat(all[n]).isEqualTo(r.recommend(users[n], 20, o));
      }
    }
    assertThatThrownBy(() -> r.recommendAll(new int[] {0, big.numUsers()}, 5, RecOptions.DEFAULT))
        .hasMessageContaining("user id " + big.numUsers() + " not in [-1, " + big.numUsers() + ")");
    assertThatThrownBy(() -> r.recommendAll(new int[] {0}, -1, RecOptions.DEFAULT)).hasMessageContaining("k must be");
  }

  @Test
  void indexBytesCountsTheNeighbourArrays() {
    // 4 items x 3 neighbours x (slot + sim) + 5 row pointers + 4 items x (slot -> item, item -> slot, scale)
    assertThat(ItemKnn.indexBytes(cosine)).isEqualTo(4 * 3 * 8 + 5 * 4 + 4 * 12);
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

  /** Trains on {@link #data} with {@link #PLAIN} settings overridden by {@code kv}. */
  private Recommender train(String... kv) {
    String[] all = java.util.Arrays.copyOf(PLAIN, PLAIN.length + kv.length);
    System.arraycopy(kv, 0, all, PLAIN.length, kv.length);
    return Algorithms.train("itemknn", data, params(all));
  }

  private static String[] with(String[] kv, String more) {
    String[] all = java.util.Arrays.copyOf(kv, kv.length + 1);
    all[kv.length] = more;
    return all;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int n = 0; n < a.length; n++) {
      s += a[n] * b[n];
    }
    return s;
  }

  static Params params(String... kv) {
    return Params.parse(List.of(kv));
  }

  /** {@link #PLAIN} settings overridden by {@code kv}. */
  private static Params plain(String... kv) {
    java.util.List<String> all = new java.util.ArrayList<>(List.of(PLAIN));
    all.addAll(List.of(kv));
    return Params.parse(all);
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
