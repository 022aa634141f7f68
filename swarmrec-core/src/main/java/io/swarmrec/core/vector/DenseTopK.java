package io.swarmrec.core.vector;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;

/**
 * The last step of full ranking: the best {@code k} ids of a dense score array, skipping masked ids (what
 * the user has seen, what the request excludes). Most candidates are rejected by one comparison with the
 * heap's threshold before the mask is even read.
 */
public final class DenseTopK {
  private DenseTopK() {}

  /** The best {@code k} of {@code scores[0..n)} whose ids are not in {@code skip} (null = none), best first. */
  public static ScoredIds select(float[] scores, int n, int k, StampSet skip, TopK heap) {
    heap.reset(k);
    if (k == 0) {
      return heap.drain();
    }
    for (int j = 0; j < n; j++) {
      float s = scores[j];
      if (s >= heap.threshold() && (skip == null || !skip.contains(j))) {
        heap.offer(j, s);
      }
    }
    return heap.drain();
  }
}
