package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.ParallelBlocks;

/**
 * In-place inversion of a symmetric positive definite matrix by Gauss-Jordan elimination without pivoting
 * (safe for such matrices: every pivot is a ratio of leading principal minors, hence positive). {@code n^3}
 * multiply-adds in double, whose innermost loop runs along a contiguous row so that the JIT vectorises it;
 * for each pivot the other rows are independent and are updated in parallel.
 */
final class GaussJordan {
  private static final int ROWS_PER_BLOCK = 64;

  private GaussJordan() {}

  static void invertInPlace(double[][] a, int threads) {
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
      int pivotRow = k;
      ParallelBlocks.run(n, ROWS_PER_BLOCK, n < 256 ? 1 : threads, (worker, block, from, to) -> {
        for (int i = from; i < to; i++) {
          if (i != pivotRow) {
            eliminate(a[i], rowK, pivotRow);
          }
        }
      });
    }
  }

  /** {@code row -= row[k] * pivotRow}, leaving in column k the entry of the inverse. */
  private static void eliminate(double[] row, double[] pivotRow, int k) {
    double f = row[k];
    if (f == 0) {
      return;
    }
    row[k] = 0;
    for (int j = 0; j < row.length; j++) {
      row[j] -= f * pivotRow[j];
    }
  }
}
