package io.swarmrec.algo.svd;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.als.FactorRecommender;
import io.swarmrec.algo.als.FactorRetrieval;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * PureSVD (Cremonesi, Koren and Turrin, "Performance of Recommender Algorithms on Top-N Recommendation
 * Tasks", RecSys 2010): the truncated SVD {@code R ~ U S V^T} of the user-item matrix, missing entries
 * taken as zeros, scoring user {@code u} by {@code r_u V V^T}, the projection of the user's row onto the top
 * item subspace.
 *
 * <p>Treating missing entries as zeros rather than unknowns is what makes it a ranking model rather than a
 * rating predictor, and what makes it cheap: a randomised SVD of the sparse matrix ({@link RandomizedSvd}),
 * no iterations over a loss. Served as a factor model with user factors {@code R V} (equal to {@code U S}
 * up to the SVD's approximation) and item factors {@code V}; folding in new events is exact and trivial,
 * {@code x = r_u V}.
 *
 * <p>Parameters: {@code factors} (64), {@code oversample} (32), {@code power_iterations} (4), {@code seed}
 * (42), {@code threads} (all cores); retrieval: {@code ann} (exact) and its settings, see
 * {@link FactorRetrieval}.
 */
public final class PureSvd {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "svd";

  private PureSvd() {}

  public static FactorRecommender train(Interactions data, Params params) {
    int factors = params.getInt("factors", 64);
    if (factors < 1) {
      throw new IllegalArgumentException("factors must be >= 1, got " + factors);
    }
    RandomizedSvd svd = new RandomizedSvd(factors)
        .oversample(params.getInt("oversample", 32))
        .powerIterations(params.getInt("power_iterations", 4))
        .seed(params.getInt("seed", 42));
    int threads = params.getInt("threads", Runtime.getRuntime().availableProcessors());
    FactorRetrieval retrieval = FactorRetrieval.from(params, threads);
    RandomizedSvd.Result r = svd.threads(threads).decompose(data.byUser());
    DenseMatrix items = r.v();
    DenseMatrix users = DenseMatrix.product(data.byUser(), items, threads);
    return new FactorRecommender(NAME, data, users, items, (user, history, out) -> project(history, items, out),
        retrieval);
  }

  /** {@code out = sum_j w_j v_j}: the history projected on the item factors. */
  static boolean project(SparseVector history, DenseMatrix items, float[] out) {
    if (history.size() == 0) {
      return false;
    }
    java.util.Arrays.fill(out, 0f);
    VectorOps ops = VectorOps.get();
    for (int p = 0; p < history.size(); p++) {
      ops.axpy(history.value(p), items.data(), items.offset(history.id(p)), out, 0, items.cols());
    }
    return true;
  }
}
