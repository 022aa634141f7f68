package io.swarmrec.algo.scoring;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;

/**
 * A user's distinct history items with their weights, for one request: the snapshot row merged with
 * the real-time {@link RecOptions#extraItems()}. An extra item already in the row adds its weight to
 * the row's (as the builder would have on the next rebuild), or stays at 1 when binary. Not
 * thread-safe: one per thread, see {@link ScratchPool}.
 */
public final class UserHistory {
  private final SparseAccumulator items;

  public UserHistory(int numItems) {
    items = new SparseAccumulator(numItems);
  }

  /** Loads the history of {@code user} ({@code -1}: extra items only). */
  public void load(CsrMatrix byUser, int user, RecOptions options, HistoryWeighting weighting) {
    items.clear();
    if (user >= 0) {
      int[] ids = byUser.indices();
      float[] values = weighting.binary() ? null : byUser.values(); // a serving snapshot may hold none
      int[] times = weighting.decay() == null ? null : byUser.times();
      for (int p = byUser.rowStart(user), end = byUser.rowEnd(user); p < end; p++) {
        int time = times == null ? Interactions.NO_TIME : times[p];
        items.put(ids[p], weighting.weight(values == null ? 1f : values[p], time)); // rows hold each item once
      }
    }
    int[] extra = options.extraItems();
    float[] extraWeights = options.extraWeights();
    for (int n = 0; n < extra.length; n++) {
      float w = weighting.extraWeight(extraWeights[n]);
      if (weighting.binary()) {
        items.put(extra[n], w);
      } else {
        items.add(extra[n], w);
      }
    }
  }

  /** Number of distinct items. */
  public int size() {
    return items.size();
  }

  /** The {@code n}-th item: snapshot row first (ascending id), then new extra items in order. */
  public int item(int n) {
    return items.id(n);
  }

  /** The distinct items at positions {@code 0..size()-1}. Read-only, live. */
  public int[] items() {
    return items.ids();
  }

  public float weight(int item) {
    return items.get(item);
  }
}
