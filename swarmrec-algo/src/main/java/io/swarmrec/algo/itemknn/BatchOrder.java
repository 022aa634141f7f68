package io.swarmrec.algo.itemknn;

import io.swarmrec.core.matrix.CsrMatrix;
import java.util.stream.IntStream;

/**
 * The order in which a batch request ({@link ItemNeighbourRecommender#recommendAll}) scores its users: users
 * of the same taste community one after another, so that each request finds the index rows and the score
 * array lines it needs still in cache from the previous one.
 *
 * <p>A request reads its history items' index rows and adds into the score array at the slots those rows hold; with
 * {@link LocalityOrder} a community's items and their candidates have nearby slots. Two users of one community share
 * their popular history items (the longest rows) and most of their touched score lines, but in the caller's order
 * consecutive users belong to unrelated communities and each request starts cold: at 1,000,000 agents and 200,000
 * items about two thirds of the accumulate time was cache misses (the same user scored again right away accumulates in
 * a third of the time). Each user is keyed by the range of {@value #RANGE} slots that holds most of their history
 * items (ties to the lower range), and users are scored in key order, a counting sort, stable in the caller's order;
 * in the scenario this cut the accumulate time per user by about a quarter (docs/BENCHMARKS.md, "Batch in community
 * order"). Rankings do not depend on the order: each request is computed on its own.
 */
final class BatchOrder {
  /** Slots per community range: a few communities' worth at the scenario's scale. */
  static final int RANGE = 1024;

  private BatchOrder() {}

  /**
   * Positions into {@code users} in the order to score them. Users below 0 (unknown to the snapshot) have no
   * history and come first.
   */
  static int[] of(int[] users, CsrMatrix byUser, int[] slotOf) {
    int ranges = slotOf.length / RANGE + 1;
    int[] key = new int[users.length];
    IntStream.range(0, (users.length + 4095) / 4096).parallel().forEach(chunk -> {
      int[] count = new int[ranges];
      for (int n = chunk * 4096, end = Math.min(users.length, n + 4096); n < end; n++) {
        key[n] = users[n] < 0 ? 0 : 1 + dominantRange(byUser, users[n], slotOf, count);
      }
    });
    int[] start = new int[ranges + 2];
    for (int k : key) {
      start[k + 1]++;
    }
    for (int k = 0; k <= ranges; k++) {
      start[k + 1] += start[k];
    }
    int[] order = new int[users.length];
    for (int n = 0; n < users.length; n++) {
      order[start[key[n]]++] = n;
    }
    return order;
  }

  /** The range holding most of {@code user}'s history items, ties to the lower; 0 for an empty history. */
  static int dominantRange(CsrMatrix byUser, int user, int[] slotOf, int[] count) {
    int[] items = byUser.indices();
    int from = byUser.rowStart(user);
    int to = byUser.rowEnd(user);
    int best = 0;
    int bestCount = 0;
    for (int p = from; p < to; p++) {
      int r = slotOf[items[p]] / RANGE;
      int c = ++count[r];
      if (c > bestCount || (c == bestCount && r < best)) {
        best = r;
        bestCount = c;
      }
    }
    for (int p = from; p < to; p++) {
      count[slotOf[items[p]] / RANGE] = 0;
    }
    return best;
  }
}
