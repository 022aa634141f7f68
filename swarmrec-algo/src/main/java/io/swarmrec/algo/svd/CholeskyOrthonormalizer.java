package io.swarmrec.algo.svd;

import io.swarmrec.core.vector.DenseMatrix;

/**
 * Orthonormalises the columns of a tall matrix by Cholesky QR: {@code G = Y^T Y = L L^T}, {@code Q = Y L^-T}.
 * Two tall passes (the Gram matrix and the change of basis), both SIMD row operations on the row-major
 * layout, plus {@code O(l^3)} work on the small {@code l x l} side; far cheaper than Householder QR on a
 * 40,000 x 300 block. Its weakness, orthogonality lost in proportion to {@code cond(Y)^2}, is answered as
 * Fukaya et al. ("CholeskyQR2", 2014) do: a second pass on an already nearly orthonormal {@code Q}
 * restores orthogonality to working precision.
 *
 * <p>Rank deficiency (a column dependent on the previous ones up to float rounding) shows as a pivot below
 * {@code 1e-6} of the largest diagonal entry; that column is dropped (set to zero) instead of being blown
 * up into noise, so exact low-rank inputs give exact zero singular values downstream.
 */
final class CholeskyOrthonormalizer {
  private static final double DROP = 1e-6;

  private CholeskyOrthonormalizer() {}

  static DenseMatrix orthonormalize(DenseMatrix y, int passes, int threads) {
    DenseMatrix q = y;
    for (int pass = 0; pass < passes; pass++) {
      q = q.times(inverseTransposedFactor(q.gram(threads), q.cols()), q.cols(), threads);
    }
    return q;
  }

  /** {@code L^-T} for {@code G = L L^T}, with dropped pivots as zero rows and columns. */
  static double[] inverseTransposedFactor(double[] g, int n) {
    double maxDiag = 0;
    for (int i = 0; i < n; i++) {
      maxDiag = Math.max(maxDiag, g[i * n + i]);
    }
    double[] l = new double[n * n];
    for (int j = 0; j < n; j++) {
      double d = g[j * n + j];
      for (int k = 0; k < j; k++) {
        d -= l[j * n + k] * l[j * n + k];
      }
      if (!(d > DROP * maxDiag)) {
        continue; // dependent column: L[.][j] stays zero
      }
      double ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double s = g[i * n + j];
        for (int k = 0; k < j; k++) {
          s -= l[i * n + k] * l[j * n + k];
        }
        l[i * n + j] = s / ljj;
      }
    }
    double[] inv = new double[n * n]; // X = L^-1, lower triangular, computed column by column
    for (int j = 0; j < n; j++) {
      if (l[j * n + j] == 0) {
        continue;
      }
      inv[j * n + j] = 1 / l[j * n + j];
      for (int i = j + 1; i < n; i++) {
        if (l[i * n + i] == 0) {
          continue;
        }
        double s = 0;
        for (int k = j; k < i; k++) {
          s += l[i * n + k] * inv[k * n + j];
        }
        inv[i * n + j] = -s / l[i * n + i];
      }
    }
    double[] t = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        t[i * n + j] = inv[j * n + i];
      }
    }
    return t;
  }
}
