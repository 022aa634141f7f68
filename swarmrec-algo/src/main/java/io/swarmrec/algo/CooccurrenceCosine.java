package io.swarmrec.algo;

import io.swarmrec.core.matrix.CsrMatrix;

/**
 * {@link ItemSimilarity#cooccurrence}: binary cosine of two items' user lists, by intersecting the two
 * sorted rows of the item-major matrix. The shorter row is walked and each of its users searched in the
 * longer one from where the previous search ended (galloping), so a pair costs
 * O(min(|U(a)|, |U(b)|) log max(|U(a)|, |U(b)|)) and a niche item against a hub stays cheap. Holds only
 * the row pointers and user ids of the matrix (no weights or times). Immutable.
 */
final class CooccurrenceCosine implements ItemSimilarity {
  private final int[] indptr;
  private final int[] users;

  CooccurrenceCosine(CsrMatrix byItem) {
    this.indptr = byItem.indptr();
    this.users = byItem.indices();
  }

  @Override
  public float similarity(int a, int b) {
    if (a == b) {
      return 1f;
    }
    int aFrom = indptr[a];
    int aLen = indptr[a + 1] - aFrom;
    int bFrom = indptr[b];
    int bLen = indptr[b + 1] - bFrom;
    if (aLen == 0 || bLen == 0) {
      return 0f;
    }
    if (aLen > bLen) { // walk the shorter row
      int t = aFrom;
      aFrom = bFrom;
      bFrom = t;
      t = aLen;
      aLen = bLen;
      bLen = t;
    }
    int common = 0;
    int lo = bFrom;
    int bEnd = bFrom + bLen;
    for (int p = aFrom, end = aFrom + aLen; p < end && lo < bEnd; p++) {
      int u = users[p];
      int step = 1; // gallop from lo to bracket u, then binary search inside the bracket
      int hi = lo;
      while (hi < bEnd && users[hi] < u) {
        lo = hi + 1;
        hi += step;
        step <<= 1;
      }
      hi = Math.min(hi, bEnd - 1);
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (users[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      if (lo < bEnd && users[lo] == u) {
        common++;
        lo++;
      }
    }
    return (float) (common / Math.sqrt((double) aLen * bLen));
  }
}
