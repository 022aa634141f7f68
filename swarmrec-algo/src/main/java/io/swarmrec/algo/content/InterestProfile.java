package io.swarmrec.algo.content;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.scoring.HistoryWeighting;
import io.swarmrec.algo.scoring.UserHistory;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.VectorOps;
import java.util.Arrays;

/**
 * Turns a history into an interest vector: the weighted mean of the unit vectors of its items that have
 * one, weights as {@link HistoryWeighting} gives them (interaction weight times time decay), non-positive
 * weights and items without a vector left out. Immutable and thread-safe; the caller supplies the buffers.
 */
final class InterestProfile {
  private final ItemVectors vectors;
  private final DenseMatrix unit;
  private final HistoryWeighting weighting;
  private final int minHistory;

  InterestProfile(ItemVectors vectors, DenseMatrix unit, HistoryWeighting weighting, int minHistory) {
    this.vectors = vectors;
    this.unit = unit;
    this.weighting = weighting;
    this.minHistory = minHistory;
  }

  HistoryWeighting weighting() {
    return weighting;
  }

  int dimensions() {
    return unit.cols();
  }

  /**
   * Writes the interest vector of {@code history} into {@code out} (length {@link #dimensions()}); false,
   * with {@code out} zeroed, when fewer than {@code minHistory} items contribute.
   */
  boolean interest(UserHistory history, float[] out) {
    Arrays.fill(out, 0f);
    if (vectors.size() == 0) {
      return false;
    }
    VectorOps ops = VectorOps.get();
    int dim = unit.cols();
    float[] rows = unit.data();
    double total = 0;
    int used = 0;
    for (int n = 0, size = history.size(); n < size; n++) {
      int item = history.item(n);
      int row = vectors.row(item);
      float w = history.weight(item);
      if (row == ItemVectors.ABSENT || !(w > 0f) || isZero(rows, row * dim, dim)) {
        continue;
      }
      ops.axpy(w, rows, row * dim, out, 0, dim);
      total += w;
      used++;
    }
    if (used < minHistory || !(total > 0)) {
      Arrays.fill(out, 0f);
      return false;
    }
    ops.scale((float) (1 / total), out, 0, dim);
    return true;
  }

  private static boolean isZero(float[] rows, int off, int dim) {
    for (int d = 0; d < dim; d++) {
      if (rows[off + d] != 0f) {
        return false;
      }
    }
    return true;
  }
}
