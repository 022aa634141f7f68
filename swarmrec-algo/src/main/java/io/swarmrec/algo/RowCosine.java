package io.swarmrec.algo;

import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.VectorOps;
import java.util.function.IntUnaryOperator;

/**
 * {@link ItemSimilarity#cosineOfRows}: the cosine of two items' rows of a dense matrix (factor or content
 * vectors), one SIMD dot product per pair over precomputed row norms; 0 when an item has no row or a zero
 * row. Immutable.
 */
final class RowCosine implements ItemSimilarity {
  private final DenseMatrix rows;
  private final IntUnaryOperator rowOf;
  private final float[] norms;

  RowCosine(DenseMatrix rows, IntUnaryOperator rowOf) {
    this.rows = rows;
    this.rowOf = rowOf;
    this.norms = rows.rowNorms();
  }

  @Override
  public float similarity(int a, int b) {
    int ra = rowOf.applyAsInt(a);
    int rb = rowOf.applyAsInt(b);
    if (ra < 0 || rb < 0) {
      return 0f;
    }
    float norms2 = norms[ra] * norms[rb];
    if (!(norms2 > 0)) {
      return 0f;
    }
    float[] d = rows.data();
    return VectorOps.get().dot(d, rows.offset(ra), d, rows.offset(rb), rows.cols()) / norms2;
  }
}
