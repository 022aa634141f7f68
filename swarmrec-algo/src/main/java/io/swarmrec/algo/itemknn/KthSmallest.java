package io.swarmrec.algo.itemknn;

/**
 * Moves the {@code k} smallest of an array of longs to its front in expected linear time: Hoare's FIND
 * (quickselect, CACM 1961) with a median-of-three pivot.
 *
 * <p>The build ranks an item's candidates as {@link io.swarmrec.algo.scoring.RankKeys} (unique longs
 * ordering by similarity, then id), so its neighbours are exactly the {@code neighbors} smallest keys.
 * A popular item co-occurs with tens of thousands of items; a bounded heap would sift for each candidate
 * that beats its running minimum, and binary cosine produces long runs of equal similarities that keep
 * doing so, which profiling showed to dominate the build. One selection pass plus a sort of the winners
 * costs O(T + k log k) whatever the ties.
 */
final class KthSmallest {
  private KthSmallest() {}

  /** Reorders {@code a[0..n)} so that {@code a[0..k)} holds its {@code k} smallest values (1 <= k <= n). */
  static void partition(long[] a, int n, int k) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k = " + k + " not in [1, " + n + "]");
    }
    int target = k - 1;
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      long pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
      int l = lo;
      int r = hi;
      while (l <= r) { // Hoare partition: [lo, r] <= pivot, [l, hi] >= pivot
        while (a[l] < pivot) {
          l++;
        }
        while (a[r] > pivot) {
          r--;
        }
        if (l <= r) {
          long t = a[l];
          a[l++] = a[r];
          a[r--] = t;
        }
      }
      if (target <= r) {
        hi = r;
      } else if (target >= l) {
        lo = l;
      } else {
        return; // target lies among values equal to the pivot, with only smaller-or-equal ones before it
      }
    }
  }

  private static long medianOfThree(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
