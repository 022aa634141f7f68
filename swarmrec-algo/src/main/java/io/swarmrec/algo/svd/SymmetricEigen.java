package io.swarmrec.algo.svd;

/**
 * Eigen-decomposition of a small dense symmetric matrix by the cyclic Jacobi method (Golub and Van Loan,
 * "Matrix Computations", section 8.5): sweeps of plane rotations, each zeroing one off-diagonal entry,
 * until the off-diagonal mass is negligible. Convergence is quadratic, typically under ten sweeps, and the
 * eigenvalues come out with high relative accuracy, which matters here because singular values are their
 * square roots. {@code O(n^3)} per sweep: meant for the few-hundred-wide projected problems of randomised
 * SVD, not for large matrices.
 */
final class SymmetricEigen {
  private static final int MAX_SWEEPS = 60;
  private final int n;
  private final double[] values;
  private final double[] vectors;

  /** Decomposes the symmetric {@code n x n} row-major matrix {@code a} (not modified). */
  SymmetricEigen(double[] a, int n) {
    this.n = n;
    double[] m = a.clone();
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > 1e-26 * frobenius(m); sweep++) {
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          rotate(m, v, p, q);
        }
      }
    }
    int[] order = descendingDiagonal(m);
    values = new double[n];
    vectors = new double[n * n];
    for (int j = 0; j < n; j++) {
      values[j] = m[order[j] * n + order[j]];
      for (int i = 0; i < n; i++) {
        vectors[i * n + j] = v[i * n + order[j]];
      }
    }
  }

  /** Eigenvalues, descending. */
  double[] values() {
    return values;
  }

  /** Eigenvectors as the columns of an {@code n x n} row-major matrix, in the order of {@link #values()}. */
  double[] vectors() {
    return vectors;
  }

  /** Zeroes {@code m[p][q]} by the rotation of Numerical Recipes' {@code jacobi} (the stable small angle). */
  private void rotate(double[] m, double[] v, int p, int q) {
    double apq = m[p * n + q];
    if (Math.abs(apq) <= 1e-18 * Math.sqrt(Math.abs(m[p * n + p] * m[q * n + q]))) {
      m[p * n + q] = 0; // below the diagonal's rounding: rotating would change nothing
      m[q * n + p] = 0;
      return;
    }
    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    for (int k = 0; k < n; k++) { // columns p and q
      double kp = m[k * n + p];
      double kq = m[k * n + q];
      m[k * n + p] = c * kp - s * kq;
      m[k * n + q] = s * kp + c * kq;
    }
    for (int k = 0; k < n; k++) { // rows p and q
      double pk = m[p * n + k];
      double qk = m[q * n + k];
      m[p * n + k] = c * pk - s * qk;
      m[q * n + k] = s * pk + c * qk;
    }
    m[p * n + q] = 0;
    m[q * n + p] = 0;
    for (int k = 0; k < n; k++) {
      double kp = v[k * n + p];
      double kq = v[k * n + q];
      v[k * n + p] = c * kp - s * kq;
      v[k * n + q] = s * kp + c * kq;
    }
  }

  private double offDiagonal(double[] m) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          s += m[i * n + j] * m[i * n + j];
        }
      }
    }
    return s;
  }

  private static double frobenius(double[] m) {
    double s = 0;
    for (double x : m) {
      s += x * x;
    }
    return s;
  }

  private int[] descendingDiagonal(double[] m) {
    return java.util.stream.IntStream.range(0, n).boxed()
        .sorted((a, b) -> Double.compare(m[b * n + b], m[a * n + a]))
        .mapToInt(Integer::intValue).toArray();
  }
}
