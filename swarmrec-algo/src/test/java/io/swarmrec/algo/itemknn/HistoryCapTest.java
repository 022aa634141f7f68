package io.swarmrec.algo.itemknn;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import org.junit.jupiter.api.Test;

class HistoryCapTest {
  private static final int NONE = Interactions.NO_TIME;

  @Test
  void returnsTheSameMatrixWhenNoRowIsTooLong() {
    CsrMatrix m = matrix(new int[] {0, 2, 3}, new int[] {0, 1, 2}, new float[] {1, 1, 1}, null);
    assertThat(HistoryCap.apply(m, 2)).isSameAs(m);
  }

  @Test
  void keepsTheNewestEntriesInItemOrderWithUndatedOldest() {
    // row 0: items 0..4 at times 5, NONE, 9, 5, 7 -> newest three are 2 (9), 4 (7), then 0 (5, smaller id than 3)
    CsrMatrix m = matrix(new int[] {0, 5, 6}, new int[] {0, 1, 2, 3, 4, 1},
        new float[] {1, 2, 3, 4, 5, 6}, new int[] {5, NONE, 9, 5, 7, 1});
    CsrMatrix c = HistoryCap.apply(m, 3);
    assertThat(c.indptr()).containsExactly(0, 3, 4);
    assertThat(c.indices()).containsExactly(0, 2, 4, 1);
    assertThat(c.values()).containsExactly(1, 3, 5, 6);
    assertThat(c.hasTimes()).isFalse();
  }

  @Test
  void undatedRowsKeepTheHeaviestEntries() {
    CsrMatrix m = matrix(new int[] {0, 4}, new int[] {0, 1, 2, 3},
        new float[] {2, 5, 2, 1}, new int[] {NONE, NONE, NONE, NONE});
    CsrMatrix c = HistoryCap.apply(m, 2);
    assertThat(c.indices()).containsExactly(0, 1);
    assertThat(c.values()).containsExactly(2, 5);
    CsrMatrix noTimes = matrix(new int[] {0, 4}, new int[] {0, 1, 2, 3}, new float[] {1, 1, 3, 2}, null);
    assertThat(HistoryCap.apply(noTimes, 2).indices()).containsExactly(2, 3);
  }

  private static CsrMatrix matrix(int[] indptr, int[] indices, float[] values, int[] times) {
    return new CsrMatrix(indptr.length - 1, 5, indptr, indices, values, times);
  }
}
