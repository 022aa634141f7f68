package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * The ideal low-pass graph filter of GF-CF: {@code s = weight * r D^-1/2 V V^T D^1/2}, where the columns of
 * {@code V} are the top right singular vectors of the normalised matrix {@code R~} (the smoothest signals on
 * the item graph) and {@code D} the item degrees. Applied in factor form, {@code z = weight * r D^-1/2 V}
 * ({@code k} numbers per user) then {@code s = (D^1/2 V) z}, so nothing of size items x items exists and a
 * user costs one pass over an items x k matrix.
 */
final class IdealLowPass {
  private final DenseMatrix v;
  private final DenseMatrix expand; // D^1/2 V
  private final float[] invSqrtDegree;
  private final float weight;

  IdealLowPass(DenseMatrix v, float[] itemDegree, float weight) {
    this.v = v;
    this.invSqrtDegree = NormalizedGraph.invSqrt(itemDegree);
    this.weight = weight;
    this.expand = DenseMatrix.zeros(v.rows(), v.cols());
    for (int i = 0; i < v.rows(); i++) {
      float sq = (float) Math.sqrt(itemDegree[i]);
      for (int c = 0; c < v.cols(); c++) {
        expand.data()[i * v.cols() + c] = sq * v.get(i, c);
      }
    }
  }

  int rank() {
    return v.cols();
  }

  /** {@code z[zOff .. zOff+rank) = weight * h D^-1/2 V}. */
  void project(SparseVector h, float[] z, int zOff) {
    java.util.Arrays.fill(z, zOff, zOff + v.cols(), 0f);
    VectorOps ops = VectorOps.get();
    for (int p = 0; p < h.size(); p++) {
      int j = h.id(p);
      ops.axpy(weight * h.value(p) * invSqrtDegree[j], v.data(), v.offset(j), z, zOff, v.cols());
    }
  }

  /** {@code out = D^1/2 V z}, overwriting {@code out}. */
  void expand(float[] z, float[] out) {
    VectorOps.get().dotRows(z, 0, expand.data(), 0, expand.rows(), expand.cols(), out, 0);
  }

  /** {@link #expand} for {@code count} projections stored one after another in {@code zs}. */
  void expandBatch(float[] zs, int count, float[][] out) {
    expand.scoreRows(zs, count, out);
  }
}
