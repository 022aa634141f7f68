package io.swarmrec.eval.split;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;

/**
 * Cuts one snapshot in two along a per-entry mark: unmarked entries stay in training, marked ones become
 * the test set. Both halves keep the snapshot's dictionaries, so ids agree and an item whose every
 * interaction went to test stays in the catalogue (recommendable, with no training signal).
 */
final class EntryPartition {
  private EntryPartition() {}

  /** @param toTest one flag per entry of {@code all.byUser()} */
  static Split cut(Interactions all, boolean[] toTest) {
    CsrMatrix m = all.byUser();
    CsrMatrix train = select(m, toTest, false);
    CsrMatrix test = select(m, toTest, true);
    CsrMatrix known = new CsrMatrix(test.rows(), test.cols(), test.indptr(), test.indices(), test.values(), null);
    return new Split(new Interactions(all.users(), all.items(), train),
        new TestSet(known, new int[m.rows()], 0, 0));
  }

  /** The entries whose flag equals {@code wanted}, with their values and times. */
  private static CsrMatrix select(CsrMatrix m, boolean[] flags, boolean wanted) {
    int rows = m.rows();
    int n = 0;
    for (int p = 0, nnz = m.nnz(); p < nnz; p++) {
      if (flags[p] == wanted) {
        n++;
      }
    }
    int[] indptr = new int[rows + 1];
    int[] indices = new int[n];
    float[] values = new float[n];
    int[] times = m.hasTimes() ? new int[n] : null;
    int[] srcIndices = m.indices();
    float[] srcValues = m.values();
    int[] srcTimes = m.times();
    int q = 0;
    for (int r = 0; r < rows; r++) {
      for (int p = m.rowStart(r), end = m.rowEnd(r); p < end; p++) {
        if (flags[p] == wanted) {
          indices[q] = srcIndices[p];
          values[q] = srcValues[p];
          if (times != null) {
            times[q] = srcTimes[p];
          }
          q++;
        }
      }
      indptr[r + 1] = q;
    }
    return new CsrMatrix(rows, m.cols(), indptr, indices, values, times);
  }
}
