package io.swarmrec.algo.als;

import io.swarmrec.core.vector.VectorOps;

/**
 * Solves one row's least-squares problem of implicit ALS by conjugate gradients.
 *
 * <p>For a user u with items j (weights {@code w_j}) and fixed item factors {@code Y}, the weighted loss of
 * Hu, Koren and Volinsky (ICDM 2008), confidence {@code c_j = 1 + alpha * w_j} on observed items and 1
 * elsewhere, preference 1 on observed items and 0 elsewhere, is minimised by
 * <pre>  (Y^T Y + lambda I + sum_j alpha w_j y_j y_j^T) x = sum_j (1 + alpha w_j) y_j.</pre>
 * {@code Y^T Y} is shared by all rows of a half-step (computed once), so one matrix-vector product costs
 * {@code f^2 + 2 f n_u}, and the matrix is never formed. Takacs, Pilaszy and Tikk (RecSys 2011) showed that
 * a few CG steps warm-started from the previous sweep's {@code x} match an exact solve in accuracy at a
 * fraction of its {@code O(f^3)} cost; training therefore runs a fixed small number of steps, while fold-in
 * (no earlier estimate to refine) runs until the residual is small.
 *
 * <p>Holds per-thread scratch: one instance per thread.
 */
final class ConjugateGradient {
  private final VectorOps ops = VectorOps.get();
  private final float[] fixed;
  private final float[] gram;
  private final int f;
  private final float alpha;
  private final float[] r;
  private final float[] p;
  private final float[] ap;

  /** {@code fixed}: the other side's factors, row-major with {@code f} columns; {@code gram}: its Gramian. */
  ConjugateGradient(float[] fixed, float[] gram, int f, float alpha) {
    this.fixed = fixed;
    this.gram = gram;
    this.f = f;
    this.alpha = alpha;
    this.r = new float[f];
    this.p = new float[f];
    this.ap = new float[f];
  }

  /**
   * Improves {@code x[xOff .. xOff+f)} in place by at most {@code maxSteps} CG steps for the row whose
   * entries are {@code ids[from..to)} with weights {@code w[from..to)}; stops early once the residual norm
   * falls below {@code relTol} times the norm of the right-hand side. Returns the steps taken.
   */
  int solve(int[] ids, float[] w, int from, int to, float lambda, float[] x, int xOff, int maxSteps, float relTol) {
    java.util.Arrays.fill(r, 0f);
    for (int e = from; e < to; e++) {
      ops.axpy(1f + alpha * w[e], fixed, ids[e] * f, r, 0, f);
    }
    float tol = relTol * relTol * ops.dot(r, 0, r, 0, f);
    multiply(x, xOff, ids, w, from, to, lambda, ap);
    ops.axpy(-1f, ap, 0, r, 0, f);
    float rr = ops.dot(r, 0, r, 0, f);
    System.arraycopy(r, 0, p, 0, f);
    int step = 0;
    while (step < maxSteps && rr > tol) {
      multiply(p, 0, ids, w, from, to, lambda, ap);
      float pap = ops.dot(p, 0, ap, 0, f);
      if (!(pap > 0f)) {
        break; // the direction is numerically null: nothing left to gain
      }
      float a = rr / pap;
      ops.axpy(a, p, 0, x, xOff, f);
      ops.axpy(-a, ap, 0, r, 0, f);
      float rrNext = ops.dot(r, 0, r, 0, f);
      ops.scale(rrNext / rr, p, 0, f);
      ops.axpy(1f, r, 0, p, 0, f);
      rr = rrNext;
      step++;
    }
    return step;
  }

  /** {@code out = (G + lambda I + sum_j alpha w_j y_j y_j^T) v}. */
  private void multiply(float[] v, int vOff, int[] ids, float[] w, int from, int to, float lambda, float[] out) {
    ops.dotRows(v, vOff, gram, 0, f, f, out, 0);
    ops.axpy(lambda, v, vOff, out, 0, f);
    for (int e = from; e < to; e++) {
      int off = ids[e] * f;
      float c = alpha * w[e] * ops.dot(fixed, off, v, vOff, f);
      ops.axpy(c, fixed, off, out, 0, f);
    }
  }
}
