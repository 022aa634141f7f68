package io.swarmrec.algo.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.algo.ann.AnnIndex.Similarity;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HnswGraphIndexTest {
  private static final int K = 10;
  private static final HnswSettings GENEROUS = new HnswSettings(24, 100, 100, 2);

  /** Factor-like rows: Gaussian clusters with log-normal norms, so inner product and cosine rank differently. */
  static DenseMatrix clustered(int rows, int dim, int clusters, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] centres = new float[clusters * dim];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = (float) gauss(rnd);
    }
    float[] data = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      int c = rnd.nextInt(clusters);
      float norm = (float) Math.exp(0.5 * gauss(rnd));
      for (int j = 0; j < dim; j++) {
        data[r * dim + j] = norm * (centres[c * dim + j] + 0.5f * (float) gauss(rnd));
      }
    }
    return new DenseMatrix(rows, dim, data);
  }

  private static double gauss(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static double recall(AnnIndex approx, AnnIndex exact, DenseMatrix queries) {
    long hit = 0;
    long total = 0;
    for (int q = 0; q < queries.rows(); q++) {
      float[] v = queries.row(q);
      ScoredIds truth = exact.search(v, K, null);
      ScoredIds got = approx.search(v, K, null);
      java.util.Set<Integer> t = new java.util.HashSet<>();
      for (int id : truth.ids()) {
        t.add(id);
      }
      for (int id : got.ids()) {
        hit += t.contains(id) ? 1 : 0;
      }
      total += truth.size();
    }
    return hit / (double) total;
  }

  @Test
  void recallAgainstExactOnClusteredRowsForBothSimilarities() {
    DenseMatrix rows = clustered(5_000, 24, 20, 1);
    DenseMatrix queries = clustered(200, 24, 20, 2);
    for (Similarity s : Similarity.values()) {
      AnnIndex hnsw = AnnIndexes.hnsw(rows, s, GENEROUS);
      assertThat(hnsw.kind()).isEqualTo("hnsw");
      assertThat(hnsw.size()).isEqualTo(5_000);
      assertThat(recall(hnsw, AnnIndexes.exact(rows, s), queries)).as("recall@10, " + s).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void recallOnUniformNoiseAndScoresAreTheExactOnes() {
    DenseMatrix rows = DenseMatrix.gaussian(3_000, 16, 1.0, new SplittableRandom(3));
    DenseMatrix queries = DenseMatrix.gaussian(100, 16, 1.0, new SplittableRandom(4));
    AnnIndex hnsw = AnnIndexes.hnsw(rows, Similarity.DOT, GENEROUS);
    AnnIndex exact = AnnIndexes.exact(rows, Similarity.DOT);
    assertThat(recall(hnsw, exact, queries)).isGreaterThanOrEqualTo(0.9);
    ScoredIds got = hnsw.search(queries.row(0), K, null);
    for (int i = 0; i < got.size(); i++) {
      float dot = 0;
      for (int j = 0; j < 16; j++) {
        dot += queries.get(0, j) * rows.get(got.id(i), j);
      }
      assertThat(got.score(i)).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-4f));
      if (i > 0) {
        assertThat(got.score(i)).isLessThanOrEqualTo(got.score(i - 1));
      }
    }
  }

  @Test
  void filteredRowsAreNeverReturned() {
    DenseMatrix rows = clustered(4_000, 16, 10, 5);
    DenseMatrix queries = clustered(100, 16, 10, 6);
    for (Similarity s : Similarity.values()) {
      AnnIndex hnsw = AnnIndexes.hnsw(rows, s, GENEROUS);
      AnnIndex exact = AnnIndexes.exact(rows, s);
      long hit = 0;
      for (int q = 0; q < queries.rows(); q++) {
        ScoredIds got = hnsw.search(queries.row(q), K, r -> r % 3 == 0);
        assertThat(got.size()).isEqualTo(K);
        for (int id : got.ids()) {
          assertThat(id % 3).as("row %d passed a filter that rejects it", id).isZero();
        }
        ScoredIds truth = exact.search(queries.row(q), K, r -> r % 3 == 0);
        hit += java.util.Arrays.stream(got.ids()).filter(id -> contains(truth.ids(), id)).count();
      }
      assertThat(hit / (double) (K * queries.rows())).as("filtered recall, " + s).isGreaterThanOrEqualTo(0.9);
      // a filter that lets almost nothing through gives exactly what it lets through
      ScoredIds few = hnsw.search(queries.row(0), K, r -> r == 17 || r == 3_999);
      assertThat(few.ids()).containsExactlyInAnyOrder(17, 3_999);
    }
  }

  private static boolean contains(int[] ids, int id) {
    for (int x : ids) {
      if (x == id) {
        return true;
      }
    }
    return false;
  }

  @Test
  void neighboursExcludeTheRowItselfAndMatchExact() {
    DenseMatrix rows = clustered(3_000, 16, 15, 7);
    AnnIndex hnsw = AnnIndexes.hnsw(rows, Similarity.COSINE, GENEROUS);
    AnnIndex exact = AnnIndexes.exact(rows, Similarity.COSINE);
    long hit = 0;
    for (int r = 0; r < 200; r++) {
      ScoredIds got = hnsw.neighbours(r, K);
      assertThat(got.ids()).hasSize(K).doesNotContain(r);
      ScoredIds truth = exact.neighbours(r, K);
      hit += java.util.Arrays.stream(got.ids()).filter(id -> contains(truth.ids(), id)).count();
    }
    assertThat(hit / (double) (K * 200)).isGreaterThanOrEqualTo(0.9);
    assertThatThrownBy(() -> hnsw.neighbours(3_000, 1)).hasMessageContaining("out of range");
  }

  @Test
  void innerProductIsNotCosine() {
    // the query points along x; row 0 is exactly aligned but short, row 1 is 30 degrees off but long
    float[] data = {1, 0, 0, 4, 3, 0, 0, 1, 0, -2, 0, 0, 0.5f, 0.5f, 0};
    DenseMatrix rows = new DenseMatrix(5, 3, data);
    float[] q = {1, 0, 0};
    AnnIndex dot = AnnIndexes.hnsw(rows, Similarity.DOT, new HnswSettings(4, 10, 10, 1));
    AnnIndex cos = AnnIndexes.hnsw(rows, Similarity.COSINE, new HnswSettings(4, 10, 10, 1));
    assertThat(dot.search(q, 1, null).ids()).containsExactly(1);
    assertThat(dot.search(q, 1, null).score(0)).isEqualTo(4f);
    assertThat(cos.search(q, 1, null).ids()).containsExactly(0);
    assertThat(dot.search(q, 5, null).ids()).containsExactly(1, 0, 4, 2, 3);
  }

  @Test
  void maximumInnerProductTop1AgreesWithExactWhereCosineDisagrees() {
    DenseMatrix rows = clustered(4_000, 16, 10, 9);
    DenseMatrix queries = clustered(200, 16, 10, 10);
    AnnIndex hnsw = AnnIndexes.hnsw(rows, Similarity.DOT, GENEROUS);
    AnnIndex exactDot = AnnIndexes.exact(rows, Similarity.DOT);
    AnnIndex exactCos = AnnIndexes.exact(rows, Similarity.COSINE);
    int disagree = 0;
    int agree = 0;
    for (int q = 0; q < queries.rows(); q++) {
      float[] v = queries.row(q);
      int best = exactDot.search(v, 1, null).id(0);
      if (best != exactCos.search(v, 1, null).id(0)) {
        disagree++;
        agree += hnsw.search(v, 1, null).id(0) == best ? 1 : 0;
      }
    }
    assertThat(disagree).as("the data must make dot and cosine disagree").isGreaterThan(50);
    assertThat(agree / (double) disagree).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void zeroRowsUnderCosineAndEdgeCases() {
    DenseMatrix rows = new DenseMatrix(4, 2, new float[] {1, 0, 0, 0, 0, 1, 1, 1});
    AnnIndex cos = AnnIndexes.hnsw(rows, Similarity.COSINE, new HnswSettings(4, 10, 10, 1));
    assertThat(cos.search(new float[] {1, 1}, 10, null).ids()).containsExactly(3, 0, 2);
    assertThat(cos.search(new float[] {0, 0}, 10, null).size()).isZero();
    assertThat(cos.search(new float[] {1, 1}, 0, null).size()).isZero();
    assertThatThrownBy(() -> cos.search(new float[3], 1, null)).hasMessageContaining("3 dimensions");
    AnnIndex empty = AnnIndexes.hnsw(new DenseMatrix(2, 2, new float[4]), Similarity.COSINE,
        new HnswSettings(4, 10, 10, 1));
    assertThat(empty.search(new float[] {1, 0}, 3, null).size()).isZero();
    assertThatThrownBy(() -> new HnswSettings(1, 10, 10, 1)).hasMessageContaining("maxDegree");
  }

  @Test
  void batchAnswersEqualSingleAnswers() {
    DenseMatrix rows = clustered(2_000, 8, 8, 11);
    DenseMatrix queries = clustered(50, 8, 8, 12);
    AnnIndex hnsw = AnnIndexes.hnsw(rows, Similarity.DOT, GENEROUS);
    ScoredIds[] batch = hnsw.searchBatch(queries.data(), queries.rows(), K, r -> r % 2 == 1);
    for (int q = 0; q < queries.rows(); q++) {
      assertThat(batch[q]).isEqualTo(hnsw.search(queries.row(q), K, r -> r % 2 == 1));
    }
  }
}
