package io.swarmrec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The benchmark kernels and baselines compute what they claim; otherwise their timings mean nothing. */
class KernelsTest {

  @Test
  void rankKeysOrderByScoreDescendingThenIdAscending() {
    float[] scores = {0.5f, -1f, 0.5f, 3f, -0f, 0f, Float.NEGATIVE_INFINITY, 2f, 3f};
    int[] expected = IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.<Integer, Float>comparing(i -> scores[i], Float::compare).reversed()
            .thenComparing(i -> i))
        .mapToInt(i -> i).toArray();
    long[] keys = new long[scores.length];
    for (int i = 0; i < scores.length; i++) {
      keys[i] = TopKBenchmark.rankKey(i, scores[i]);
    }
    Arrays.sort(keys);
    assertThat(Arrays.stream(keys).mapToInt(k -> (int) k).toArray())
        .isEqualTo(expected)
        .startsWith(3, 8, 7, 0, 2);
  }

  @Test
  void heapAndFullSortSelectTheSameIds() {
    TopKBenchmark b = new TopKBenchmark();
    b.n = 5_000;
    b.k = 25;
    b.setup(); // throws when they disagree
    assertThat(b.fullSort()).hasSize(25).isEqualTo(b.heap().ids());
  }

  @Test
  void theServingBenchmarkRunsTheProductionModelOnSkewedHistories() {
    ItemKnnServingBenchmark b = new ItemKnnServingBenchmark();
    b.items = 2_000;
    b.history = 20;
    b.users = 300;
    b.setup();
    for (int u = 0; u < 300; u++) {
      ScoredIds top = b.recommend();
      assertThat(top.size()).isEqualTo(10);
      for (int r = 1; r < top.size(); r++) {
        assertThat(top.score(r)).isLessThanOrEqualTo(top.score(r - 1));
      }
    }
    io.swarmrec.core.matrix.Interactions data = BenchData.interactions(300, 20, 2_000, 5);
    assertThat(data.numUsers()).isEqualTo(300);
    assertThat(data.numInteractions()).isEqualTo(300L * 20);
    // skewed: the most popular item has far more users than the mean
    int most = 0;
    for (int i = 0; i < data.numItems(); i++) {
      most = Math.max(most, data.byItem().rowLength(i));
    }
    assertThat(most).isGreaterThan(5 * 20 * 300 / data.numItems());
  }

  @Test
  void neighbourRowsAreDistinctSortedAndExcludeTheItemItself() {
    CsrMatrix sims = BenchData.neighbours(100, 10, 1);
    for (int r = 0; r < 100; r++) {
      int[] row = Arrays.copyOfRange(sims.indices(), sims.rowStart(r), sims.rowEnd(r));
      assertThat(row).hasSize(10).isSorted().doesNotContain(r);
      assertThat(Arrays.stream(row).distinct().count()).isEqualTo(10);
    }
  }

  @Test
  void unrolledDotMatchesThePlainLoop() {
    for (int dim : new int[] {1, 3, 64, 67}) {
      float[] a = BenchData.vector(dim, 1);
      float[] b = BenchData.vector(dim, 2);
      double exact = 0;
      for (int i = 0; i < dim; i++) {
        exact += (double) a[i] * b[i];
      }
      assertThat((double) DotBenchmark.dot(a, b)).isCloseTo(exact, within(1e-4));
      assertThat((double) DotBenchmark.dotUnrolled4(a, b)).isCloseTo(exact, within(1e-4));
    }
  }

  @Test
  void rerankBenchmarkReRanksRealCandidatesAndExplainsThem() {
    RerankBenchmark b = new RerankBenchmark();
    b.pool = 50;
    b.setup();
    assertThat(b.noRule().size()).isEqualTo(10);
    assertThat(b.diversityAndCategoryCap().size()).isBetween(1, 10);
    assertThat(b.diversity().size()).isEqualTo(10);
    assertThat(b.explainTopTen()).hasSize(10).allMatch(e -> e.items().length > 0);
  }
}
