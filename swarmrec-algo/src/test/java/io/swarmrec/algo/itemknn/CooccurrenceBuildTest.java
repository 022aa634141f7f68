package io.swarmrec.algo.itemknn;

import static io.swarmrec.algo.itemknn.ItemKnnTest.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CooccurrenceBuildTest {
  private static final Interactions RANDOM = TestData.random(1500, 400, 30, 11);

  @ParameterizedTest
  @ValueSource(strings = {
    "neighbors=100",
    "neighbors_of=history,neighbors=10",
    "sim=jaccard,binary=false,max_history=20",
    "sim=asymmetric,alpha=0.8,normalize=true,shrink=2,max_history=7"
  })
  void multiThreadedBuildEqualsSingleThreadedBuildExactly(String config) {
    Recommender one = ItemKnn.train(RANDOM, with(config, "threads=1"));
    Recommender three = ItemKnn.train(RANDOM, with(config, "threads=3"));
    for (int i = 0; i < RANDOM.numItems(); i++) {
      assertThat(three.similarItems(i, 1000)).isEqualTo(one.similarItems(i, 1000));
    }
    assertThat(ItemKnn.indexBytes(three)).isEqualTo(ItemKnn.indexBytes(one));
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 1000})
  void cosineMatchesABruteForceReferenceOnCappedHistories(int maxHistory) {
    Interactions data = TestData.random(300, 60, 10, 3);
    // every list holds all items, so candidate-side rows are the symmetric cosine rows
    Recommender r = ItemKnn.train(data, params("neighbors=1000", "normalize=false", "max_history=" + maxHistory,
        "threads=2"));
    Map<Integer, Integer>[] users = newestItems(data.byUser(), maxHistory);
    for (int a = 0; a < data.numItems(); a++) {
      Map<Integer, Float> expected = new HashMap<>();
      for (int b = 0; b < data.numItems(); b++) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (Map<Integer, Integer> u : users) {
          dot += u.containsKey(a) && u.containsKey(b) ? 1 : 0;
          na += u.containsKey(a) ? 1 : 0;
          nb += u.containsKey(b) ? 1 : 0;
        }
        if (a != b && dot > 0) {
          expected.put(b, (float) (dot / Math.sqrt(na * nb)));
        }
      }
      ScoredIds row = r.similarItems(a, 1000);
      assertThat(row.size()).isEqualTo(expected.size());
      for (int n = 0; n < row.size(); n++) {
        assertThat(row.score(n)).isCloseTo(expected.get(row.id(n)), within(1e-5f));
        if (n > 0) {
          assertThat(row.score(n)).isLessThanOrEqualTo(row.score(n - 1));
        }
      }
    }
  }

  @Test
  void candidateListsHoldAtMostNeighborsItemsAndSumToOne() {
    Recommender r = ItemKnn.train(RANDOM, params("neighbors=15"));
    double[] sum = new double[RANDOM.numItems()];
    int[] size = new int[RANDOM.numItems()];
    for (int i = 0; i < RANDOM.numItems(); i++) {
      ScoredIds row = r.similarItems(i, RANDOM.numItems());
      for (int n = 0; n < row.size(); n++) {
        sum[row.id(n)] += row.score(n);
        size[row.id(n)]++;
      }
    }
    for (int j = 0; j < RANDOM.numItems(); j++) {
      assertThat(size[j]).as("list of %d", j).isBetween(1, 15);
      assertThat(sum[j]).as("list of %d", j).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void buildsAModeratelySizedZipfDataset() {
    Interactions data = TestData.random(20_000, 5_000, 20, 42);
    Recommender r = ItemKnn.train(data, params("neighbors_of=history"));
    int withNeighbours = 0;
    for (int i = 0; i < data.numItems(); i++) {
      ScoredIds row = r.similarItems(i, 1000);
      assertThat(row.size()).isLessThanOrEqualTo(100);
      assertThat(row.ids()).doesNotContain(i).doesNotHaveDuplicates();
      for (int n = 0; n < row.size(); n++) {
        assertThat(row.score(n)).isGreaterThan(0f).isLessThanOrEqualTo(1.0001f);
        if (n > 0) {
          assertThat(row.score(n)).isLessThanOrEqualTo(row.score(n - 1));
        }
      }
      withNeighbours += row.size() > 0 ? 1 : 0;
    }
    assertThat(withNeighbours).isGreaterThan(data.numItems() / 2);
    assertThat(r.recommend(0, 10, io.swarmrec.algo.RecOptions.DEFAULT).size()).isEqualTo(10);
  }

  /** Each user's items (as keys) cut to the {@code max} newest, ties to the smaller item id. */
  @SuppressWarnings("unchecked")
  private static Map<Integer, Integer>[] newestItems(CsrMatrix byUser, int max) {
    Map<Integer, Integer>[] out = new Map[byUser.rows()];
    for (int u = 0; u < byUser.rows(); u++) {
      int start = byUser.rowStart(u);
      Integer[] positions = new Integer[byUser.rowLength(u)];
      for (int q = 0; q < positions.length; q++) {
        positions[q] = q;
      }
      java.util.Arrays.sort(positions, (x, y) -> x.equals(y) ? 0
          : byUser.times()[start + x] != byUser.times()[start + y]
              ? Integer.compare(byUser.times()[start + y], byUser.times()[start + x])
              : Integer.compare(x, y));
      out[u] = new HashMap<>();
      for (int n = 0; n < Math.min(max, positions.length); n++) {
        out[u].put(byUser.indices()[start + positions[n]], 1);
      }
    }
    return out;
  }

  private static Params with(String csv, String extra) {
    return params((csv + "," + extra).split(","));
  }
}
