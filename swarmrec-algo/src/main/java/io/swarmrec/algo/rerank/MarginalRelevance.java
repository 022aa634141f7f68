package io.swarmrec.algo.rerank;

import io.swarmrec.algo.ItemSimilarity;

/**
 * Greedy selection by maximal marginal relevance (Carbonell and Goldstein, "The use of MMR,
 * diversity-based reranking for reordering documents and producing summaries", SIGIR 1998): each step takes
 * the candidate maximising {@code (1 - d) * rel(c) - d * max_{s in S} sim(c, s)}, where {@code rel} is the
 * candidate's score min-max scaled to [0, 1] over the pool (MMR's two terms must share a scale; cosine
 * similarities live in [0, 1] on interaction data), {@code S} the items already in the list, pins and
 * exploration included, and {@code d} the requested {@code diversity} (MMR's {@code 1 - lambda}). The
 * candidates that break a cap ({@link ListCaps}) at their turn are passed over; with {@code d = 0} this is
 * the candidates' own order under the caps.
 *
 * <p>Cost: each remaining candidate keeps its largest similarity to the list so far, updated once per item
 * added, so a list of k from a pool of n costs O(k * n) similarity calls and comparisons (plain MMR
 * recomputes the max and costs O(k^2 * n)). With {@code d = 0} no similarity is computed and a step costs
 * only the candidates it skips. Ties go to the earlier candidate. One instance per request.
 */
final class MarginalRelevance {
  private final int[] ids;
  private final float[] relevance; // scaled to [0, 1]
  private final float[] maxSim;
  private final boolean[] gone; // chosen, or placed by another rule
  private final double diversity;
  private final ItemSimilarity similarity;
  private final ListCaps caps;
  private int cursor; // with d = 0: first candidate not yet passed

  /**
   * @param ids candidates, best first
   * @param scores their scores
   */
  MarginalRelevance(int[] ids, float[] scores, double diversity, ItemSimilarity similarity, ListCaps caps) {
    this.ids = ids;
    this.diversity = diversity;
    this.similarity = similarity;
    this.caps = caps;
    this.gone = new boolean[ids.length];
    this.relevance = new float[ids.length];
    this.maxSim = diversity > 0 ? new float[ids.length] : null;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    float range = max - min;
    for (int i = 0; i < ids.length; i++) {
      relevance[i] = range > 0 ? (scores[i] - min) / range : 1f;
    }
    if (maxSim != null) {
      java.util.Arrays.fill(maxSim, Float.NEGATIVE_INFINITY); // nothing in the list yet: no penalty
    }
  }

  /** Takes candidate position {@code i} out of the running (it was placed by a pin or exploration). */
  void remove(int i) {
    gone[i] = true;
  }

  /** Notes that {@code item} is now in the list (placed by another rule): the similarities count it. */
  void noteListed(int item) {
    if (maxSim == null) {
      return;
    }
    for (int i = 0; i < ids.length; i++) {
      if (!gone[i]) {
        maxSim[i] = Math.max(maxSim[i], similarity.similarity(ids[i], item));
      }
    }
  }

  /** The position of the next candidate to list, taken out of the running and counted in the caps; -1 when none is left. */
  int next() {
    int best = -1;
    if (maxSim == null) {
      while (cursor < ids.length && (gone[cursor] || !caps.allows(ids[cursor]))) {
        cursor++; // a candidate over a cap now stays over it: counts only grow
      }
      best = cursor < ids.length ? cursor : -1;
    } else {
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < ids.length; i++) {
        if (gone[i]) {
          continue;
        }
        double penalty = maxSim[i] == Float.NEGATIVE_INFINITY ? 0 : maxSim[i];
        double value = (1 - diversity) * relevance[i] - diversity * penalty;
        if (value > bestValue) {
          if (!caps.allows(ids[i])) {
            gone[i] = true; // over a cap now, over it for the rest of the list
            continue;
          }
          bestValue = value;
          best = i;
        }
      }
    }
    if (best < 0) {
      return -1;
    }
    gone[best] = true;
    caps.add(ids[best]);
    noteListed(ids[best]);
    return best;
  }
}
