package io.swarmrec.algo.als;

import io.swarmrec.algo.Params;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.ParallelBlocks;
import java.util.SplittableRandom;

/**
 * Implicit-feedback matrix factorisation by alternating least squares ("iALS"): Hu, Koren and Volinsky,
 * "Collaborative Filtering for Implicit Feedback Datasets" (ICDM 2008), with the conjugate-gradient row
 * solver of Takacs, Pilaszy and Tikk (RecSys 2011).
 *
 * <p>Every user-item pair takes part in the loss, unobserved pairs as weak zeros (confidence 1) and
 * observed ones as confident ones ({@code 1 + alpha * weight}). Fixing the item factors makes each user's
 * factor an independent weighted least-squares problem, and vice versa; each half-step computes the fixed
 * side's Gramian once, after which a row costs only in proportion to its own interactions (see
 * {@link ConjugateGradient}). That is why iALS trains on all the missing data at the price of the observed
 * data only, and why it remains, well tuned, competitive with far newer models (Rendle et al., RecSys 2022).
 *
 * <p>Determinism: factors start from a {@link SplittableRandom} seeded by {@code seed}; rows are solved
 * independently of one another, so the dynamic sharing of rows among threads cannot change any result, and
 * Gramians are reduced in a fixed block order. A seed gives the same factors for any {@code threads}.
 *
 * <p>Parameters: {@code factors} (64), {@code iterations} (15), {@code alpha} (10), {@code reg} (0.1),
 * {@code reg_exponent} (0, see {@link AlsConfig}), {@code cg_steps} (3), {@code seed} (42),
 * {@code threads} (all cores); retrieval: {@code ann} (exact) and its settings, see {@link FactorRetrieval}.
 */
public final class ImplicitAls {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "als";
  private static final int ROWS_PER_BLOCK = 256;

  private ImplicitAls() {}

  public static FactorRecommender train(Interactions data, Params params) {
    AlsConfig c = AlsConfig.from(params);
    FactorRetrieval retrieval = FactorRetrieval.from(params, c.threads());
    SplittableRandom rnd = new SplittableRandom(c.seed());
    double std = 0.1 / Math.sqrt(c.factors()); // initial scores near zero whatever the number of factors
    DenseMatrix users = DenseMatrix.gaussian(data.numUsers(), c.factors(), std, rnd);
    DenseMatrix items = DenseMatrix.gaussian(data.numItems(), c.factors(), std, rnd);
    for (int it = 0; it < c.iterations(); it++) {
      halfStep(data.byUser(), users, items, c);
      halfStep(data.byItem(), items, users, c);
    }
    return new FactorRecommender(NAME, data, users, items, new AlsFoldIn(users, items, c), retrieval);
  }

  /** Solves every row of {@code target} against the fixed factors, warm-started from its current value. */
  private static void halfStep(CsrMatrix rows, DenseMatrix target, DenseMatrix fixed, AlsConfig c) {
    int f = c.factors();
    float[] gram = toFloat(fixed.gram(c.threads()));
    ConjugateGradient[] solvers = new ConjugateGradient[c.threads()];
    for (int t = 0; t < solvers.length; t++) {
      solvers[t] = new ConjugateGradient(fixed.data(), gram, f, c.alpha());
    }
    int[] ids = rows.indices();
    float[] w = rows.values();
    ParallelBlocks.run(rows.rows(), ROWS_PER_BLOCK, c.threads(), (worker, block, from, to) -> {
      for (int row = from; row < to; row++) {
        int s = rows.rowStart(row);
        int e = rows.rowEnd(row);
        float lambda = c.lambda(AlsConfig.sum(w, s, e), fixed.rows());
        solvers[worker].solve(ids, w, s, e, lambda, target.data(), target.offset(row), c.cgSteps(), 0f);
      }
    });
  }

  static float[] toFloat(double[] a) {
    float[] r = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (float) a[i];
    }
    return r;
  }
}
