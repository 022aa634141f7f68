package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The origin document's "smart cache manager": tracks how often each user is seen and derives from it
 * the time to live of the user's entries (new, regular, frequent) and the most active users to warm.
 *
 * <p>Frequencies come from an {@link AgingCountMinSketch}. The most active users are kept as a small
 * candidate set in the spirit of Space-Saving (Metwally, Agrawal and El Abbadi, "Efficient computation of
 * frequent and top-k elements in data streams", 2005): a frequent user whose estimate reaches the
 * admission floor joins; when the set doubles past its capacity it is cut back to the best half by
 * current estimate, and the weakest survivor's estimate becomes the new floor, so users below it do not
 * churn in and out. Users are offered to the set when an entry of theirs is stored, not when they are
 * seen: a cache hit then costs one sketch update and nothing else, and an active user is stored at least
 * once per TTL or per action anyway.
 */
final class AccessTracker {
  private final AgingCountMinSketch sketch;
  private final CacheConfig config;
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  private final ReentrantLock pruning = new ReentrantLock();
  private volatile long floor; // admission floor in the high int, sketch halvings when it was set in the low

  AccessTracker(CacheConfig config, Ticker ticker) {
    this.config = config;
    this.sketch = new AgingCountMinSketch(config.expectedUsers(), config.frequencyHalfLife().toNanos(), ticker);
    this.floor = (long) config.frequentAfter() << 32;
  }

  /** Records one request of {@code user}. */
  void seen(String user) {
    sketch.increment(user);
  }

  int frequency(String user) {
    return sketch.estimate(user);
  }

  /** The time to live of an entry of {@code user} being stored now; also offers the user as active. */
  long ttlNanosOnStore(String user, boolean degraded) {
    int f = sketch.estimate(user);
    if (config.trackedActiveUsers() > 0 && f >= admissionFloor() && active.add(user)
        && active.size() > 2 * config.trackedActiveUsers()) {
      prune();
    }
    long ttl = (f >= config.frequentAfter() ? config.frequentTtl()
        : f >= config.regularAfter() ? config.regularTtl() : config.newUserTtl()).toNanos();
    return degraded ? Math.min(ttl, config.degradedTtl().toNanos()) : ttl;
  }

  /** Up to {@code n} of the most active users lately, most active first. */
  List<String> mostActive(int n) {
    List<Ranked> ranked = rank();
    List<String> users = new ArrayList<>(Math.min(n, ranked.size()));
    for (int i = 0; i < ranked.size() && users.size() < n; i++) {
      if (ranked.get(i).frequency() >= config.frequentAfter()) {
        users.add(ranked.get(i).user());
      }
    }
    return users;
  }

  private void prune() {
    if (!pruning.tryLock()) {
      return; // another thread is cutting the set back already
    }
    try {
      int keep = config.trackedActiveUsers();
      List<Ranked> ranked = rank();
      for (int i = keep; i < ranked.size(); i++) {
        active.remove(ranked.get(i).user());
      }
      int weakest = ranked.get(Math.min(keep, ranked.size()) - 1).frequency();
      floor = (long) weakest << 32 | sketch.halvings();
    } finally {
      pruning.unlock();
    }
  }

  /** The floor set at the last pruning, decayed as the counters were since, so it cannot freeze the set. */
  private int admissionFloor() {
    long f = floor;
    int decayed = (int) (f >>> 32) >>> Math.min(31, sketch.halvings() - (int) f);
    return Math.max(config.frequentAfter(), decayed);
  }

  private List<Ranked> rank() {
    List<Ranked> ranked = new ArrayList<>(active.size());
    for (String u : active) {
      ranked.add(new Ranked(u, sketch.estimate(u)));
    }
    ranked.sort(Comparator.comparingInt(Ranked::frequency).reversed().thenComparing(Ranked::user));
    return ranked;
  }

  private record Ranked(String user, int frequency) {}
}
