package io.swarmrec.algo.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import org.junit.jupiter.api.Test;

class ExactIndexTest {
  // rows: 0 = (1,0), 1 = (0,1), 2 = (2,2), 3 = (0,0), 4 = (-1,0)
  private final DenseMatrix m = new DenseMatrix(5, 2, new float[] {1, 0, 0, 1, 2, 2, 0, 0, -1, 0});

  @Test
  void dotRanksByInnerProduct() {
    AnnIndex idx = AnnIndexes.exact(m, AnnIndex.Similarity.DOT);
    ScoredIds s = idx.search(new float[] {1, 0.5f}, 3, null);
    assertThat(s.ids()).containsExactly(2, 0, 1);
    assertThat(s.scores()).containsExactly(3f, 1f, 0.5f);
  }

  @Test
  void cosineIgnoresLengthAndSkipsZeroRows() {
    AnnIndex idx = AnnIndexes.exact(m, AnnIndex.Similarity.COSINE);
    ScoredIds s = idx.search(new float[] {1, 1}, 5, null);
    assertThat(s.ids()).containsExactly(2, 0, 1, 4);
    assertThat(s.score(0)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void filterAndNeighboursExcludeRows() {
    AnnIndex idx = AnnIndexes.exact(m, AnnIndex.Similarity.DOT);
    assertThat(idx.search(new float[] {1, 1}, 2, r -> r != 2).ids()).containsExactly(0, 1);
    assertThat(idx.neighbours(0, 2).ids()).containsExactly(2, 1);
    ScoredIds[] batch = idx.searchBatch(new float[] {1, 0, 0, 1}, 2, 1, null);
    assertThat(batch[0].ids()).containsExactly(2);
    assertThat(batch[1].ids()).containsExactly(2);
  }

  @Test
  void wrongDimensionsAreRefused() {
    AnnIndex idx = AnnIndexes.exact(m, AnnIndex.Similarity.DOT);
    assertThatThrownBy(() -> idx.search(new float[3], 1, null)).hasMessageContaining("3 dimensions");
  }
}
