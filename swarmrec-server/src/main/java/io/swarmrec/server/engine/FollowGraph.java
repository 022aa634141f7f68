package io.swarmrec.server.engine;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.store.Follow;
import io.swarmrec.store.InteractionStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who follows whom, in memory, for the {@code network} candidate source of feeds: per follower a sorted
 * array of followee numbers (a dictionary of followees turns each id into an int, so 20M edges cost about
 * 80 MB plus the ids once). Loaded from the store ({@link InteractionStore#scanFollows}) at start and after
 * each model swap (which is how other replicas' follows arrive), and changed at once by this replica's
 * writes. Thread-safe: each follower's array is replaced, never written in place.
 */
final class FollowGraph {
  private final IdDictionary followees = new IdDictionary();
  private volatile Map<String, int[]> following = new ConcurrentHashMap<>();

  /** Replaces the graph with the store's. */
  void load(InteractionStore store) {
    Map<String, int[]> grown = new HashMap<>();
    Map<String, int[]> sizes = new HashMap<>();
    store.scanFollows((follower, followee) -> {
      int id;
      synchronized (followees) {
        id = followees.getOrAdd(followee);
      }
      int[] size = sizes.computeIfAbsent(follower, f -> new int[1]);
      int[] a = grown.computeIfAbsent(follower, f -> new int[4]);
      if (size[0] == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
        grown.put(follower, a);
      }
      a[size[0]++] = id;
    });
    Map<String, int[]> next = new ConcurrentHashMap<>(grown.size() * 2);
    grown.forEach((f, a) -> {
      int[] b = Arrays.copyOf(a, sizes.get(f)[0]);
      Arrays.sort(b);
      next.put(f, b);
    });
    following = next;
  }

  /** Applies stored changes. */
  void apply(List<Follow> changes) {
    for (Follow c : changes) {
      int id;
      synchronized (followees) {
        id = followees.getOrAdd(c.followee());
      }
      following.compute(c.follower(), (f, a) -> {
        int[] cur = a == null ? new int[0] : a;
        int at = Arrays.binarySearch(cur, id);
        if (c.follow() == at >= 0) {
          return a;
        }
        int[] next;
        if (c.follow()) {
          int ins = -at - 1;
          next = new int[cur.length + 1];
          System.arraycopy(cur, 0, next, 0, ins);
          next[ins] = id;
          System.arraycopy(cur, ins, next, ins + 1, cur.length - ins);
        } else {
          next = new int[cur.length - 1];
          System.arraycopy(cur, 0, next, 0, at);
          System.arraycopy(cur, at + 1, next, at, cur.length - at - 1);
        }
        return next.length == 0 ? null : next;
      });
    }
  }

  void forget(String user) {
    following.remove(user);
  }

  /** Whom {@code user} follows (ids), or an empty array. */
  String[] following(String user) {
    int[] a = following.get(user);
    if (a == null) {
      return new String[0];
    }
    String[] out = new String[a.length];
    synchronized (followees) {
      for (int i = 0; i < a.length; i++) {
        out[i] = followees.key(a[i]);
      }
    }
    return out;
  }
}
