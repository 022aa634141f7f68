package io.swarmrec.algo.svd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomizedSvdTest {

  /** A dense m x n matrix U diag(s) V^T with random orthonormal U, V, stored as CSR. */
  private static CsrMatrix known(int m, int n, double[] s, long seed) {
    double[][] u = orthonormalColumns(m, s.length, new Random(seed));
    double[][] v = orthonormalColumns(n, s.length, new Random(seed + 1));
    int[] indptr = new int[m + 1];
    int[] indices = new int[m * n];
    float[] values = new float[m * n];
    for (int i = 0; i < m; i++) {
      indptr[i + 1] = (i + 1) * n;
      for (int j = 0; j < n; j++) {
        double a = 0;
        for (int c = 0; c < s.length; c++) {
          a += u[i][c] * s[c] * v[j][c];
        }
        indices[i * n + j] = j;
        values[i * n + j] = (float) a;
      }
    }
    return new CsrMatrix(m, n, indptr, indices, values, null);
  }

  private static double[][] orthonormalColumns(int rows, int cols, Random rnd) {
    double[][] q = new double[rows][cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        q[r][c] = rnd.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) { // Gram-Schmidt, twice
        for (int p = 0; p < c; p++) {
          double d = 0;
          for (int r = 0; r < rows; r++) {
            d += q[r][c] * q[r][p];
          }
          for (int r = 0; r < rows; r++) {
            q[r][c] -= d * q[r][p];
          }
        }
      }
      double norm = 0;
      for (int r = 0; r < rows; r++) {
        norm += q[r][c] * q[r][c];
      }
      for (int r = 0; r < rows; r++) {
        q[r][c] /= Math.sqrt(norm);
      }
    }
    return q;
  }

  @Test
  void recoversTheLeadingSingularValuesAndOrthonormalFactors() {
    double[] s = {20, 10, 7, 5, 3, 2, 1, 0.5};
    CsrMatrix a = known(60, 40, s, 3);
    RandomizedSvd.Result r = new RandomizedSvd(5).oversample(3).powerIterations(3).threads(2).decompose(a);
    for (int c = 0; c < 5; c++) {
      assertThat((double) r.s()[c]).isCloseTo(s[c], within(1e-3 * s[c]));
    }
    assertOrthonormal(r.u());
    assertOrthonormal(r.v());
    for (int c = 0; c < 5; c++) { // A v_c = s_c u_c
      for (int i = 0; i < a.rows(); i++) {
        double av = 0;
        for (int p = a.rowStart(i); p < a.rowEnd(i); p++) {
          av += a.values()[p] * r.v().get(a.indices()[p], c);
        }
        assertThat(av).isCloseTo(r.s()[c] * r.u().get(i, c), within(2e-3));
      }
    }
  }

  @Test
  void aFullRankDecompositionReconstructsTheMatrix() {
    double[] s = {4, 3, 2, 1};
    CsrMatrix a = known(9, 6, s, 8);
    RandomizedSvd.Result r = new RandomizedSvd(6).decompose(a);
    assertThat(r.s()[4]).isCloseTo(0f, within(1e-3f));
    assertThat(r.s()[5]).isCloseTo(0f, within(1e-3f));
    for (int i = 0; i < 9; i++) {
      for (int j = 0; j < 6; j++) {
        double x = 0;
        for (int c = 0; c < 6; c++) {
          x += r.u().get(i, c) * r.s()[c] * r.v().get(j, c);
        }
        assertThat(x).isCloseTo(a.get(i, j), within(1e-4));
      }
    }
  }

  @Test
  void isDeterministicForASeedWhateverTheThreads() {
    CsrMatrix a = known(50, 30, new double[] {5, 4, 3, 2, 1}, 1);
    RandomizedSvd.Result one = new RandomizedSvd(3).seed(9).threads(1).decompose(a);
    RandomizedSvd.Result two = new RandomizedSvd(3).seed(9).threads(3).decompose(a);
    assertThat(two.s()).containsExactly(one.s());
    assertThat(two.v().data()).containsExactly(one.v().data());
  }

  @Test
  void symmetricEigenSatisfiesTheDefinition() {
    Random rnd = new Random(4);
    int n = 7;
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i * n + j] = a[j * n + i] = rnd.nextGaussian();
      }
    }
    SymmetricEigen e = new SymmetricEigen(a, n);
    for (int c = 0; c < n; c++) {
      if (c > 0) {
        assertThat(e.values()[c]).isLessThanOrEqualTo(e.values()[c - 1]);
      }
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int j = 0; j < n; j++) {
          av += a[i * n + j] * e.vectors()[j * n + c];
        }
        assertThat(av).isCloseTo(e.values()[c] * e.vectors()[i * n + c], within(1e-10));
      }
    }
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new RandomizedSvd(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank");
    assertThatThrownBy(() -> new RandomizedSvd(3).powerIterations(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RandomizedSvd(3).oversample(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertOrthonormal(DenseMatrix m) {
    double[] g = m.gram(1);
    for (int a = 0; a < m.cols(); a++) {
      for (int b = 0; b < m.cols(); b++) {
        assertThat(g[a * m.cols() + b]).isCloseTo(a == b ? 1 : 0, within(1e-4));
      }
    }
  }
}
