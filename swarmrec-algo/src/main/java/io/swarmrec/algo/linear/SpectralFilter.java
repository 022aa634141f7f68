package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * The dense, low-rank part of the graph filters, on the top {@code k} right singular vectors {@code V}
 * (singular values {@code S}) of the normalised matrix {@code R~}, so that {@code P = R~^T R~ ~ V S^2 V^T}.
 *
 * <p><b>Ideal low-pass</b> (GF-CF): {@code alpha * r D^-1/2 V V^T D^1/2}, the history projected on the
 * smoothest graph signals, with the degree scaling of Shen et al.
 *
 * <p><b>Sharpening</b> (BSPM, Choi et al., "Blurring-Sharpening Process Models for Collaborative
 * Filtering", SIGIR 2023): the blurred score {@code s0 = r P + ideal} is pushed back along the reverse heat
 * equation {@code ds/dt = -s P} for a time {@code h}, solved by {@code steps} fourth-order Runge-Kutta steps
 * as in their code; on eigenvector {@code v} of {@code P} (eigenvalue {@code l}) that multiplies the score by
 * a polynomial {@code p(l)}. It sharpens what blurring over-smoothed, demoting the dominant (popular)
 * directions. Applied in the spectral domain on the top {@code k} directions only, where {@code P} is known
 * exactly; the rest, whose eigenvalues are small and {@code p(l) ~ 1}, is left as it is. Because {@code V}
 * are eigenvectors of {@code P}, the projection of {@code s0} needs no dense pass:
 * {@code s0 V = (r V) S^2 + (alpha r D^-1/2 V) (V^T D^1/2 V)}.
 *
 * <p>Both parts expand through one dense matrix: {@code [D^1/2 V | V]} against the per-user coefficients
 * {@code [a | b]}, {@code a = alpha r D^-1/2 V}, {@code b = (s0 V) diag(p(S^2) - 1)}; so the user costs one pass of
 * {@code items x k} (two when sharpening) and the model stores no items x items matrix.
 */
final class SpectralFilter {
  private final DenseMatrix v; // items x k
  private final DenseMatrix expand; // items x k, or items x 2k when sharpening: [D^1/2 V | V]
  private final float[] invSqrtDegree;
  private final float alpha;
  private final float[] s2; // squared singular values, k
  private final float[] gain; // p(s^2) - 1, or null without sharpening
  private final float[] m; // V^T D^1/2 V, k x k, or null
  private final int k;

  SpectralFilter(DenseMatrix v, float[] singular, float[] itemDegree, float alpha, float sharpen, int steps) {
    this.v = v;
    this.k = v.cols();
    this.alpha = alpha;
    this.invSqrtDegree = NormalizedGraph.invSqrt(itemDegree);
    this.s2 = new float[k];
    for (int c = 0; c < k; c++) {
      s2[c] = singular[c] * singular[c];
    }
    this.gain = sharpen > 0 ? rungeKuttaGain(s2, sharpen, steps) : null;
    int width = gain == null ? k : 2 * k;
    DenseMatrix e = DenseMatrix.zeros(v.rows(), width);
    for (int i = 0; i < v.rows(); i++) {
      float sq = (float) Math.sqrt(itemDegree[i]);
      for (int c = 0; c < k; c++) {
        e.data()[i * width + c] = sq * v.get(i, c);
        if (gain != null) {
          e.data()[i * width + k + c] = v.get(i, c);
        }
      }
    }
    this.expand = e;
    this.m = gain == null ? null : degreeGram(v, itemDegree);
  }

  /** Coefficients per user: {@link #width()} floats. */
  int width() {
    return expand.cols();
  }

  /** Writes the user's coefficients {@code [a | b]} into {@code q[off .. off+width)}. */
  void project(SparseVector h, float[] q, int off) {
    VectorOps ops = VectorOps.get();
    java.util.Arrays.fill(q, off, off + width(), 0f);
    for (int p = 0; p < h.size(); p++) {
      int j = h.id(p);
      ops.axpy(alpha * h.value(p) * invSqrtDegree[j], v.data(), v.offset(j), q, off, k);
    }
    if (gain == null) {
      return;
    }
    int b = off + k;
    for (int p = 0; p < h.size(); p++) { // (r V) S^2
      ops.axpy(h.value(p), v.data(), v.offset(h.id(p)), q, b, k);
    }
    for (int c = 0; c < k; c++) {
      q[b + c] *= s2[c];
    }
    for (int c = 0; c < k; c++) { // + a M
      ops.axpy(q[off + c], m, c * k, q, b, k);
    }
    for (int c = 0; c < k; c++) {
      q[b + c] *= gain[c];
    }
  }

  /** {@code out = [D^1/2 V | V] q}, overwriting {@code out}. */
  void expand(float[] q, float[] out) {
    VectorOps.get().dotRows(q, 0, expand.data(), 0, expand.rows(), expand.cols(), out, 0);
  }

  /** {@link #expand} for {@code count} coefficient vectors stored one after another. */
  void expandBatch(float[] qs, int count, float[][] out) {
    expand.scoreRows(qs, count, out);
  }

  /** {@code p(l) - 1} where {@code p} is {@code steps} RK4 steps of {@code y' = -l y} over time {@code h}. */
  static float[] rungeKuttaGain(float[] lambda, float h, int steps) {
    float[] g = new float[lambda.length];
    for (int c = 0; c < lambda.length; c++) {
      double x = (double) h / steps * lambda[c];
      double step = 1 - x + x * x / 2 - x * x * x / 6 + x * x * x * x / 24;
      g[c] = (float) (Math.pow(step, steps) - 1);
    }
    return g;
  }

  /** {@code V^T D^1/2 V} as the Gram matrix of the rows of V scaled by {@code d^1/4}. */
  private static float[] degreeGram(DenseMatrix v, float[] degree) {
    DenseMatrix scaled = DenseMatrix.zeros(v.rows(), v.cols());
    for (int i = 0; i < v.rows(); i++) {
      float q = (float) Math.pow(degree[i], 0.25);
      for (int c = 0; c < v.cols(); c++) {
        scaled.data()[i * v.cols() + c] = q * v.get(i, c);
      }
    }
    double[] g = scaled.gram(Runtime.getRuntime().availableProcessors());
    float[] f = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      f[i] = (float) g[i];
    }
    return f;
  }
}
