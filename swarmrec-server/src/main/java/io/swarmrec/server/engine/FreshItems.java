package io.swarmrec.server.engine;

import io.swarmrec.algo.ItemVectorScorer;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.topk.TopK;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Items given a content vector since the served model was built and not in its dictionary: the real-time
 * layer of cold start. A model that scores by content vectors ({@link ItemVectorScorer}) ranks them from
 * their vector alone and merges them into its answer, so a new post can be recommended the moment it is
 * stored, without waiting for a rebuild; the next model takes them in as regular items and they leave.
 *
 * <p>Each request scans every entry (one dot product each), so the set is capped at {@link #MAX}; beyond
 * that, new items wait for the next rebuild.
 */
final class FreshItems {
  static final int MAX = 10_000;

  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
  private volatile long changedAtMillis;

  /** Records an item's vector unless the model already knows the item; false when the set is full. */
  boolean put(String item, float[] vector, IdDictionary modelItems) {
    if (modelItems.get(item) >= 0) {
      if (vectors.remove(item) != null) { // its vector changed: the next rebuild picks it up
        changed();
      }
      return true;
    }
    if (vectors.size() >= MAX && !vectors.containsKey(item)) {
      return false;
    }
    vectors.put(item, vector);
    changed();
    return true;
  }

  void remove(String item) {
    if (vectors.remove(item) != null) {
      changed();
    }
  }

  private void changed() {
    changedAtMillis = System.currentTimeMillis();
  }

  /**
   * When the set last changed (epoch milliseconds, 0 never): an answer of a vector-scoring model cached at or
   * before that instant may miss an item added since (or still hold one removed), see {@link Engine#recommend}.
   */
  long changedAtMillis() {
    return changedAtMillis;
  }

  /** Drops the items a new model's dictionary holds. */
  void pruneKnown(IdDictionary modelItems) {
    vectors.keySet().removeIf(item -> modelItems.get(item) >= 0);
  }

  boolean isEmpty() {
    return vectors.isEmpty();
  }

  int size() {
    return vectors.size();
  }

  /**
   * Merges the fresh items that {@code userVector} scores best into {@code res} (best first, at most
   * {@code k} in all), leaving out {@code skip} (seen, excluded or deleted items).
   */
  RecResult mergeInto(RecResult res, int k, ItemVectorScorer scorer, float[] userVector, Predicate<String> skip) {
    String[] keys = vectors.keySet().toArray(String[]::new);
    TopK top = new TopK(k);
    for (int n = 0; n < keys.length; n++) {
      float[] v = vectors.get(keys[n]);
      if (v != null && v.length == userVector.length && !skip.test(keys[n])) {
        top.offer(n, scorer.score(userVector, v));
      }
    }
    if (top.size() == 0) {
      return res;
    }
    var fresh = top.drain();
    int total = Math.min(k, res.items().length + fresh.size());
    String[] ids = new String[total];
    float[] scores = new float[total];
    int a = 0;
    int b = 0;
    for (int n = 0; n < total; n++) {
      boolean takeFresh = b < fresh.size() && (a == res.items().length || fresh.score(b) > res.scores()[a]);
      if (takeFresh) {
        ids[n] = keys[fresh.id(b)];
        scores[n] = fresh.score(b++);
      } else {
        ids[n] = res.items()[a];
        scores[n] = res.scores()[a++];
      }
    }
    return new RecResult(res.user(), res.algo(), res.degraded(), res.source(), res.modelVersion(), ids, scores);
  }
}
