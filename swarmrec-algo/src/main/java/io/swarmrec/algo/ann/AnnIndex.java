package io.swarmrec.algo.ann;

import io.swarmrec.core.topk.ScoredIds;
import java.util.function.IntPredicate;

/**
 * Nearest-neighbour search over the rows of a dense matrix (item factors, user factors, content vectors):
 * the one interface the models retrieve through, so that the exact scan and an approximate graph index are
 * interchangeable and the exact one is always at hand as the reference.
 *
 * <p>Rows are addressed by their index in the matrix the index was built from (dense ids of a snapshot).
 * Scores are the index's {@link Similarity}: larger is closer. Rows that can never match (a zero vector under
 * cosine) are never returned. Implementations are immutable after construction and thread-safe.
 */
public interface AnnIndex {

  /** How closeness is measured. */
  enum Similarity {
    /** Inner product: maximum-inner-product search, the score of a dot-product factor model. */
    DOT,
    /** Cosine of the angle: similar items and users. */
    COSINE
  }

  /** A short name for reports, e.g. {@code "exact"} or {@code "hnsw"}. */
  String kind();

  Similarity similarity();

  /** Rows indexed. */
  int size();

  int dimensions();

  /**
   * The best {@code k} rows for {@code query} (length {@link #dimensions()}), best first, among rows
   * {@code accept} lets through ({@code null}: all).
   */
  ScoredIds search(float[] query, int k, IntPredicate accept);

  /** The best {@code k} rows for row {@code row} of the indexed matrix, the row itself excluded. */
  ScoredIds neighbours(int row, int k);

  /** {@link #search} for many queries (row-major, {@code count x dimensions()}), one answer per query, in order. */
  default ScoredIds[] searchBatch(float[] queries, int count, int k, IntPredicate accept) {
    int dim = dimensions();
    ScoredIds[] out = new ScoredIds[count];
    java.util.stream.IntStream.range(0, count).parallel().forEach(q -> {
      float[] one = java.util.Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
      out[q] = search(one, k, accept);
    });
    return out;
  }
}
