package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.scoring.RankKeys;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import java.util.Arrays;

/**
 * Caps each user's history before co-occurrence counting. A user with {@code n} items contributes
 * {@code n^2} pair updates, so a few crawlers or power users with tens of thousands of items would
 * dominate the build time, and their catch-all histories carry the least taste signal per pair. Each
 * row longer than {@code max} keeps its {@code max} most recent entries (when the row has times; ties
 * and undated entries go to the smaller item id), else its {@code max} heaviest. Only the similarity
 * build sees the cap: recommendation still scores the whole history.
 */
final class HistoryCap {
  private HistoryCap() {}

  /**
   * {@code byUser} with long rows cut to {@code max} entries (ascending item id, weights kept, times
   * dropped), or {@code byUser} itself when no row is longer.
   */
  static CsrMatrix apply(CsrMatrix byUser, int max) {
    int rows = byUser.rows();
    long nnz = 0;
    int longest = 0;
    for (int r = 0; r < rows; r++) {
      int len = byUser.rowLength(r);
      nnz += Math.min(len, max);
      longest = Math.max(longest, len);
    }
    if (longest <= max) {
      return byUser;
    }
    int[] indptr = new int[rows + 1];
    int[] indices = new int[Math.toIntExact(nnz)];
    float[] values = new float[indices.length];
    long[] keys = new long[longest];
    int[] kept = new int[max];
    for (int r = 0; r < rows; r++) {
      int start = byUser.rowStart(r);
      int len = byUser.rowLength(r);
      int out = indptr[r];
      if (len <= max) {
        System.arraycopy(byUser.indices(), start, indices, out, len);
        System.arraycopy(byUser.values(), start, values, out, len);
      } else {
        keepNewest(byUser, r, keys, kept);
        for (int n = 0; n < max; n++) {
          indices[out + n] = byUser.indices()[start + kept[n]];
          values[out + n] = byUser.values()[start + kept[n]];
        }
      }
      indptr[r + 1] = out + Math.min(len, max);
    }
    return new CsrMatrix(rows, byUser.cols(), indptr, indices, values, null);
  }

  /** Fills {@code kept} with the row positions to keep, ascending. */
  private static void keepNewest(CsrMatrix byUser, int row, long[] keys, int[] kept) {
    int start = byUser.rowStart(row);
    int len = byUser.rowLength(row);
    boolean dated = isDated(byUser.times(), start, start + len);
    for (int q = 0; q < len; q++) {
      keys[q] = dated
          ? RankKeys.descending(byUser.times()[start + q], q) // NO_TIME is the smallest int: oldest
          : RankKeys.descending(byUser.values()[start + q], q);
    }
    Arrays.sort(keys, 0, len);
    for (int n = 0; n < kept.length; n++) {
      kept[n] = RankKeys.id(keys[n]);
    }
    Arrays.sort(kept);
  }

  private static boolean isDated(int[] times, int from, int to) {
    if (times == null) {
      return false;
    }
    for (int p = from; p < to; p++) {
      if (times[p] != Interactions.NO_TIME) {
        return true;
      }
    }
    return false;
  }
}
