package io.swarmrec.algo.linear;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.ParallelBlocks;
import io.swarmrec.core.vector.SparseVector;

/**
 * EASE, the embarrassingly shallow autoencoder (Steck, "Embarrassingly Shallow Autoencoders for Sparse
 * Data", WWW 2019): the item-item weights {@code B} minimising {@code ||X - X B||^2 + lambda ||B||^2} with
 * a zero diagonal (no item may predict itself), whose closed form is {@code P = (X^T X + lambda I)^-1},
 * {@code B_ij = -P_ij / P_jj} for {@code i != j}. Scores are {@code s_u = x_u B}.
 *
 * <p>One dense {@code n x n} inverse, no iterations and a single hyper-parameter: strong on catalogues of a
 * few thousand to a few tens of thousands of items. The inverse goes through a Cholesky factorisation in
 * float: by LAPACK from OpenBLAS in native memory when the library loads ({@link LapackCholesky}), else by
 * a blocked pure-Java Cholesky on the heap ({@link BlockedCholesky}); both take {@code n^3} multiply-adds
 * and keep the state in one {@code n x n} float matrix, 4 bytes per item squared (1.6 GB for 20k items,
 * 6.4 GB for 40k), and the Gram matrix, the inverse and the weights all occupy that same matrix in turn.
 * The catalogue is limited to {@code max_items} (46,340 by default, the largest whose square fits a Java
 * array index).
 *
 * <p>Parameters: {@code lambda} (200), {@code max_items} (46340), {@code solver} ({@code auto}: OpenBLAS
 * when it loads, else Java; {@code native}; {@code java}), {@code threads} (all cores).
 */
public final class Ease {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "ease";
  private static final int ARRAY_LIMIT = 46_340;

  private Ease() {}

  public static Recommender train(Interactions data, Params params) {
    double lambda = params.getDouble("lambda", 200);
    int maxItems = params.getInt("max_items", ARRAY_LIMIT);
    String solver = params.getChoice("solver", "auto", "auto", "native", "java");
    int threads = params.getInt("threads", Runtime.getRuntime().availableProcessors());
    if (!(lambda > 0) || threads < 1) {
      throw new IllegalArgumentException("lambda must be > 0 and threads >= 1, got " + lambda + ", " + threads);
    }
    int n = data.numItems();
    if (n > Math.min(maxItems, ARRAY_LIMIT)) {
      throw new IllegalArgumentException("ease needs a dense " + n + "x" + n + " inverse (" + (4L * n * n >> 20)
          + " MB); the catalogue exceeds max_items=" + Math.min(maxItems, ARRAY_LIMIT) + " (use gfcf / als)");
    }
    boolean useNative = switch (solver) {
      case "native" -> {
        if (!LapackCholesky.available()) {
          throw new IllegalArgumentException("solver=native but OpenBLAS did not load: " + LapackCholesky.problem());
        }
        yield true;
      }
      case "java" -> false;
      default -> LapackCholesky.available();
    };
    return new ItemScoringRecommender(NAME, data, new Scorer(weights(data, (float) lambda, useNative, threads)),
        NormalizedGraph.of(data));
  }

  /** {@code B} by the chosen solver. */
  static DenseRows weights(Interactions data, float lambda, boolean useNative, int threads) {
    int n = data.numItems();
    if (useNative) {
      return LapackCholesky.easeWeights(n, (from, to, buffer) -> gramRows(data, lambda, from, to, buffer, threads),
          threads);
    }
    long bytes = 4L * n * n;
    if (bytes > Runtime.getRuntime().maxMemory()) {
      throw new IllegalArgumentException("ease with solver=java needs " + (bytes >> 20) + " MB of heap for "
          + n + " items, more than the " + (Runtime.getRuntime().maxMemory() >> 20) + " MB allowed (-Xmx)");
    }
    float[] a = new float[n * n];
    gramRows(data, lambda, 0, n, a, threads);
    float[] diag = BlockedCholesky.invertLower(a, n, threads);
    for (int i = 0; i < n; i++) { // lower P -> full B
      int ri = i * n;
      for (int j = 0; j < i; j++) {
        float p = a[ri + j];
        a[ri + j] = -p / diag[j];
        a[j * n + i] = -p / diag[i];
      }
      a[ri + i] = 0f;
    }
    return DenseRows.heap(a, n);
  }

  /**
   * Rows {@code [from, to)} of {@code X^T X + lambda I} into {@code out} (row-major, row {@code from} first):
   * row {@code i} sums, over the users of item {@code i}, their weight on {@code i} times their history.
   */
  static void gramRows(Interactions data, float lambda, int from, int to, float[] out, int threads) {
    CsrMatrix byUser = data.byUser();
    CsrMatrix byItem = data.byItem();
    int n = data.numItems();
    int[] uIdx = byUser.indices();
    float[] uVal = byUser.values();
    int[] iIdx = byItem.indices();
    float[] iVal = byItem.values();
    java.util.Arrays.fill(out, 0, (to - from) * n, 0f);
    ParallelBlocks.run(to - from, 16, threads, (worker, block, lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        int item = from + r;
        int base = r * n;
        for (int e = byItem.rowStart(item); e < byItem.rowEnd(item); e++) {
          int u = iIdx[e];
          float w = iVal[e];
          for (int f = byUser.rowStart(u), end = byUser.rowEnd(u); f < end; f++) {
            out[base + uIdx[f]] += w * uVal[f];
          }
        }
        out[base + item] += lambda;
      }
    });
  }

  /** {@code s = x_u B}: one row of B per item in the history. */
  private record Scorer(DenseRows b) implements ItemScorer {
    @Override
    public void score(SparseVector h, float[] out) {
      java.util.Arrays.fill(out, 0f);
      for (int p = 0; p < h.size(); p++) {
        b.addRow(h.id(p), h.value(p), out);
      }
    }
  }
}
