package io.swarmrec.algo.scoring;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.StampSet;
import io.swarmrec.core.matrix.CsrMatrix;

/**
 * The items one request must not return: with {@link RecOptions#excludeSeen()} the user's snapshot row
 * and the real-time {@link RecOptions#extraItems()}, and always {@link RecOptions#exclude()}. Marking
 * them in a {@link StampSet} costs O(excluded) per request and makes each candidate test one array
 * read. Not thread-safe: one per thread, see {@link ScratchPool}.
 */
public final class ItemFilter {
  private final StampSet excluded;

  public ItemFilter(int numItems) {
    excluded = new StampSet(numItems);
  }

  /** True when a request excludes nothing, so a precomputed ranking can be returned as it is. */
  public static boolean excludesNothing(CsrMatrix byUser, int user, RecOptions options) {
    boolean seen = options.excludeSeen()
        && ((user >= 0 && byUser.rowLength(user) > 0) || options.extraItems().length > 0);
    return !seen && options.exclude().length == 0;
  }

  /** Marks the items {@code options} excludes for {@code user} ({@code -1}: unknown to the snapshot). */
  public void load(CsrMatrix byUser, int user, RecOptions options) {
    excluded.clear();
    if (options.excludeSeen()) {
      if (user >= 0) {
        int[] items = byUser.indices();
        for (int p = byUser.rowStart(user), end = byUser.rowEnd(user); p < end; p++) {
          excluded.add(items[p]);
        }
      }
      addAll(options.extraItems());
    }
    addAll(options.exclude());
  }

  private void addAll(int[] items) {
    for (int item : items) {
      excluded.add(item);
    }
  }

  public boolean excludes(int item) {
    return excluded.contains(item);
  }
}
