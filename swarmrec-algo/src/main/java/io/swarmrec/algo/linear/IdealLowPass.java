package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * The ideal low-pass graph filter of GF-CF: {@code s = weight * r D^-1/2 V V^T D^1/2}, where the columns of
 * {@code V} are the top right singular vectors of the normalised matrix {@code R~} (the smoothest signals on
 * the item graph) and {@code D} the item degrees. Applied in factor form, {@code z = weight * r D^-1/2 V}
 * ({@code k} numbers per user) then {@code s = (D^1/2 V) z}, so nothing of size items x items exists and a
 * user costs one pass over an items x k matrix. Only {@code D^1/2 V} is kept: its row {@code j} divided by
 * {@code d_j} is the row of {@code D^-1/2 V} that the projection needs (for another power {@code p} of the
 * normalisation, {@code D^p V} and {@code d_j^-2p}).
 */
final class IdealLowPass {
  private final DenseMatrix expand; // D^1/2 V
  private final float[] invDegree;
  private final float weight;

  /** {@code v} is scaled in place into {@code D^1/2 V} and kept. */
  IdealLowPass(DenseMatrix v, float[] itemDegree, float weight) {
    this(v, itemDegree, weight, 0.5);
  }

  /**
   * The same filter with the degree normalisation {@code D^-power ... D^power} in place of
   * {@code D^-1/2 ... D^1/2} (ChebyCF's degree-based normalisation); {@code v} becomes {@code D^power V}.
   */
  IdealLowPass(DenseMatrix v, float[] itemDegree, float weight, double power) {
    this.expand = v;
    this.invDegree = new float[itemDegree.length];
    for (int i = 0; i < v.rows(); i++) {
      float d = itemDegree[i];
      VectorOps.get().scale(d > 0f ? (float) Math.pow(d, power) : 0f, v.data(), v.offset(i), v.cols());
      invDegree[i] = d > 0f ? (float) Math.pow(d, -2 * power) : 0f;
    }
    this.weight = weight;
  }

  int rank() {
    return expand.cols();
  }

  /** {@code z[zOff .. zOff+rank) = weight * h D^-1/2 V = weight * h D^-1 (D^1/2 V)}. */
  void project(SparseVector h, float[] z, int zOff) {
    int k = expand.cols();
    java.util.Arrays.fill(z, zOff, zOff + k, 0f);
    VectorOps ops = VectorOps.get();
    for (int p = 0; p < h.size(); p++) {
      int j = h.id(p);
      ops.axpy(weight * h.value(p) * invDegree[j], expand.data(), expand.offset(j), z, zOff, k);
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
