package io.swarmrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Tests of the small helpers around the kernels: sparse history, parallel blocks, top-k, cosine. */
class SupportTest {

  @Test
  void sparseVectorMergesExtrasIntoACopiedRow() {
    CsrMatrix m = new CsrMatrix(2, 10, new int[] {0, 3, 4}, new int[] {1, 4, 7, 2}, new float[] {1, 2, 3, 4}, null);
    SparseVector v = new SparseVector(1);
    v.setRow(m, 0);
    v.mergeAll(new int[] {4, 9, 9, 0}, new float[] {10, 1, 1, 5});
    assertThat(v.size()).isEqualTo(5);
    float[] dense = new float[10];
    for (int p = 0; p < v.size(); p++) {
      dense[v.id(p)] += v.value(p);
    }
    assertThat(dense).containsExactly(5, 1, 0, 0, 12, 0, 0, 3, 0, 2);
    v.setRow(m, -1);
    assertThat(v.size()).isZero();
  }

  @Test
  void parallelBlocksVisitsEveryIndexOnceAndRethrows() {
    AtomicIntegerArray seen = new AtomicIntegerArray(1003);
    ParallelBlocks.run(1003, 10, 3, (w, b, from, to) -> {
      assertThat(from).isEqualTo(b * 10);
      for (int i = from; i < to; i++) {
        seen.incrementAndGet(i);
      }
    });
    for (int i = 0; i < seen.length(); i++) {
      assertThat(seen.get(i)).isEqualTo(1);
    }
    assertThatThrownBy(() -> ParallelBlocks.run(100, 1, 2, (w, b, from, to) -> {
      if (b == 57) {
        throw new IllegalStateException("boom");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void denseTopKSkipsMaskedIds() {
    float[] s = {0.5f, 3f, 2f, 3f, 1f};
    StampSet skip = new StampSet(5);
    skip.add(1);
    ScoredIds r = DenseTopK.select(s, 5, 3, skip, new TopK(1));
    assertThat(r.ids()).containsExactly(3, 2, 4);
    assertThat(DenseTopK.select(s, 5, 0, null, new TopK(1)).size()).isZero();
  }
}
