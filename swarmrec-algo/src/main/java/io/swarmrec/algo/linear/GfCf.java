package io.swarmrec.algo.linear;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.svd.RandomizedSvd;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.SparseVector;

/**
 * Training-free graph-filter recommenders on the normalised item graph {@code P = R~^T R~}
 * ({@link NormalizedGraph}):
 *
 * <ul>
 *   <li>{@code gfcf}, GF-CF (Shen et al., "How Powerful is Graph Convolution for Recommendation?", CIKM
 *       2021): {@code s0 = r P + alpha * r D^-1/2 V_k V_k^T D^1/2}, the linear filter plus an ideal low-pass
 *       filter on the top {@code k} singular directions of {@code R~} ({@link IdealLowPass}).
 *   <li>{@code bspm}, BSPM-EM (Choi et al., "Blurring-Sharpening Process Models for Collaborative
 *       Filtering", SIGIR 2023): the same blurred {@code s0}, then sharpened by the reverse heat equation
 *       ({@link Sharpening}).
 * </ul>
 *
 * <p>Why: Shen et al. show that what LightGCN-style models learn is, in effect, a low-pass filter on the
 * item graph; applying such filters in closed form needs no training loop and reaches the accuracy of the
 * trained graph networks for the price of one truncated SVD. The linear part keeps item-to-item specifics
 * that {@code k} components smooth away, the low-pass part adds global structure, and sharpening undoes
 * part of the over-smoothing toward popular items.
 *
 * <p>Parameters (gfcf / bspm defaults): {@code alpha} (0.3 / 0.2), {@code factors} (256 / 448),
 * {@code sharpen} (0 / 2.5, the sharpening time, 0 = off), {@code sharpen_steps} (1), {@code oversample} (64),
 * {@code power_iterations} (4), {@code seed} (42), {@code threads} (all cores). {@code alpha=0} skips the SVD.
 */
public final class GfCf {
  /** The names in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "gfcf";
  public static final String BSPM_NAME = "bspm";

  private GfCf() {}

  public static Recommender train(Interactions data, Params params) {
    return train(NAME, data, params, 0.3, 256, 0);
  }

  public static Recommender trainBspm(Interactions data, Params params) {
    return train(BSPM_NAME, data, params, 0.2, 448, 2.5);
  }

  private static Recommender train(String name, Interactions data, Params params, double alpha0, int factors0,
      double sharpen0) {
    float alpha = (float) params.getDouble("alpha", alpha0);
    int factors = params.getInt("factors", factors0);
    float sharpen = (float) params.getDouble("sharpen", sharpen0);
    int steps = params.getInt("sharpen_steps", 1);
    RandomizedSvd svd = new RandomizedSvd(factors)
        .oversample(params.getInt("oversample", 64))
        .powerIterations(params.getInt("power_iterations", 4))
        .seed(params.getInt("seed", 42))
        .threads(params.getInt("threads", Runtime.getRuntime().availableProcessors()));
    if (alpha < 0 || sharpen < 0 || steps < 1) {
      throw new IllegalArgumentException("alpha and sharpen must be >= 0 and sharpen_steps >= 1, got "
          + alpha + ", " + sharpen + ", " + steps);
    }
    NormalizedGraph graph = NormalizedGraph.of(data);
    RandomizedSvd.Result r = alpha > 0 ? svd.decompose(graph.matrix()) : null;
    return recommender(name, data, graph, r, alpha, sharpen, steps);
  }

  /** The model for an already decomposed graph ({@code svd} may be null when {@code alpha} is 0). */
  static Recommender recommender(String name, Interactions data, NormalizedGraph graph, RandomizedSvd.Result svd,
      float alpha, float sharpen, int steps) {
    IdealLowPass lowPass = alpha > 0 ? new IdealLowPass(svd.v(), graph.itemDegrees(), alpha) : null;
    Sharpening sharpening = sharpen > 0 ? new Sharpening(graph, sharpen, steps) : null;
    return new ItemScoringRecommender(name, data, new Scorer(graph, lowPass, sharpening), graph);
  }

  /** Blurring (linear filter, optional ideal low-pass), then optional sharpening. */
  private record Scorer(NormalizedGraph graph, IdealLowPass lowPass, Sharpening sharpening) implements ItemScorer {
    @Override
    public void score(SparseVector h, float[] out) {
      if (lowPass == null) {
        java.util.Arrays.fill(out, 0f);
      } else {
        float[] z = new float[lowPass.rank()];
        lowPass.project(h, z, 0);
        lowPass.expand(z, out);
      }
      graph.addItemFilter(h, out);
      if (sharpening != null) {
        sharpening.apply(out);
      }
    }

    @Override
    public void scoreBatch(SparseVector[] histories, int count, float[][] out) {
      if (lowPass == null) {
        for (int i = 0; i < count; i++) {
          java.util.Arrays.fill(out[i], 0f);
        }
      } else {
        int k = lowPass.rank();
        float[] zs = new float[count * k];
        for (int i = 0; i < count; i++) {
          lowPass.project(histories[i], zs, i * k);
        }
        lowPass.expandBatch(zs, count, out);
      }
      for (int i = 0; i < count; i++) {
        graph.addItemFilter(histories[i], out[i]);
      }
      if (sharpening != null && count > 0) {
        sharpening.applyBatch(out, count);
      }
    }
  }
}
