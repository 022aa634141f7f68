package io.swarmrec.eval.synthetic;

/**
 * Turns per-agent activity weights into exact event counts: every agent gets at least {@code min} and
 * (up to one event of rounding) at most {@code max} events, the counts add up to exactly the requested
 * total, and above the minimum they are proportional to the weights.
 *
 * <p>Two steps. First a water-filling pass: the extra events (total minus the minimums) are shared in
 * proportion to the weights; agents whose share exceeds the cap are pinned to it and the rest is shared
 * again among the others, until nobody exceeds the cap (each round pins at least one agent, and in practice
 * two or three rounds suffice). Then cumulative rounding: agent a receives
 * {@code floor(S_a) - floor(S_(a-1))} where S is the running sum of the real-valued shares, so each count is
 * its share rounded up or down and no event is lost or invented, in one O(n) pass without sorting.
 */
final class ActivityAllocator {
  private ActivityAllocator() {}

  /**
   * Counts for {@code weights.length} agents. Requires {@code n * min <= total <= n * max}; weights
   * must be positive and finite.
   */
  static int[] allocate(double[] weights, int min, int max, long total) {
    int n = weights.length;
    long extra = total - (long) n * min;
    double cap = (double) max - min;
    if (extra < 0 || extra > (long) n * (max - min)) {
      throw new IllegalArgumentException("total " + total + " is outside [" + (long) n * min + ", "
          + (long) n * max + "] for " + n + " agents with " + min + ".." + max + " events each");
    }
    double[] share = waterFill(weights, extra, cap);
    int[] counts = new int[n];
    double running = 0;
    long given = 0;
    for (int a = 0; a < n; a++) {
      running += share[a];
      long upTo = a == n - 1 ? extra : Math.min(extra, Math.max(given, (long) Math.floor(running)));
      counts[a] = min + (int) (upTo - given);
      given = upTo;
    }
    return counts;
  }

  private static double[] waterFill(double[] weights, long extra, double cap) {
    int n = weights.length;
    boolean[] pinned = new boolean[n];
    long pinnedCount = 0;
    double scale;
    while (true) {
      double free = 0;
      for (int a = 0; a < n; a++) {
        if (!pinned[a]) {
          free += weights[a];
        }
      }
      double rest = extra - pinnedCount * cap;
      scale = free > 0 ? rest / free : 0;
      long newlyPinned = 0;
      for (int a = 0; a < n; a++) {
        if (!pinned[a] && weights[a] * scale > cap) {
          pinned[a] = true;
          newlyPinned++;
        }
      }
      if (newlyPinned == 0) {
        break;
      }
      pinnedCount += newlyPinned;
    }
    double[] share = new double[n];
    for (int a = 0; a < n; a++) {
      share[a] = pinned[a] ? cap : weights[a] * scale;
    }
    return share;
  }
}
