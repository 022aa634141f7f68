package io.swarmrec.bench;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.Arrays;

/**
 * The scoring kernel of neighbourhood recommenders (item-kNN after Sarwar et al., WWW 2001, and Deshpande
 * and Karypis, TOIS 2004): for each item j in a user's history with weight w, add {@code w * sim(j, i)} to
 * the score of every neighbour i, then select the k best.
 *
 * <p>Mechanism: scores accumulate in a dense {@code float[]} indexed by item (one store per update, no
 * hashing), and the first touch of an item is recorded in a {@code touched} list, so selection and
 * clean-up visit only the few thousand candidates instead of the whole catalogue. {@link #topKDense} is the
 * baseline that scans and clears the entire array, to show what the touched list saves. Scratch arrays are
 * allocated once and reused: not thread-safe, keep one per thread.
 */
final class NeighbourAccumulator {
  private final CsrMatrix neighbours;
  private final float[] scores;
  private final int[] touched;
  private final StampSet marked;
  private final TopK top = new TopK(10);

  NeighbourAccumulator(CsrMatrix neighbours) {
    this.neighbours = neighbours;
    this.scores = new float[neighbours.cols()];
    this.touched = new int[neighbours.cols()];
    this.marked = new StampSet(neighbours.cols());
  }

  /** The k best-scored neighbours of {@code history} (weights parallel to it), tracking touched items. */
  ScoredIds topK(int[] history, float[] weights, int k) {
    int[] indptr = neighbours.indptr();
    int[] indices = neighbours.indices();
    float[] values = neighbours.values();
    int n = 0;
    for (int h = 0; h < history.length; h++) {
      float w = weights[h];
      for (int p = indptr[history[h]], end = indptr[history[h] + 1]; p < end; p++) {
        int j = indices[p];
        scores[j] += w * values[p];
        if (!marked.contains(j)) {
          marked.add(j);
          touched[n++] = j;
        }
      }
    }
    top.reset(k);
    for (int t = 0; t < n; t++) {
      int j = touched[t];
      top.offer(j, scores[j]);
      scores[j] = 0f;
    }
    marked.clear();
    return top.drain();
  }

  /** The same result by scanning and clearing every item's score. */
  ScoredIds topKDense(int[] history, float[] weights, int k) {
    int[] indptr = neighbours.indptr();
    int[] indices = neighbours.indices();
    float[] values = neighbours.values();
    for (int h = 0; h < history.length; h++) {
      float w = weights[h];
      for (int p = indptr[history[h]], end = indptr[history[h] + 1]; p < end; p++) {
        scores[indices[p]] += w * values[p];
      }
    }
    top.reset(k);
    for (int j = 0; j < scores.length; j++) {
      if (scores[j] != 0f) { // untouched items are not candidates
        top.offer(j, scores[j]);
      }
    }
    Arrays.fill(scores, 0f);
    return top.drain();
  }
}
