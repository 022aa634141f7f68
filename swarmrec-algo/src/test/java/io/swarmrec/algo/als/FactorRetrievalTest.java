package io.swarmrec.algo.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Fixtures;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.ann.HnswSettings;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FactorRetrievalTest {
  private static final int USERS = 400;
  private static final int ITEMS = 3_000;
  private static final int F = 16;
  private static final int K = 10;
  private static final FactorRetrieval HNSW = new FactorRetrieval(new HnswSettings(24, 100, 100, 2));

  /** Random histories (30 items a user) and factor-like rows: Gaussian clusters with log-normal norms. */
  private static final Interactions DATA = randomHistories(new SplittableRandom(1));
  private static final DenseMatrix USER_F = clustered(USERS, 2);
  private static final DenseMatrix ITEM_F = clustered(ITEMS, 3);

  private static Interactions randomHistories(SplittableRandom rnd) {
    InteractionsBuilder b = new InteractionsBuilder().keepTimes(false);
    for (int i = 0; i < ITEMS; i++) {
      b.items().getOrAdd("i" + i);
    }
    for (int u = 0; u < USERS; u++) {
      b.users().getOrAdd("u" + u);
      for (int e = 0; e < 30; e++) {
        b.add(u, rnd.nextInt(ITEMS), 1f, Long.MIN_VALUE);
      }
    }
    return b.build();
  }

  private static DenseMatrix clustered(int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    DenseMatrix centres = DenseMatrix.gaussian(12, F, 1.0, new SplittableRandom(99)); // shared by users and items
    DenseMatrix noise = DenseMatrix.gaussian(rows, F, 0.5, rnd);
    float[] out = new float[rows * F];
    for (int r = 0; r < rows; r++) {
      int c = rnd.nextInt(12);
      float norm = (float) Math.exp(0.4 * (rnd.nextDouble() * 2 - 1));
      for (int j = 0; j < F; j++) {
        out[r * F + j] = norm * (centres.get(c, j) + noise.get(r, j));
      }
    }
    return new DenseMatrix(rows, F, out);
  }

  private static FactorRecommender model(FactorRetrieval retrieval) {
    return new FactorRecommender("test", DATA, USER_F, ITEM_F, (user, history, out) -> false, retrieval);
  }

  private static double overlap(ScoredIds a, ScoredIds b) {
    return Arrays.stream(a.ids()).filter(id -> Arrays.stream(b.ids()).anyMatch(x -> x == id)).count()
        / (double) Math.max(1, b.size());
  }

  @Test
  void similarItemsAndUsersThroughTheGraphMatchExactAndSkipSelf() {
    FactorRecommender exact = model(FactorRetrieval.EXACT);
    FactorRecommender hnsw = model(HNSW);
    double items = 0;
    double users = 0;
    for (int r = 0; r < 200; r++) {
      ScoredIds got = hnsw.similarItems(r, K);
      assertThat(got.ids()).hasSize(K).doesNotContain(r);
      items += overlap(got, exact.similarItems(r, K));
      ScoredIds gotUsers = hnsw.similarUsers(r, K);
      assertThat(gotUsers.ids()).doesNotContain(r);
      users += overlap(gotUsers, exact.similarUsers(r, K));
    }
    assertThat(items / 200).isGreaterThanOrEqualTo(0.9);
    assertThat(users / 200).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void recommendByMaximumInnerProductNeverReturnsSeenOrExcludedItems() {
    FactorRecommender exact = model(FactorRetrieval.EXACT);
    FactorRecommender hnsw = model(HNSW);
    double agree = 0;
    for (int u = 0; u < USERS; u++) {
      ScoredIds want = exact.recommend(u, K, RecOptions.DEFAULT);
      int[] exclude = {want.id(0), want.id(1)};
      ScoredIds got = hnsw.recommend(u, K, RecOptions.DEFAULT.withExclude(exclude));
      assertThat(got.size()).isEqualTo(K);
      for (int i : got.ids()) {
        assertThat(DATA.byUser().contains(u, i)).as("user %d was recommended seen item %d", u, i).isFalse();
        assertThat(i).isNotIn(want.id(0), want.id(1));
      }
      agree += overlap(got, exact.recommend(u, K, RecOptions.DEFAULT.withExclude(exclude)));
    }
    assertThat(agree / USERS).as("top-10 overlap with exact full ranking").isGreaterThanOrEqualTo(0.9);
    int[] everyone = IntStream.range(0, USERS).toArray();
    ScoredIds[] batch = hnsw.recommendAll(everyone, K, RecOptions.DEFAULT);
    for (int u = 0; u < USERS; u += 37) {
      assertThat(batch[u]).isEqualTo(hnsw.recommend(u, K, RecOptions.DEFAULT));
    }
  }

  @Test
  void parametersChooseTheRetrieval() {
    Interactions small = Fixtures.communities(3, 8, 5, 1);
    FactorRecommender byDefault = (FactorRecommender) Algorithms.train("als", small,
        Params.parse(List.of("factors=4", "iterations=3")));
    assertThat(byDefault.retrieval()).isEqualTo(FactorRetrieval.EXACT);
    Params p = Params.parse(List.of("factors=4", "iterations=3", "ann=hnsw", "ann_m=8", "ann_ef=40"));
    FactorRecommender als = (FactorRecommender) Algorithms.train("als", small, p);
    assertThat(als.retrieval().kind()).isEqualTo("hnsw");
    assertThat(als.retrieval().hnsw().maxDegree()).isEqualTo(8);
    assertThat(als.retrieval().hnsw().efSearch()).isEqualTo(40);
    assertThat(p.resolved()).containsEntry("ann", "hnsw").containsEntry("ann_ef_construction", 100);
    assertThat(als.recommend(0, 3, RecOptions.DEFAULT).size()).isEqualTo(3);
    assertThat(als.similarItems(0, 3).ids()).hasSize(3).doesNotContain(0);
    FactorRecommender svd = (FactorRecommender) Algorithms.train("svd", small,
        Params.parse(List.of("factors=3", "ann=hnsw")));
    assertThat(svd.retrieval().approximate()).isTrue();
    assertThat(svd.recommend(1, 2, RecOptions.DEFAULT).size()).isEqualTo(2);

    assertThatThrownBy(() -> Algorithms.train("als", small, Params.parse(List.of("ann=faiss"))))
        .hasMessageContaining("ann must be one of exact, hnsw");
    assertThatThrownBy(() -> Algorithms.train("svd", small, Params.parse(List.of("ann_m=16"))))
        .hasMessageContaining("ann_m applies only with ann=hnsw");
    assertThatThrownBy(() -> Algorithms.train("als", small, Params.parse(List.of("ann=hnsw", "ann_m=1"))))
        .hasMessageContaining("ann=hnsw: maxDegree (M) must be in [2, 512]");
    assertThatThrownBy(() -> Algorithms.train("als", small, Params.parse(List.of("ann=hnsw", "ann_mm=1"))))
        .hasMessageContaining("unknown parameter(s) for als: [ann_mm]");
  }
}
