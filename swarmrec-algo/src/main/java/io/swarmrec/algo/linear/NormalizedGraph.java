package io.swarmrec.algo.linear;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;

/**
 * The symmetrically normalised interaction matrix {@code R~ = D_u^-1/2 R D_i^-1/2} of graph-filtering
 * recommenders (the bipartite graph's normalised adjacency, as in LightGCN and GF-CF), kept in both
 * orientations, and the item-item filter {@code P = R~^T R~} applied without ever forming it.
 *
 * <p>{@code P} is dense in practice (41k x 41k on Gowalla would take 6.7 GB in float), while {@code R~} has
 * one entry per interaction. {@code h P} is therefore computed as two sparse passes: {@code t = h R~^T} (the
 * users who share items with the history, weighted) and {@code t R~}. Its cost is the number of two-hop paths
 * from the history, typically far below a dense row of {@code P}. Zero-degree users and items get weight 0.
 */
final class NormalizedGraph {
  private final CsrMatrix byUser; // R~
  private final CsrMatrix byItem; // R~^T
  private final float[] itemDegree;
  private final ThreadLocal<UserAccumulator> accumulators;

  private NormalizedGraph(CsrMatrix byUser, float[] itemDegree) {
    this.byUser = byUser;
    this.byItem = byUser.transpose();
    this.itemDegree = itemDegree;
    this.accumulators = ThreadLocal.withInitial(() -> new UserAccumulator(byUser.rows()));
  }

  static NormalizedGraph of(Interactions data) {
    CsrMatrix r = data.byUser();
    float[] du = invSqrt(rowSums(r));
    float[] itemDegree = rowSums(data.byItem());
    float[] di = invSqrt(itemDegree);
    int[] idx = r.indices();
    float[] v = new float[r.nnz()];
    for (int u = 0; u < r.rows(); u++) {
      for (int p = r.rowStart(u); p < r.rowEnd(u); p++) {
        v[p] = r.values()[p] * du[u] * di[idx[p]];
      }
    }
    return new NormalizedGraph(new CsrMatrix(r.rows(), r.cols(), r.indptr(), idx, v, null), itemDegree);
  }

  /** {@code R~}, users x items. */
  CsrMatrix matrix() {
    return byUser;
  }

  /** Weighted number of interactions of every item. */
  float[] itemDegrees() {
    return itemDegree;
  }

  /** {@code out += h P}, {@code P = R~^T R~}. */
  void addItemFilter(SparseVector h, float[] out) {
    UserAccumulator t = accumulators.get();
    t.clear();
    for (int p = 0; p < h.size(); p++) {
      t.addRow(byItem, h.id(p), h.value(p));
    }
    spread(t, out);
  }

  /** {@code out = x P} for a dense {@code x} (every item), overwriting {@code out}. */
  void applyFilter(float[] x, float[] out) {
    UserAccumulator t = accumulators.get();
    t.clear();
    for (int j = 0; j < byItem.rows(); j++) {
      if (x[j] != 0f) {
        t.addRow(byItem, j, x[j]);
      }
    }
    java.util.Arrays.fill(out, 0f);
    spread(t, out);
  }

  /**
   * {@code out = P x} for a block of item-major column vectors ({@code x}: items x width), through
   * {@code users = R~ x} (users x width); single-threaded, the caller parallelises over blocks.
   */
  void applyFilter(DenseMatrix x, DenseMatrix users, DenseMatrix out) {
    DenseMatrix.multiply(byUser, x, users, 1);
    DenseMatrix.multiply(byItem, users, out, 1);
  }

  /** {@code out += t R~}: the second hop, from the touched users back to their items. */
  private void spread(UserAccumulator t, float[] out) {
    int[] idx = byUser.indices();
    float[] val = byUser.values();
    for (int i = 0; i < t.count; i++) {
      int v = t.touched[i];
      float tv = t.sums[v];
      for (int e = byUser.rowStart(v), end = byUser.rowEnd(v); e < end; e++) {
        out[idx[e]] += tv * val[e];
      }
    }
  }

  /** The users with the largest {@code (R~ R~^T)[user, v]}: shared items, each weighted down by its popularity. */
  ScoredIds similarUsers(int user, int k) {
    if (user < 0 || user >= byUser.rows()) {
      throw new IllegalArgumentException("user " + user + " out of range [0, " + byUser.rows() + ")");
    }
    UserAccumulator t = accumulators.get();
    t.clear();
    for (int p = byUser.rowStart(user); p < byUser.rowEnd(user); p++) {
      t.addRow(byItem, byUser.indices()[p], byUser.values()[p]);
    }
    TopK heap = new TopK(k);
    for (int i = 0; i < t.count; i++) {
      int v = t.touched[i];
      if (v != user) {
        heap.offer(v, t.sums[v]);
      }
    }
    return heap.drain();
  }

  private static float[] rowSums(CsrMatrix m) {
    float[] s = new float[m.rows()];
    for (int r = 0; r < m.rows(); r++) {
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        s[r] += m.values()[p];
      }
    }
    return s;
  }

  static float[] invSqrt(float[] d) {
    float[] r = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i] > 0f ? (float) (1 / Math.sqrt(d[i])) : 0f;
    }
    return r;
  }

  /** A sparse accumulator over users: dense sums plus the list of users touched since the last clear. */
  private static final class UserAccumulator {
    final float[] sums;
    final int[] touched;
    final StampSet seen;
    int count;

    UserAccumulator(int users) {
      sums = new float[users];
      touched = new int[users];
      seen = new StampSet(users);
    }

    void clear() {
      seen.clear();
      count = 0;
    }

    /** {@code sums += weight * row(item)} of {@code byItem}. */
    void addRow(CsrMatrix byItem, int item, float weight) {
      int[] idx = byItem.indices();
      float[] val = byItem.values();
      for (int e = byItem.rowStart(item), end = byItem.rowEnd(item); e < end; e++) {
        int v = idx[e];
        if (!seen.contains(v)) {
          seen.add(v);
          sums[v] = 0f;
          touched[count++] = v;
        }
        sums[v] += weight * val[e];
      }
    }
  }
}
