package io.swarmrec.algo.rerank;

import io.swarmrec.algo.ItemSimilarity;

/**
 * Greedy selection by maximal marginal relevance (Carbonell and Goldstein, "The use of MMR,
 * diversity-based reranking for reordering documents and producing summaries", SIGIR 1998): each step takes
 * the candidate maximising {@code (1 - d) * rel(c) - d * max(0, max_{s in S} sim(c, s))}, where {@code rel} is the
 * candidate's score min-max scaled to [0, 1] over the pool (MMR's two terms must share a scale; cosine
 * similarities live in [0, 1] on interaction data), {@code S} the items already in the list, pins and
 * exploration included, and {@code d} the requested {@code diversity} (MMR's {@code 1 - lambda}); a
 * negative similarity (possible with factor cosine) counts as 0, no bonus for being opposite. The
 * candidates that break a cap ({@link ListCaps}) at their turn are passed over; with {@code d = 0} this is
 * the candidates' own order under the caps. Ties go to the earlier candidate.
 *
 * <p>Evaluation is lazy (the "lazy greedy" of Minoux, 1978, for submodular maximisation): a candidate's
 * penalty only grows as the list grows, so the objective it had when last computed is an upper bound of
 * its current one. Candidates sit in a max-heap by that bound; a step pops the top, brings its penalty up to
 * date against the items listed since (one similarity call each), and takes it if it still ranks first,
 * else pushes it back. The choice is exactly the eager one. The eager bound, O(k * n) similarity calls for a
 * list of k from a pool of n, still holds; in practice most candidates are never refreshed, because a
 * relevant candidate similar to nothing listed wins on its first refresh. With {@code d = 0} no similarity
 * is computed and a step costs only the candidates it skips. One instance per request.
 */
final class MarginalRelevance {
  private final int[] ids;
  private final float[] relevance; // scaled to [0, 1]
  private final boolean[] gone; // chosen, or placed by another rule
  private final double diversity;
  private final ItemSimilarity similarity;
  private final ListCaps caps;
  private int cursor; // with d = 0: first candidate not yet passed

  // lazy MMR state (d > 0)
  private final float[] maxSim; // largest similarity to listed[0 .. upTo[i])
  private final int[] upTo;
  private final double[] bound; // objective when last computed
  private final int[] heap; // candidate positions, max-heap by (bound desc, position asc)
  private int heapSize;
  private int[] listed = new int[16];
  private int listedCount;

  /**
   * @param ids candidates, best first
   * @param scores their scores
   */
  MarginalRelevance(int[] ids, float[] scores, double diversity, ItemSimilarity similarity, ListCaps caps) {
    this.ids = ids;
    this.diversity = diversity;
    this.similarity = similarity;
    this.caps = caps;
    int n = ids.length;
    this.gone = new boolean[n];
    this.relevance = new float[n];
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    float range = max - min;
    for (int i = 0; i < n; i++) {
      relevance[i] = range > 0 ? (scores[i] - min) / range : 1f;
    }
    if (diversity > 0) {
      maxSim = new float[n];
      upTo = new int[n];
      bound = new double[n];
      heap = new int[n];
      for (int i = 0; i < n; i++) {
        bound[i] = (1 - diversity) * relevance[i]; // nothing listed yet: no penalty
        heap[i] = i;
      }
      heapSize = n;
      for (int p = n / 2 - 1; p >= 0; p--) {
        siftDown(p);
      }
    } else {
      maxSim = null;
      upTo = null;
      bound = null;
      heap = null;
    }
  }

  /** Takes candidate position {@code i} out of the running (it was placed by a pin or exploration). */
  void remove(int i) {
    gone[i] = true; // left in the heap; skipped when popped
  }

  /** Notes that {@code item} is now in the list: later penalties count it. */
  void noteListed(int item) {
    if (maxSim == null) {
      return;
    }
    if (listedCount == listed.length) {
      listed = java.util.Arrays.copyOf(listed, listedCount * 2);
    }
    listed[listedCount++] = item;
  }

  /** The position of the next candidate to list, taken out of the running and counted in the caps; -1 when none is left. */
  int next() {
    int best = maxSim == null ? nextInOrder() : nextByMarginalRelevance();
    if (best < 0) {
      return -1;
    }
    gone[best] = true;
    caps.add(ids[best]);
    noteListed(ids[best]);
    return best;
  }

  private int nextInOrder() {
    while (cursor < ids.length && (gone[cursor] || !caps.allows(ids[cursor]))) {
      cursor++; // a candidate over a cap now stays over it: counts only grow
    }
    return cursor < ids.length ? cursor : -1;
  }

  private int nextByMarginalRelevance() {
    while (heapSize > 0) {
      int i = heap[0];
      if (gone[i]) {
        pop();
        continue;
      }
      if (upTo[i] < listedCount) { // bring the bound up to date, then let the heap decide again
        float m = maxSim[i]; // starts at 0: a negative similarity earns no bonus
        for (int s = upTo[i]; s < listedCount; s++) {
          m = Math.max(m, similarity.similarity(ids[i], listed[s]));
        }
        maxSim[i] = m;
        upTo[i] = listedCount;
        bound[i] = (1 - diversity) * relevance[i] - diversity * m;
        siftDown(0);
        if (heap[0] != i) {
          continue;
        }
      }
      pop();
      if (!caps.allows(ids[i])) {
        gone[i] = true; // over a cap now, over it for the rest of the list
        continue;
      }
      return i;
    }
    return -1;
  }

  private boolean above(int a, int b) {
    return bound[a] > bound[b] || (bound[a] == bound[b] && a < b);
  }

  private void pop() {
    heap[0] = heap[--heapSize];
    if (heapSize > 0) {
      siftDown(0);
    }
  }

  private void siftDown(int p) {
    int x = heap[p];
    while (true) {
      int c = 2 * p + 1;
      if (c >= heapSize) {
        break;
      }
      if (c + 1 < heapSize && above(heap[c + 1], heap[c])) {
        c++;
      }
      if (!above(heap[c], x)) {
        break;
      }
      heap[p] = heap[c];
      p = c;
    }
    heap[p] = x;
  }
}
