package io.swarmrec.algo.als;

import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;

/**
 * Real-time fold-in for implicit ALS: the user's factor is re-solved from the merged history against the
 * trained item factors, with the same conjugate-gradient solver as training, warm-started from the stored
 * factor (zero for an unknown user) and run until the relative residual is below 1e-4 (at most
 * {@code factors} steps, where CG is exact in exact arithmetic). Costs {@code O(f^2 + f n_u)} per step and
 * caches nothing, so the answer always reflects the latest events.
 */
final class AlsFoldIn implements FactorRecommender.FoldIn {
  private static final float TOLERANCE = 1e-4f;
  private final DenseMatrix users;
  private final DenseMatrix items;
  private final AlsConfig config;
  private final ThreadLocal<ConjugateGradient> solvers;

  AlsFoldIn(DenseMatrix users, DenseMatrix items, AlsConfig config) {
    this.users = users;
    this.items = items;
    this.config = config;
    float[] gram = ImplicitAls.toFloat(items.gram(config.threads()));
    this.solvers = ThreadLocal.withInitial(
        () -> new ConjugateGradient(items.data(), gram, config.factors(), config.alpha()));
  }

  @Override
  public boolean userVector(int user, SparseVector history, float[] out) {
    int f = config.factors();
    if (history.size() == 0) {
      return false;
    }
    if (user >= 0) {
      System.arraycopy(users.data(), users.offset(user), out, 0, f);
    } else {
      java.util.Arrays.fill(out, 0, f, 0f);
    }
    float lambda = config.lambda(AlsConfig.sum(history.values(), 0, history.size()), items.rows());
    solvers.get().solve(history.ids(), history.values(), 0, history.size(), lambda, out, 0, f, TOLERANCE);
    return true;
  }
}
