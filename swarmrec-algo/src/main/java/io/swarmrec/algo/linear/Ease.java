package io.swarmrec.algo.linear;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * EASE, the embarrassingly shallow autoencoder (Steck, "Embarrassingly Shallow Autoencoders for Sparse
 * Data", WWW 2019): the item-item weights {@code B} minimising {@code ||X - X B||^2 + lambda ||B||^2} with
 * a zero diagonal (no item may predict itself), whose closed form is {@code P = (X^T X + lambda I)^-1},
 * {@code B_ij = -P_ij / P_jj} for {@code i != j}. Scores are {@code s_u = x_u B}.
 *
 * <p>One dense {@code n x n} inverse, no iterations and a single hyper-parameter: strong on catalogues of
 * a few thousand to a few tens of thousands of items. The cost is the limit: {@code n^2} doubles of memory
 * and {@code n^3} operations (Gowalla's 41k items would need 13 GB and hours on two cores), so training
 * refuses catalogues above {@code max_items} (default 20,000) with a clear message instead of running out
 * of memory.
 *
 * <p>Parameters: {@code lambda} (200), {@code max_items} (20000), {@code threads} (all cores).
 */
public final class Ease {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "ease";

  private Ease() {}

  public static Recommender train(Interactions data, Params params) {
    double lambda = params.getDouble("lambda", 200);
    int maxItems = params.getInt("max_items", 20_000);
    int threads = params.getInt("threads", Runtime.getRuntime().availableProcessors());
    if (!(lambda > 0) || threads < 1) {
      throw new IllegalArgumentException("lambda must be > 0 and threads >= 1, got " + lambda + ", " + threads);
    }
    int n = data.numItems();
    if (n > maxItems) {
      throw new IllegalArgumentException("ease needs a dense " + n + "x" + n + " inverse (" + (8L * n * n >> 20)
          + " MB); the catalogue exceeds max_items=" + maxItems + " (raise it, or use gfcf / als)");
    }
    double[][] p = gram(data.byUser(), lambda);
    GaussJordan.invertInPlace(p, threads);
    return new ItemScoringRecommender(NAME, data, new Scorer(weights(p)), NormalizedGraph.of(data));
  }

  /** {@code X^T X + lambda I}, accumulated one user's item pairs at a time. */
  static double[][] gram(CsrMatrix x, double lambda) {
    int n = x.cols();
    double[][] g = new double[n][n];
    int[] idx = x.indices();
    float[] val = x.values();
    for (int u = 0; u < x.rows(); u++) {
      for (int a = x.rowStart(u); a < x.rowEnd(u); a++) {
        double wa = val[a];
        double[] row = g[idx[a]];
        for (int b = x.rowStart(u); b < x.rowEnd(u); b++) {
          row[idx[b]] += wa * val[b];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g[i][i] += lambda;
    }
    return g;
  }

  /** {@code B_ij = -P_ij / P_jj}, zero diagonal, as float rows for scoring. */
  static DenseMatrix weights(double[][] p) {
    int n = p.length;
    DenseMatrix b = DenseMatrix.zeros(n, n);
    float[] d = b.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        d[i * n + j] = i == j ? 0f : (float) (-p[i][j] / p[j][j]);
      }
    }
    return b;
  }

  /** {@code s = x_u B}: one row of B per item in the history. */
  private record Scorer(DenseMatrix b) implements ItemScorer {
    @Override
    public void score(SparseVector h, float[] out) {
      java.util.Arrays.fill(out, 0f);
      VectorOps ops = VectorOps.get();
      for (int p = 0; p < h.size(); p++) {
        ops.axpy(h.value(p), b.data(), b.offset(h.id(p)), out, 0, b.cols());
      }
    }
  }
}
