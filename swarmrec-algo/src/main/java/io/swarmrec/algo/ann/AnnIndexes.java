package io.swarmrec.algo.ann;

import io.swarmrec.core.vector.DenseMatrix;

/** Builds {@link AnnIndex} instances. */
public final class AnnIndexes {
  private AnnIndexes() {}

  /** The exact index: every row scored. The matrix is shared, not copied; do not modify it afterwards. */
  public static AnnIndex exact(DenseMatrix rows, AnnIndex.Similarity similarity) {
    return new ExactIndex(rows, similarity);
  }

  /**
   * A navigable-graph index (HNSW family, built by jvector) over the rows: sub-linear search at a recall
   * below 1 that {@code settings} trade against speed. Builds in about {@code n log n} distance
   * evaluations on {@link HnswSettings#threads()} threads. Keeps a normalised copy of the rows and also
   * reads {@code rows} (shared, not copied; do not modify it afterwards) to score its answers exactly.
   */
  public static AnnIndex hnsw(DenseMatrix rows, AnnIndex.Similarity similarity, HnswSettings settings) {
    return new HnswGraphIndex(rows, similarity, settings);
  }
}
