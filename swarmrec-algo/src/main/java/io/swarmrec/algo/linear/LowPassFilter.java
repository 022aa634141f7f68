package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * The ideal low-pass graph filter of GF-CF: {@code s = weight * r D^-1/2 V V^T D^1/2}, where the columns of
 * {@code V} are the top right singular vectors of the normalised matrix {@code R~} (the smoothest signals on
 * the item graph) and {@code D} the item degrees. Applied in factor form, {@code z = weight * r D^-1/2 V}
 * ({@code k} numbers per user), then {@code s = D^1/2 V z}, so nothing of size items x items exists.
 */
final class LowPassFilter {
  private final DenseMatrix v;
  private final float[] invSqrtDegree;
  private final float[] sqrtDegree;
  private final float weight;

  LowPassFilter(DenseMatrix v, float[] itemDegree, float weight) {
    this.v = v;
    this.invSqrtDegree = NormalizedGraph.invSqrt(itemDegree);
    this.sqrtDegree = new float[itemDegree.length];
    for (int i = 0; i < itemDegree.length; i++) {
      sqrtDegree[i] = (float) Math.sqrt(itemDegree[i]);
    }
    this.weight = weight;
  }

  int rank() {
    return v.cols();
  }

  /** {@code z[zOff..zOff+rank) = weight * h D^-1/2 V}. */
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
    VectorOps.get().dotRows(z, 0, v.data(), 0, v.rows(), v.cols(), out, 0);
    scaleByDegree(out);
  }

  /** {@link #expand} for {@code count} projections stored one after another in {@code zs}. */
  void expandBatch(float[] zs, int count, float[][] out) {
    v.scoreRows(zs, count, out);
    for (int i = 0; i < count; i++) {
      scaleByDegree(out[i]);
    }
  }

  private void scaleByDegree(float[] s) {
    for (int j = 0; j < sqrtDegree.length; j++) {
      s[j] *= sqrtDegree[j];
    }
  }
}
