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

  @Test
  void easeMatchesAColumnByColumnRidgeRegressionWithoutTheItemItself() {
    double lambda = 0.5;
    Recommender r = Ease.train(DATA, Params.parse(List.of("lambda=" + lambda)));
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
