package io.swarmrec.algo.scoring;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;

/**
 * Finds the users most similar to a set of history items, through the item index, at request time.
 *
 * <p>Walking the query's items and, for each, the users who share it counts common items for exactly
 * the users that have any, which is the sparse form of one row of the user-user product
 * {@code R R^T}; no user-user matrix is ever stored (for a million users it would not fit). The
 * similarity is the cosine of binary vectors, {@code common / sqrt(|u| |v|)} (as in the user-based
 * collaborative filtering of Herlocker, Konstan, Borchers and Riedl, SIGIR 1999, with binary data).
 *
 * <p>Cost is the sum of the query items' popularity, dominated by blockbusters that say little about
 * taste. An item with more than {@code maxItemUsers} users is therefore sampled: an evenly strided,
 * deterministic subset of {@code maxItemUsers} of its users is counted (the rest gain nothing from it),
 * which bounds the work per query item without dropping the item altogether; a user who only knows
 * popular items still finds neighbours.
 *
 * <p>Each concurrent search needs a common-count accumulator over all users (12 bytes per user, 12 MB
 * for a million), taken from a {@link ScratchPool}.
 */
public final class UserNeighbourSearch {
  // both orientations are asked for per search, never kept: a serving process may release parts of them
  // (Interactions.release), and a field would pin the full matrices
  private final Interactions data;
  private final int maxItemUsers;
  private final ScratchPool<Scratch> scratch;

  public UserNeighbourSearch(Interactions data, int maxItemUsers) {
    if (maxItemUsers < 1) {
      throw new IllegalArgumentException("maxItemUsers must be >= 1, got " + maxItemUsers);
    }
    this.data = data;
    this.maxItemUsers = maxItemUsers;
    int numUsers = data.numUsers();
    this.scratch = new ScratchPool<>(() -> new Scratch(numUsers));
  }

  /** The {@code k} users most similar to {@code user}'s snapshot history, {@code user} excluded. */
  public ScoredIds similarTo(int user, int k, int minCommon) {
    CsrMatrix byUser = data.byUser();
    return search(byUser.indices(), byUser.rowStart(user), byUser.rowEnd(user), user, k, minCommon);
  }

  /**
   * The {@code k} users most similar to the distinct items {@code items[from..to)}, with at least
   * {@code minCommon} of them in common, {@code self} excluded ({@code -1}: exclude nobody).
   */
  public ScoredIds search(int[] items, int from, int to, int self, int k, int minCommon) {
    Scratch s = scratch.acquire();
    try {
      s.common.clear();
      for (int p = from; p < to; p++) {
        countSharers(items[p], self, s.common);
      }
      return select(s, to - from, k, minCommon);
    } finally {
      scratch.release(s);
    }
  }

  private void countSharers(int item, int self, SparseAccumulator common) {
    CsrMatrix byItem = data.byItem();
    int[] users = byItem.indices();
    int start = byItem.rowStart(item);
    int n = byItem.rowLength(item);
    if (n <= maxItemUsers) {
      for (int p = start, end = start + n; p < end; p++) {
        countUnlessSelf(users[p], self, common);
      }
    } else {
      for (int t = 0; t < maxItemUsers; t++) {
        countUnlessSelf(users[start + (int) ((long) t * n / maxItemUsers)], self, common);
      }
    }
  }

  private static void countUnlessSelf(int user, int self, SparseAccumulator common) {
    if (user != self) {
      common.add(user, 1f);
    }
  }

  private ScoredIds select(Scratch s, int querySize, int k, int minCommon) {
    CsrMatrix byUser = data.byUser();
    TopK heap = s.heap;
    heap.reset(k);
    SparseAccumulator common = s.common;
    for (int n = 0, size = common.size(); n < size; n++) {
      int v = common.id(n);
      float c = common.get(v);
      if (c >= minCommon) {
        heap.offer(v, (float) (c / Math.sqrt((double) querySize * byUser.rowLength(v))));
      }
    }
    return heap.drain();
  }

  private static final class Scratch {
    final SparseAccumulator common;
    final TopK heap = new TopK(64);

    Scratch(int numUsers) {
      common = new SparseAccumulator(numUsers);
    }
  }
}
