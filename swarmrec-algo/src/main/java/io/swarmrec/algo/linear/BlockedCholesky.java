package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.ParallelBlocks;
import io.swarmrec.core.vector.VectorOps;

/**
 * In-place inverse of a symmetric positive definite matrix in float, in pure Java: the fallback of
 * {@link Ease} when OpenBLAS cannot load ({@link LapackCholesky}). Three passes, each {@code n^3/3}
 * multiply-adds (Gauss-Jordan needs {@code n^3}), the same ones LAPACK's {@code potrf} + {@code potri}
 * perform:
 *
 * <ol>
 *   <li>Cholesky {@code A = L L^T}, row by row (Cholesky-Crout): {@code L_ij = (A_ij - L_i. . L_j.) / L_jj}
 *       over the prefix {@code [0, j)}, written over the lower triangle.
 *   <li>{@code V = L^-T}, upper triangular, into the upper triangle: row {@code j} of {@code V} is column
 *       {@code j} of {@code L^-1}, from forward substitution
 *       {@code V_ji = -(L_i[j, i) . V_j[j, i)) / L_ii}.
 *   <li>{@code A^-1 = L^-T L^-1 = V V^T}: {@code P_ij = V_i[j, n) . V_j[j, n)} for {@code i <= j}, written
 *       into the lower triangle (L is no longer needed).
 * </ol>
 *
 * <p>Every pass is a dot product of two contiguous row segments (SIMD through {@link VectorOps}), so the
 * matrix is read along rows only. Rows are taken in blocks so that one row loaded from memory serves a whole
 * block of dot products (the blocking that makes the difference with Gauss-Jordan, which streams the
 * whole matrix once per pivot), and blocks run in parallel. The whole inverse lives in the input array:
 * {@code 4 n^2} bytes, nothing else of size {@code n^2}.
 */
final class BlockedCholesky {
  private static final int BLOCK = 32;

  private BlockedCholesky() {}

  /**
   * Replaces the lower triangle (diagonal included) of the row-major {@code n x n} array {@code a}, whose
   * lower triangle holds a symmetric positive definite matrix, by the lower triangle of its inverse; the
   * upper triangle is overwritten with scratch. Returns the diagonal of the inverse.
   */
  static float[] invertLower(float[] a, int n, int threads) {
    factor(a, n, threads);
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = a[i * n + i];
      a[i * n + i] = 1f / d[i];
    }
    invertFactor(a, n, d, threads);
    return multiplyTransposed(a, n, threads);
  }

  /** Pass 1: {@code L} over the lower triangle. */
  private static void factor(float[] a, int n, int threads) {
    VectorOps ops = VectorOps.get();
    for (int b0 = 0; b0 < n; b0 += BLOCK) {
      int start = b0;
      int end = Math.min(n, b0 + BLOCK);
      // columns left of the block: every row of L they need is final, so the block's rows are independent
      int workers = start < 512 ? 1 : threads;
      ParallelBlocks.run(end - start, (end - start + workers - 1) / workers, workers, (worker, block, from, to) -> {
        for (int j = 0; j < start; j++) {
          int rj = j * n;
          float djj = a[rj + j];
          for (int i = start + from; i < start + to; i++) {
            int ri = i * n;
            a[ri + j] = (a[ri + j] - ops.dot(a, ri, a, rj, j)) / djj;
          }
        }
      });
      for (int j = start; j < end; j++) { // the triangle inside the block
        int rj = j * n;
        for (int i = j; i < end; i++) {
          int ri = i * n;
          float s = a[ri + j] - ops.dot(a, ri, a, rj, j);
          if (i == j) {
            if (!(s > 0)) {
              throw new IllegalArgumentException("matrix is not positive definite (pivot " + s + " at " + j + ")");
            }
            a[rj + j] = (float) Math.sqrt(s);
          } else {
            a[ri + j] = s / a[rj + j];
          }
        }
      }
    }
  }

  /** Pass 2: {@code V = L^-T} over the upper triangle ({@code V_jj = 1/L_jj} is already in place). */
  private static void invertFactor(float[] a, int n, float[] d, int threads) {
    VectorOps ops = VectorOps.get();
    ParallelBlocks.run(n, BLOCK, n < 512 ? 1 : threads, (worker, block, from, to) -> {
      for (int i = from + 1; i < n; i++) {
        int ri = i * n;
        float inv = 1f / d[i];
        for (int j = from, last = Math.min(to, i); j < last; j++) {
          int rj = j * n;
          a[rj + i] = -ops.dot(a, ri + j, a, rj + j, i - j) * inv;
        }
      }
    });
  }

  /** Pass 3: {@code P = V V^T} into the lower triangle; returns its diagonal, also written in place. */
  private static float[] multiplyTransposed(float[] a, int n, int threads) {
    VectorOps ops = VectorOps.get();
    float[] diag = new float[n];
    ParallelBlocks.run(n, BLOCK, n < 512 ? 1 : threads, (worker, block, from, to) -> {
      for (int j = from; j < n; j++) {
        int rj = j * n;
        for (int i = from, last = Math.min(to - 1, j); i <= last; i++) {
          float p = ops.dot(a, i * n + j, a, rj + j, n - j);
          if (i == j) {
            diag[j] = p;
          } else {
            a[rj + i] = p;
          }
        }
      }
    });
    for (int i = 0; i < n; i++) {
      a[i * n + i] = diag[i];
    }
    return diag;
  }
}
