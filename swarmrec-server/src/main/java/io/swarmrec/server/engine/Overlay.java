package io.swarmrec.server.engine;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real-time layer between rebuilds: for each user, the events stored after the current model's
 * snapshot. A request merges them into the user's history (they count for scoring and are excluded from
 * the answer), so an event takes effect on the user's very next request without waiting for a rebuild.
 *
 * <p>Each user keeps at most {@link #MAX_PER_USER} recent entries (a ring would lose nothing that
 * matters: beyond that, the oldest events have the least weight and the rebuild brings them back). After a
 * swap, entries with a sequence number covered by the new snapshot are pruned.
 */
final class Overlay {
  static final int MAX_PER_USER = 256;

  /** One user's recent events; copy-on-write arrays, replaced as a whole under the map's lock. */
  record Delta(String[] items, float[] weights, long[] seqs, long[] times) {
    Delta append(String item, float weight, long time, long seq) {
      for (int i = 0; i < items.length; i++) {
        if (times[i] == time && items[i].equals(item)) {
          return this; // the same event seen again, by the store tail after the local ingest
        }
      }
      int n = items.length;
      int from = n >= MAX_PER_USER ? 1 : 0;
      String[] i2 = Arrays.copyOfRange(items, from, n + 1);
      float[] w2 = Arrays.copyOfRange(weights, from, n + 1);
      long[] s2 = Arrays.copyOfRange(seqs, from, n + 1);
      long[] t2 = Arrays.copyOfRange(times, from, n + 1);
      t2[t2.length - 1] = time;
      i2[i2.length - 1] = item;
      w2[w2.length - 1] = weight;
      s2[s2.length - 1] = seq;
      return new Delta(i2, w2, s2, t2);
    }

    Delta after(long seq) {
      int from = 0;
      while (from < seqs.length && seqs[from] <= seq) {
        from++;
      }
      return from == seqs.length ? null
          : new Delta(Arrays.copyOfRange(items, from, items.length), Arrays.copyOfRange(weights, from, weights.length),
              Arrays.copyOfRange(seqs, from, seqs.length), Arrays.copyOfRange(times, from, times.length));
    }
  }

  private static final Delta EMPTY = new Delta(new String[0], new float[0], new long[0], new long[0]);
  private final ConcurrentHashMap<String, Delta> users = new ConcurrentHashMap<>();

  /**
   * Records an event for {@code user}. {@code seq} is the event's store sequence number or an upper bound
   * of it (an ingest batch's last number): pruning then keeps it at worst a little longer than needed.
   * Returns false when the event was already there.
   */
  boolean add(String user, String item, float weight, long epochSecond, long seq) {
    boolean[] changed = {false};
    users.compute(user, (u, d) -> {
      Delta before = d == null ? EMPTY : d;
      Delta after = before.append(item, weight, epochSecond, seq);
      changed[0] = after != before;
      return after;
    });
    return changed[0];
  }

  /** The user's recent events, or null. */
  Delta get(String user) {
    return users.get(user);
  }

  void forget(String user) {
    users.remove(user);
  }

  /** Drops what a snapshot up to {@code seq} already contains. */
  void prune(long seq) {
    users.forEach((u, d) -> {
      Delta kept = d.after(seq);
      if (kept == null) {
        users.remove(u, d); // an event that raced in since keeps the entry
      } else {
        users.replace(u, d, kept);
      }
    });
  }

  int users() {
    return users.size();
  }
}
