package io.swarmrec.server.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each user was shown: per user and item, how often since the user last engaged with it, and when
 * last. Fed by {@code impression} events (sent by clients, or recorded by the server itself with
 * {@code record-impressions}) and reset for an item by any positive event on it. Rotation reads it: an item
 * shown {@code rotation_after} times without engagement is left out or demoted for {@code rotation_window}
 * seconds; exploration reads it as "never shown".
 *
 * <p>Each user keeps at most {@link #MAX_PER_USER} items, the least recently shown dropped first (an LRU
 * map under the user's lock): rotation is about a recent window, not a lifetime. A user's {@link #version}
 * increases with every change, so a simulation step can tell whose answers must be computed again.
 */
final class Exposure {
  static final int MAX_PER_USER = 2048;

  /** One user's shown items: item -> {count, last shown epoch second, last counted sequence}. */
  static final class Shown {
    private final LinkedHashMap<String, long[]> items = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, long[]> e) {
        return size() > MAX_PER_USER;
      }
    };
    private volatile long version;

    synchronized long[] get(String item) {
      long[] v = items.get(item);
      return v == null ? null : v.clone();
    }

    synchronized boolean contains(String item) {
      return items.containsKey(item);
    }
  }

  private final ConcurrentHashMap<String, Shown> users = new ConcurrentHashMap<>();

  /**
   * Counts an impression with store sequence {@code seq}: once, whether the local ingest or the store tail
   * reports it first (an impression at or below the item's last counted sequence is not counted again).
   */
  void impression(String user, String item, long epochSecond, long seq) {
    Shown s = users.computeIfAbsent(user, u -> new Shown());
    synchronized (s) {
      long[] v = s.items.computeIfAbsent(item, i -> new long[] {0, 0, -1});
      if (seq <= v[2]) {
        return;
      }
      v[0]++;
      v[1] = Math.max(v[1], epochSecond);
      v[2] = seq;
      s.version++;
    }
  }

  /** The user engaged with the item (event {@code seq}): its count starts again unless shown since. */
  void engaged(String user, String item, long seq) {
    Shown s = users.get(user);
    if (s != null) {
      synchronized (s) {
        long[] v = s.items.get(item);
        if (v != null && seq > v[2]) {
          v[0] = 0; // kept with the engagement's sequence, so an older impression read again is not counted
          v[2] = seq;
          s.version++;
        }
      }
    }
  }

  void forget(String user) {
    users.remove(user);
  }

  /** The user's shown items, or null when nothing was shown to them. */
  Shown of(String user) {
    return users.get(user);
  }

  /** Increases with every change to the user's exposure; 0 for a user never shown anything. */
  long version(String user) {
    Shown s = users.get(user);
    return s == null ? 0 : s.version;
  }

  int users() {
    return users.size();
  }
}
