package io.swarmrec.algo.linear;

/**
 * In-place inversion of a symmetric positive definite matrix by Gauss-Jordan elimination without pivoting
 * (safe for such matrices: every pivot is a ratio of leading principal minors, hence positive). {@code n^3}
 * multiply-adds in double, whose innermost loop runs along a contiguous row so that the JIT vectorises it.
 */
final class GaussJordan {
  private GaussJordan() {}

  static void invertInPlace(double[][] a) {
    int n = a.length;
    for (int k = 0; k < n; k++) {
      double[] rowK = a[k];
      double pivot = rowK[k];
      if (!(pivot > 0)) {
        throw new IllegalArgumentException("matrix is not positive definite (pivot " + pivot + " at " + k + ")");
      }
      double inv = 1 / pivot;
      for (int j = 0; j < n; j++) {
        rowK[j] *= inv;
      }
      rowK[k] = inv;
      for (int i = 0; i < n; i++) {
        if (i == k) {
          continue;
        }
        double[] rowI = a[i];
        double f = rowI[k];
        if (f == 0) {
          continue;
        }
        rowI[k] = 0;
        for (int j = 0; j < n; j++) {
          rowI[j] -= f * rowK[j];
        }
      }
    }
  }
}
