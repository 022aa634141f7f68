package io.swarmrec.algo.linear;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.svd.RandomizedSvd;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.SparseVector;

/**
 * GF-CF, graph filtering for collaborative filtering (Shen et al., "How Powerful is Graph Convolution for
 * Recommendation?", CIKM 2021): {@code s_u = r_u P + alpha * r_u D^-1/2 V_k V_k^T D^1/2}, with
 * {@code P = R~^T R~} the linear (normalised co-occurrence) filter and the second term an ideal low-pass
 * filter on the top {@code k} singular directions of {@code R~}; optionally followed by the sharpening of
 * BSPM (Choi et al., SIGIR 2023). See {@link NormalizedGraph} and {@link SpectralFilter}.
 *
 * <p>Why: Shen et al. show that what LightGCN-style models learn is, in effect, a low-pass filter on the
 * item graph; applying such filters in closed form needs no training loop, matches the trained graph
 * networks, and costs one truncated SVD. The linear part keeps item-to-item specifics that {@code k}
 * components smooth away; the low-pass part adds global structure; sharpening undoes part of the
 * over-smoothing toward popular items.
 *
 * <p>Parameters: {@code alpha} (0.3; 0 with {@code sharpen=0} = the linear filter alone, no SVD),
 * {@code factors} (256), {@code sharpen} (0 = off; BSPM's sharpening time), {@code sharpen_steps} (1),
 * {@code oversample} (64), {@code power_iterations} (4), {@code seed} (42), {@code threads} (all cores).
 */
public final class GfCf {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "gfcf";

  private GfCf() {}

  public static Recommender train(Interactions data, Params params) {
    float alpha = (float) params.getDouble("alpha", 0.3);
    int factors = params.getInt("factors", 256);
    float sharpen = (float) params.getDouble("sharpen", 0);
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
    RandomizedSvd.Result r = alpha > 0 || sharpen > 0 ? svd.decompose(graph.matrix()) : null;
    return recommender(data, graph, r, alpha, sharpen, steps);
  }

  /** The model for an already decomposed graph ({@code svd} may be null when both filters are off). */
  static Recommender recommender(Interactions data, NormalizedGraph graph, RandomizedSvd.Result svd, float alpha,
      float sharpen, int steps) {
    SpectralFilter spectral = svd == null ? null
        : new SpectralFilter(svd.v(), svd.s(), graph.itemDegrees(), alpha, sharpen, steps);
    return new ItemScoringRecommender(NAME, data, new Scorer(graph, spectral), graph);
  }

  /** The linear filter plus, when enabled, the spectral part. */
  private record Scorer(NormalizedGraph graph, SpectralFilter spectral) implements ItemScorer {
    @Override
    public void score(SparseVector h, float[] out) {
      if (spectral == null) {
        java.util.Arrays.fill(out, 0f);
      } else {
        float[] q = new float[spectral.width()];
        spectral.project(h, q, 0);
        spectral.expand(q, out);
      }
      graph.addItemFilter(h, 1f, out);
    }

    @Override
    public void scoreBatch(SparseVector[] histories, int count, float[][] out) {
      if (spectral == null) {
        ItemScorer.super.scoreBatch(histories, count, out);
        return;
      }
      int w = spectral.width();
      float[] qs = new float[count * w];
      for (int i = 0; i < count; i++) {
        spectral.project(histories[i], qs, i * w);
      }
      spectral.expandBatch(qs, count, out);
      for (int i = 0; i < count; i++) {
        graph.addItemFilter(histories[i], 1f, out[i]);
      }
    }
  }
}
