package io.swarmrec.algo.ann;

import io.swarmrec.core.vector.DenseMatrix;

/** Builds {@link AnnIndex} instances. */
public final class AnnIndexes {
  private AnnIndexes() {}

  /** The exact index: every row scored. The matrix is shared, not copied; do not modify it afterwards. */
  public static AnnIndex exact(DenseMatrix rows, AnnIndex.Similarity similarity) {
    return new ExactIndex(rows, similarity);
  }
}
