package io.swarmrec.algo.ann;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.VectorOps;
import java.util.function.IntPredicate;

/**
 * Exact search by scoring every row: one SIMD pass ({@link VectorOps#dotRows}) over the row-major matrix,
 * then a bounded heap. The reference every approximate index is measured against, and the right choice on
 * its own up to a few hundred thousand rows of 64 dimensions, where one pass costs a few milliseconds.
 * Cosine is served by dividing the dot by the row's norm, computed once at construction.
 */
final class ExactIndex implements AnnIndex {
  private final DenseMatrix m;
  private final Similarity similarity;
  private final float[] invNorms; // cosine only; 0 for zero rows
  private final ThreadLocal<float[]> scores;
  private final ThreadLocal<TopK> heaps = ThreadLocal.withInitial(() -> new TopK(16));

  ExactIndex(DenseMatrix m, Similarity similarity) {
    this.m = m;
    this.similarity = similarity;
    if (similarity == Similarity.COSINE) {
      float[] n = m.rowNorms();
      for (int r = 0; r < n.length; r++) {
        n[r] = n[r] > 0f ? 1f / n[r] : 0f;
      }
      this.invNorms = n;
    } else {
      this.invNorms = null;
    }
    this.scores = ThreadLocal.withInitial(() -> new float[m.rows()]);
  }

  @Override
  public String kind() {
    return "exact";
  }

  @Override
  public Similarity similarity() {
    return similarity;
  }

  @Override
  public int size() {
    return m.rows();
  }

  @Override
  public int dimensions() {
    return m.cols();
  }

  @Override
  public ScoredIds search(float[] query, int k, IntPredicate accept) {
    requireDimensions(query.length);
    return scan(query, 0, k, accept, -1);
  }

  @Override
  public ScoredIds neighbours(int row, int k) {
    requireRow(row);
    return scan(m.data(), m.offset(row), k, null, row);
  }

  /** The best {@code k} accepted rows for {@code q[qOff .. qOff + cols)}, {@code excludeRow} (-1: none) left out. */
  ScoredIds scan(float[] q, int qOff, int k, IntPredicate accept, int excludeRow) {
    VectorOps ops = VectorOps.get();
    int cols = m.cols();
    TopK heap = heaps.get();
    heap.reset(k);
    float qScale = queryScale(q, qOff);
    if (k == 0 || qScale == 0f) {
      return heap.drain();
    }
    float[] s = scores.get();
    ops.dotRows(q, qOff, m.data(), 0, m.rows(), cols, s, 0);
    for (int r = 0; r < s.length; r++) {
      float score = invNorms == null ? s[r] : s[r] * invNorms[r] * qScale;
      if (invNorms != null && invNorms[r] == 0f) {
        continue;
      }
      if (r != excludeRow && score >= heap.threshold() && (accept == null || accept.test(r))) {
        heap.offer(r, score);
      }
    }
    return heap.drain();
  }

  /** What scores of query {@code q} are multiplied by: 1 under dot, 1/|q| under cosine (0 for a zero query). */
  float queryScale(float[] q, int qOff) {
    if (similarity == Similarity.DOT) {
      return 1f;
    }
    float qn = (float) Math.sqrt(VectorOps.get().dot(q, qOff, q, qOff, m.cols()));
    return qn == 0f ? 0f : 1f / qn;
  }

  /**
   * The exact score of row {@code r} for query {@code q} with {@link #queryScale} {@code qScale}, as
   * {@link #scan} ranks it (an approximate index re-scores its candidates with it).
   */
  float score(float[] q, int qOff, float qScale, int r) {
    float dot = VectorOps.get().dot(q, qOff, m.data(), m.offset(r), m.cols());
    return invNorms == null ? dot : dot * invNorms[r] * qScale;
  }

  void requireRow(int row) {
    if (row < 0 || row >= m.rows()) {
      throw new IllegalArgumentException("row " + row + " out of range [0, " + m.rows() + ")");
    }
  }

  void requireDimensions(int len) {
    if (len != m.cols()) {
      throw new IllegalArgumentException("query has " + len + " dimensions, the index " + m.cols());
    }
  }
}
