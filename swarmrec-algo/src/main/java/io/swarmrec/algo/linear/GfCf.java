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
 * filter on the top {@code k} singular directions of {@code R~} (see {@link NormalizedGraph},
 * {@link LowPassFilter}).
 *
 * <p>Why: the paper shows that what LightGCN-style models learn is, in effect, a low-pass filter on the
 * item graph; applying such filters in closed form needs no training loop, reaches the accuracy of the
 * trained graph networks, and takes one truncated SVD to build. The linear part keeps item-to-item
 * specifics that {@code k} components smooth away, the low-pass part adds global structure.
 *
 * <p>Parameters: {@code alpha} (0.3; 0 = the linear filter alone), {@code factors} (256), {@code oversample}
 * (64), {@code power_iterations} (4), {@code seed} (42), {@code threads} (all cores).
 */
public final class GfCf {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "gfcf";

  private GfCf() {}

  public static Recommender train(Interactions data, Params params) {
    float alpha = (float) params.getDouble("alpha", 0.3);
    int factors = params.getInt("factors", 256);
    int oversample = params.getInt("oversample", 64);
    int power = params.getInt("power_iterations", 4);
    int seed = params.getInt("seed", 42);
    int threads = params.getInt("threads", Runtime.getRuntime().availableProcessors());
    if (alpha < 0) {
      throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
    }
    NormalizedGraph graph = NormalizedGraph.of(data);
    LowPassFilter lowPass = null;
    if (alpha > 0) {
      RandomizedSvd.Result svd = new RandomizedSvd(factors).oversample(oversample).powerIterations(power)
          .seed(seed).threads(threads).decompose(graph.matrix());
      lowPass = new LowPassFilter(svd.v(), graph.itemDegrees(), alpha);
    }
    return new ItemScoringRecommender(NAME, data, new Scorer(graph, lowPass), graph);
  }

  /** Linear filter plus, when enabled, the low-pass filter. */
  private record Scorer(NormalizedGraph graph, LowPassFilter lowPass) implements ItemScorer {
    @Override
    public void score(SparseVector h, float[] out) {
      if (lowPass == null) {
        java.util.Arrays.fill(out, 0f);
      } else {
        float[] z = new float[lowPass.rank()];
        lowPass.project(h, z, 0);
        lowPass.expand(z, out);
      }
      graph.addItemFilter(h, 1f, out);
    }

    @Override
    public void scoreBatch(SparseVector[] histories, int count, float[][] out) {
      if (lowPass == null) {
        ItemScorer.super.scoreBatch(histories, count, out);
        return;
      }
      int k = lowPass.rank();
      float[] zs = new float[count * k];
      for (int i = 0; i < count; i++) {
        lowPass.project(histories[i], zs, i * k);
      }
      lowPass.expandBatch(zs, count, out);
      for (int i = 0; i < count; i++) {
        graph.addItemFilter(histories[i], 1f, out[i]);
      }
    }
  }
}
