package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.SparseVector;

/** The model-specific part of an item-to-item linear model: a user's history in, a score per item out. */
interface ItemScorer {

  /** Writes a score for every item into {@code out} (overwriting it); {@code history} is not empty. */
  void score(SparseVector history, float[] out);

  /** {@link #score} for several users at once; models with a dense stage override it to share memory traffic. */
  default void scoreBatch(SparseVector[] histories, int count, float[][] out) {
    for (int i = 0; i < count; i++) {
      score(histories[i], out[i]);
    }
  }
}
