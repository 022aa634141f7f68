package io.swarmrec.server.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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

  /**
   * One user's recent events: the window {@code [from, to)} of arrays that may have room after it. Appending
   * writes the slot just past the window and returns a new, longer window over the same arrays; no existing
   * window covers that slot, and only the newest window (the one in the map, under the map's per-key lock)
   * is ever appended to, so readers of older windows never see a write. When the arrays are full the window
   * is copied into fresh arrays with room for {@link #MAX_PER_USER} more, so an append costs O(1) amortised
   * instead of a copy of the whole window per event (the hot spot of ingest for busy users).
   */
  static final class Delta {
    private final String[] items;
    private final float[] weights;
    private final long[] seqs;
    private final long[] times;
    private final int from;
    private final int to;

    private Delta(String[] items, float[] weights, long[] seqs, long[] times, int from, int to) {
      this.items = items;
      this.weights = weights;
      this.seqs = seqs;
      this.times = times;
      this.from = from;
      this.to = to;
    }

    int size() {
      return to - from;
    }

    String item(int i) {
      return items[from + i];
    }

    float weight(int i) {
      return weights[from + i];
    }

    /** The items, oldest first, as a read-only view. */
    List<String> itemList() {
      return Collections.unmodifiableList(Arrays.asList(items).subList(from, to));
    }

    Delta append(String item, float weight, long time, long seq) {
      for (int i = to - 1; i >= from; i--) {
        if (seqs[i] == seq) {
          return this; // the same event seen again: by the store tail after the local ingest, or the other way
        }
      }
      boolean full = to - from >= MAX_PER_USER;
      if (full && seq < seqs[from]) {
        return this; // older than every event kept: it was dropped for room, and stays dropped
      }
      int start = full ? from + 1 : from;
      if (to < items.length) { // room past the window: share the arrays
        put(items, weights, seqs, times, to, item, weight, seq, time);
        return new Delta(items, weights, seqs, times, start, to + 1);
      }
      int n = to - start;
      int capacity = Math.min(2 * MAX_PER_USER, Math.max(4, 2 * (n + 1)));
      Delta grown = new Delta(Arrays.copyOfRange(items, start, start + capacity),
          Arrays.copyOfRange(weights, start, start + capacity), Arrays.copyOfRange(seqs, start, start + capacity),
          Arrays.copyOfRange(times, start, start + capacity), 0, n);
      put(grown.items, grown.weights, grown.seqs, grown.times, n, item, weight, seq, time);
      return new Delta(grown.items, grown.weights, grown.seqs, grown.times, 0, n + 1);
    }

    private static void put(String[] items, float[] weights, long[] seqs, long[] times, int at, String item,
        float weight, long seq, long time) {
      items[at] = item;
      weights[at] = weight;
      seqs[at] = seq;
      times[at] = time;
    }

    /** The events with a sequence number above {@code seq} (in any order: the tail and local ingests interleave). */
    Delta after(long seq) {
      int n = 0;
      for (int i = from; i < to; i++) {
        if (seqs[i] > seq) {
          n++;
        }
      }
      if (n == 0) {
        return null;
      }
      Delta kept = new Delta(new String[n], new float[n], new long[n], new long[n], 0, n);
      for (int i = from, j = 0; i < to; i++) {
        if (seqs[i] > seq) {
          put(kept.items, kept.weights, kept.seqs, kept.times, j++, items[i], weights[i], seqs[i], times[i]);
        }
      }
      return kept;
    }
  }

  private static final Delta EMPTY = new Delta(new String[0], new float[0], new long[0], new long[0], 0, 0);
  private final ConcurrentHashMap<String, Delta> users = new ConcurrentHashMap<>();

  /**
   * Records an event for {@code user}, identified by its store sequence number {@code seq}: the local
   * ingest and the store tail both record every event, and whichever comes second is recognised by that
   * number, so each event counts exactly once, even two events on one item in one second. Returns false
   * when the event was already there.
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
