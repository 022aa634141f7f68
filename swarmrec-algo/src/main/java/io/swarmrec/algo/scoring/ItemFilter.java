package io.swarmrec.algo.scoring;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.matrix.CsrMatrix;
import java.util.Arrays;

/**
 * The items one request must not return: with {@link RecOptions#excludeSeen()} the user's snapshot row
 * and the real-time {@link RecOptions#extraItems()}, and always {@link RecOptions#exclude()}. They are
 * marked in a bitset (25 KB for 200,000 items, small enough to stay cached next to the score array)
 * and unmarked through the list of what was marked, so loading costs O(excluded) per request and each
 * candidate test is one read of a cached word. Not thread-safe: one per thread, see {@link ScratchPool}.
 */
public final class ItemFilter {
  private final long[] bits;
  private int[] marked = new int[64];
  private int size;

  public ItemFilter(int numItems) {
    bits = new long[(numItems + 63) >>> 6];
  }

  /** True when a request excludes nothing, so a precomputed ranking can be returned as it is. */
  public static boolean excludesNothing(CsrMatrix byUser, int user, RecOptions options) {
    boolean seen = options.excludeSeen()
        && ((user >= 0 && byUser.rowLength(user) > 0) || options.extraItems().length > 0);
    return !seen && options.exclude().length == 0;
  }

  /** Marks the items {@code options} excludes for {@code user} ({@code -1}: unknown to the snapshot). */
  public void load(CsrMatrix byUser, int user, RecOptions options) {
    load(byUser, user, options, null);
  }

  /**
   * As {@link #load(CsrMatrix, int, RecOptions)}, marking {@code numbering[item]} for each excluded item
   * ({@code null}: the item ids themselves), for scorers that count in a renumbering of the items.
   */
  public void load(CsrMatrix byUser, int user, RecOptions options, int[] numbering) {
    for (int n = 0; n < size; n++) {
      bits[marked[n] >>> 6] = 0L;
    }
    size = 0;
    if (options.excludeSeen()) {
      if (user >= 0) {
        int[] items = byUser.indices();
        for (int p = byUser.rowStart(user), end = byUser.rowEnd(user); p < end; p++) {
          add(items[p], numbering);
        }
      }
      addAll(options.extraItems(), numbering);
    }
    addAll(options.exclude(), numbering);
  }

  private void addAll(int[] items, int[] numbering) {
    for (int item : items) {
      add(item, numbering);
    }
  }

  private void add(int item, int[] numbering) {
    if (numbering != null) {
      item = numbering[item];
    }
    if (size == marked.length) {
      marked = Arrays.copyOf(marked, size * 2);
    }
    marked[size++] = item;
    bits[item >>> 6] |= 1L << item;
  }

  public boolean excludes(int item) {
    return (bits[item >>> 6] & (1L << item)) != 0;
  }
}
