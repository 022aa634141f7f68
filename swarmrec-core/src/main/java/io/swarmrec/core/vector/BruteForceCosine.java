package io.swarmrec.core.vector;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;

/**
 * Exact cosine nearest neighbours among the rows of a {@link DenseMatrix}, by scoring every row. The
 * answer an approximate index is measured against, and fast enough on its own for catalogues of some
 * hundred thousand rows (one SIMD pass over the matrix). Norms are computed once; rows of norm zero have
 * no direction and are never returned. Thread-safe: scratch is per thread.
 */
public final class BruteForceCosine {
  private final DenseMatrix m;
  private final float[] invNorms;
  private final ThreadLocal<float[]> scores;
  private final ThreadLocal<TopK> heaps = ThreadLocal.withInitial(() -> new TopK(16));

  public BruteForceCosine(DenseMatrix m) {
    this.m = m;
    float[] n = m.rowNorms();
    for (int r = 0; r < n.length; r++) {
      n[r] = n[r] > 0f ? 1f / n[r] : 0f;
    }
    this.invNorms = n;
    this.scores = ThreadLocal.withInitial(() -> new float[m.rows()]);
  }

  public DenseMatrix matrix() {
    return m;
  }

  /** The {@code k} rows most similar to row {@code row}, itself excluded. */
  public ScoredIds nearest(int row, int k) {
    if (row < 0 || row >= m.rows()) {
      throw new IllegalArgumentException("row " + row + " out of range [0, " + m.rows() + ")");
    }
    return nearest(m.data(), m.offset(row), k, row);
  }

  /** The {@code k} rows most similar to {@code q[qOff .. qOff+cols)}, excluding {@code excludeRow} (-1: none). */
  public ScoredIds nearest(float[] q, int qOff, int k, int excludeRow) {
    VectorOps ops = VectorOps.get();
    int cols = m.cols();
    float qn = (float) Math.sqrt(ops.dot(q, qOff, q, qOff, cols));
    TopK heap = heaps.get();
    heap.reset(k);
    if (qn == 0f || k == 0) {
      return heap.drain();
    }
    float[] s = scores.get();
    ops.dotRows(q, qOff, m.data(), 0, m.rows(), cols, s, 0);
    for (int r = 0; r < s.length; r++) {
      if (r != excludeRow && invNorms[r] != 0f) {
        heap.offer(r, s[r] * invNorms[r] / qn);
      }
    }
    return heap.drain();
  }
}
