package io.swarmrec.algo.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Fixtures;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EASE and GF-CF against their closed forms computed densely and independently on tiny matrices. */
class LinearModelsTest {
  private static final float[][] X = {
      {1, 1, 0, 0, 1, 0},
      {0, 1, 1, 0, 0, 0},
      {1, 0, 1, 1, 0, 1},
      {0, 0, 0, 1, 1, 1},
  };
  private static final Interactions DATA = Fixtures.fromDense(X);
  private static final RecOptions ALL = RecOptions.DEFAULT.withExcludeSeen(false);

  @ParameterizedTest
  @ValueSource(strings = {"java", "native"})
  void easeMatchesAColumnByColumnRidgeRegressionWithoutTheItemItself(String solver) {
    double lambda = 0.5;
    Recommender r = Ease.train(DATA, Params.parse(List.of("lambda=" + lambda, "solver=" + solver)));
    int n = X[0].length;
    double[][] b = new double[n][n];
    for (int j = 0; j < n; j++) { // minimise ||X_j - X_{-j} b||^2 + lambda ||b||^2
      double[][] a = new double[n - 1][n];
      for (int p = 0, pi = 0; p < n; p++) {
        if (p == j) {
          continue;
        }
        for (int q = 0, qi = 0; q < n; q++) {
          if (q != j) {
            a[pi][qi++] = dot(p, q) + (p == q ? lambda : 0);
          }
        }
        a[pi][n - 1] = dot(p, j);
        pi++;
      }
      double[] sol = Fixtures.solveAugmented(a);
      for (int p = 0, pi = 0; p < n; p++) {
        if (p != j) {
          b[p][j] = sol[pi++];
        }
      }
    }
    for (int u = 0; u < X.length; u++) {
      double[] expect = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          expect[j] += X[u][i] * b[i][j];
        }
      }
      assertScores(r.recommend(u, n, ALL), expect, 1e-5);
    }
  }

  @Test
  void openBlasLoadsOnThisPlatform() {
    assertThat(LapackCholesky.problem()).isNull();
  }

  @Test
  void bothEaseSolversGiveTheWeightsOfADoublePrecisionInverse() {
    // 600 items: several blocks, LAPACK tiles and parallel passes; weighted entries, skewed popularity
    int users = 900;
    int items = 600;
    float[][] m = new float[users][items];
    java.util.Random rnd = new java.util.Random(7);
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < 25; k++) {
        int j = (int) (items * Math.pow(rnd.nextDouble(), 2));
        m[u][j] = 1 + rnd.nextInt(3);
      }
    }
    Interactions data = Fixtures.fromDense(m);
    float lambda = 20;
    double[][] g = new double[items][items];
    for (float[] row : m) {
      for (int i = 0; i < items; i++) {
        if (row[i] != 0) {
          for (int j = 0; j < items; j++) {
            g[i][j] += row[i] * row[j];
          }
        }
      }
    }
    for (int i = 0; i < items; i++) {
      g[i][i] += lambda;
    }
    double[][] p = invert(g);
    DenseRows java = Ease.weights(data, lambda, false, 2);
    DenseRows lapack = Ease.weights(data, lambda, true, 2);
    double worst = 0;
    for (int i = 0; i < items; i++) {
      float[] a = new float[items];
      float[] b = new float[items];
      java.addRow(i, 1f, a);
      lapack.addRow(i, 1f, b);
      for (int j = 0; j < items; j++) {
        double expect = i == j ? 0 : -p[i][j] / p[j][j];
        assertThat((double) a[j]).as("java B[%d][%d]", i, j).isCloseTo(expect, within(2e-5));
        assertThat((double) b[j]).as("lapack B[%d][%d]", i, j).isCloseTo(expect, within(2e-5));
        worst = Math.max(worst, Math.abs(expect));
      }
    }
    assertThat(worst).as("the case has weights worth comparing").isGreaterThan(0.01);
  }

  /** Gauss-Jordan with partial pivoting, in double: the reference inverse. */
  private static double[][] invert(double[][] g) {
    int n = g.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(g[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int k = 0; k < n; k++) {
      int best = k;
      for (int i = k + 1; i < n; i++) {
        if (Math.abs(a[i][k]) > Math.abs(a[best][k])) {
          best = i;
        }
      }
      double[] t = a[k];
      a[k] = a[best];
      a[best] = t;
      double piv = a[k][k];
      for (int j = 0; j < 2 * n; j++) {
        a[k][j] /= piv;
      }
      for (int i = 0; i < n; i++) {
        double f = a[i][k];
        if (i != k && f != 0) {
          for (int j = 0; j < 2 * n; j++) {
            a[i][j] -= f * a[k][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, inv[i], 0, n);
    }
    return inv;
  }

  @Test
  void easeRefusesCataloguesAboveItsLimit() {
    assertThatThrownBy(() -> Ease.train(DATA, Params.parse(List.of("max_items=5"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_items=5");
    assertThatThrownBy(() -> Ease.train(DATA, Params.parse(List.of("lambda=0"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambda");
  }

  @Test
  void theLinearFilterIsTheNormalisedCooccurrence() {
    Recommender r = GfCf.train(DATA, Params.parse(List.of("alpha=0")));
    double[][] p = normalisedGram();
    for (int u = 0; u < X.length; u++) {
      assertScores(r.recommend(u, 6, ALL), times(X[u], p), 1e-5);
    }
  }

  @Test
  void atFullRankTheIdealLowPassIsTheDegreeScaledRowSpaceProjector() {
    float alpha = 0.7f;
    Recommender r = GfCf.train(DATA, Params.parse(List.of("alpha=" + alpha, "factors=4", "threads=1")));
    double[][] p = normalisedGram();
    double[][] proj = rowSpaceProjector();
    double[] d = itemDegrees();
    for (int u = 0; u < X.length; u++) {
      double[] expect = times(X[u], p);
      double[] scaled = new double[6];
      for (int i = 0; i < 6; i++) {
        scaled[i] = X[u][i] / Math.sqrt(d[i]);
      }
      double[] low = times(scaled, proj);
      for (int j = 0; j < 6; j++) {
        expect[j] += alpha * low[j] * Math.sqrt(d[j]);
      }
      assertScores(r.recommend(u, 6, ALL), expect, 1e-4);
    }
  }

  @Test
  void sharpeningIsTheRungeKuttaPolynomialOfTheFilter() {
    float h = 1.5f;
    Recommender r = GfCf.trainBspm(DATA, Params.parse(List.of("alpha=0.3", "sharpen=" + h, "factors=3")));
    Recommender blurred = GfCf.train(DATA, Params.parse(List.of("alpha=0.3", "factors=3")));
    double[][] p = normalisedGram();
    for (int u = 0; u < X.length; u++) {
      double[] s0 = scoresOf(blurred.recommend(u, 6, ALL), 6);
      double[] expect = s0.clone(); // s0 (I - hP + (hP)^2/2 - (hP)^3/6 + (hP)^4/24)
      double[] coef = {-h, h * h / 2, -h * h * h / 6, h * h * h * h / 24};
      double[] pk = s0;
      for (int power = 1; power <= 4; power++) {
        pk = times(pk, p);
        for (int j = 0; j < 6; j++) {
          expect[j] += coef[power - 1] * pk[j];
        }
      }
      assertScores(r.recommend(u, 6, ALL), expect, 1e-4);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void chebycfWithAStraightPlateauIsTheLinearFilter(int order) {
    // phi = 1: h(t) = (1 - t) / 2 is a line, interpolated exactly, and h(I - 2P) = P
    Recommender r = ChebyCf.train(DATA, Params.parse(List.of("order=" + order, "flatness=1", "alpha=0", "beta=0")));
    double[][] p = normalisedGram();
    for (int u = 0; u < X.length; u++) {
      assertScores(r.recommend(u, 6, ALL), times(X[u], p), 1e-5);
    }
  }

  @Test
  void chebycfIsThePolynomialThroughThePlateauAtTheChebyshevNodesPlusTheIdealPass() {
    int order = 3;
    double phi = 2;
    double beta = 0.4;
    float alpha = 0.7f;
    Recommender r = ChebyCf.train(DATA, Params.parse(List.of("order=" + order, "flatness=" + phi,
        "beta=" + beta, "alpha=" + alpha, "factors=4", "threads=1")));
    // the interpolating polynomial in the monomial basis, from a Vandermonde system at the nodes
    double[][] vandermonde = new double[order + 1][order + 2];
    for (int k = 0; k <= order; k++) {
      double t = Math.cos(Math.PI * (k + 0.5) / (order + 1));
      for (int m = 0; m <= order; m++) {
        vandermonde[k][m] = Math.pow(t, m);
      }
      vandermonde[k][order + 1] = t < 0 ? 0.5 + 0.5 * Math.pow(-t, phi) : 0.5 - 0.5 * Math.pow(t, phi);
    }
    double[] a = Fixtures.solveAugmented(vandermonde);
    double[][] p = normalisedGram();
    double[][] lap = new double[6][6];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        lap[i][j] = (i == j ? 1 : 0) - 2 * p[i][j];
      }
    }
    double[][] proj = rowSpaceProjector();
    double[] d = itemDegrees();
    for (int u = 0; u < X.length; u++) {
      double[] x = new double[6];
      for (int j = 0; j < 6; j++) {
        x[j] = X[u][j] * Math.pow(d[j], -beta);
      }
      double[] filtered = new double[6];
      double[] power = x.clone();
      for (int m = 0; m <= order; m++) {
        for (int j = 0; j < 6; j++) {
          filtered[j] += a[m] * power[j];
        }
        power = times(power, lap);
      }
      double[] ideal = times(x, proj);
      double[] expect = new double[6];
      for (int j = 0; j < 6; j++) {
        expect[j] = Math.pow(d[j], beta) * (filtered[j] + alpha * ideal[j]);
      }
      assertScores(r.recommend(u, 6, ALL), expect, 1e-4);
    }
  }

  @Test
  void chebycfRefusesUnknownAndInvalidParameters() {
    assertThatThrownBy(() -> io.swarmrec.algo.Algorithms.train("chebycf", DATA, Params.parse(List.of("phi=2"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phi");
    assertThatThrownBy(() -> ChebyCf.train(DATA, Params.parse(List.of("order=0"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order");
  }

  @Test
  void rp3betaIsTheDegreePenalisedThreeStepWalk() {
    // u0 {i0, i1}, u1 {i1, i2}, u2 {i1}: deg = (1, 3, 1), |x_u| = (2, 2, 1); alpha = 1, beta = 0.5
    Interactions data = Fixtures.fromDense(new float[][] {{1, 1, 0}, {0, 1, 1}, {0, 1, 0}});
    Recommender r = Rp3Beta.train(data, Params.parse(List.of("alpha=1", "beta=0.5")));
    double w01 = 1.0 * (1 / 2.0) / Math.sqrt(3); // i0 -> u0 (1/1), u0 -> i1 (1/2), penalty 3^-1/2
    double w10 = (1 / 3.0) * (1 / 2.0); // i1 -> u0 (1/3), u0 -> i0 (1/2), penalty 1
    double w12 = (1 / 3.0) * (1 / 2.0); // i1 -> u1, u1 -> i2
    assertScores(r.recommend(0, 3, ALL), new double[] {w10, w01, w12}, 1e-6); // row 0 + row 1
    assertScores(r.recommend(2, 3, ALL), new double[] {w10, 0, w12}, 1e-6); // row 1, no self-weight
    // alpha = 0.5 takes square roots of every step: w01 = (1 * 1/2)^0.5 / sqrt(3)
    Recommender flat = Rp3Beta.train(data, Params.parse(List.of("alpha=0.5", "beta=0.5")));
    assertThat((double) flat.recommend(2, 3, ALL).score(0)).isCloseTo(Math.sqrt(1 / 3.0 * 1 / 2.0), within(1e-6));
    // one neighbour per row: u2's history is item 1 alone, so exactly one score remains
    Recommender pruned = Rp3Beta.train(data, Params.parse(List.of("alpha=1", "beta=0.5", "neighbors=1")));
    ScoredIds top = pruned.recommend(2, 3, ALL);
    double[] got = scoresOf(top, 3);
    assertThat(java.util.Arrays.stream(got).filter(v -> v != 0).count()).isEqualTo(1);
    assertThat(got[0] + got[2]).isCloseTo(w10, within(1e-6));
  }

  // ---- dense reference computations ----

  private static double dot(int itemA, int itemB) {
    double s = 0;
    for (float[] row : X) {
      s += row[itemA] * row[itemB];
    }
    return s;
  }

  private static double[] itemDegrees() {
    double[] d = new double[6];
    for (float[] row : X) {
      for (int j = 0; j < 6; j++) {
        d[j] += row[j];
      }
    }
    return d;
  }

  private static double[][] normalised() {
    double[] di = itemDegrees();
    double[][] rn = new double[X.length][6];
    for (int u = 0; u < X.length; u++) {
      double du = 0;
      for (float v : X[u]) {
        du += v;
      }
      for (int j = 0; j < 6; j++) {
        rn[u][j] = X[u][j] / Math.sqrt(du * di[j]);
      }
    }
    return rn;
  }

  private static double[][] normalisedGram() {
    double[][] rn = normalised();
    double[][] p = new double[6][6];
    for (double[] row : rn) {
      for (int a = 0; a < 6; a++) {
        for (int b = 0; b < 6; b++) {
          p[a][b] += row[a] * row[b];
        }
      }
    }
    return p;
  }

  /** R~^T (R~ R~^T)^-1 R~. */
  private static double[][] rowSpaceProjector() {
    double[][] rn = normalised();
    int m = rn.length;
    double[][] aug = new double[m][2 * m];
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        for (int j = 0; j < 6; j++) {
          aug[a][b] += rn[a][j] * rn[b][j];
        }
      }
      aug[a][m + a] = 1;
    }
    for (int c = 0; c < m; c++) { // Gauss-Jordan with the identity alongside
      double piv = aug[c][c];
      for (int j = 0; j < 2 * m; j++) {
        aug[c][j] /= piv;
      }
      for (int i = 0; i < m; i++) {
        if (i != c) {
          double f = aug[i][c];
          for (int j = 0; j < 2 * m; j++) {
            aug[i][j] -= f * aug[c][j];
          }
        }
      }
    }
    double[][] proj = new double[6][6];
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        for (int i = 0; i < m; i++) {
          for (int k = 0; k < m; k++) {
            proj[a][b] += rn[i][a] * aug[i][m + k] * rn[k][b];
          }
        }
      }
    }
    return proj;
  }

  private static double[] times(float[] row, double[][] m) {
    double[] d = new double[row.length];
    for (int i = 0; i < row.length; i++) {
      d[i] = row[i];
    }
    return times(d, m);
  }

  private static double[] times(double[] row, double[][] m) {
    double[] out = new double[m[0].length];
    for (int i = 0; i < row.length; i++) {
      for (int j = 0; j < out.length; j++) {
        out[j] += row[i] * m[i][j];
      }
    }
    return out;
  }

  private static double[] scoresOf(ScoredIds s, int n) {
    assertThat(s.size()).isEqualTo(n);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[s.id(r)] = s.score(r);
    }
    return out;
  }

  private static void assertScores(ScoredIds s, double[] expect, double tol) {
    double[] got = scoresOf(s, expect.length);
    for (int j = 0; j < expect.length; j++) {
      assertThat(got[j]).as("item %d", j).isCloseTo(expect[j], within(tol));
    }
  }
}
