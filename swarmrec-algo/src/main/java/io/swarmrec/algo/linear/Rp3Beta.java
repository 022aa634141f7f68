package io.swarmrec.algo.linear;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.ParamBounds;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import io.swarmrec.core.vector.ParallelBlocks;
import io.swarmrec.core.vector.SparseVector;

/**
 * RP3beta (Paudel, Christoffel, Newell and Bernstein, "Updatable, Accurate, Diverse, and Scalable
 * Recommendations for Interactive Applications", ACM TiiS 2017; re-tuned as a strong baseline by Dacrema et
 * al., "Are We Really Making Much Progress?", RecSys 2019, and by Anelli et al., "Challenging the Myth of
 * Graph Collaborative Filtering", RecSys 2023): a three-step random walk item -> user -> item on the
 * bipartite graph, its transition probabilities raised to the power {@code alpha}, the arrival item
 * penalised by its popularity to the power {@code beta}:
 *
 * <pre>  W_ij = deg(j)^-beta * sum_u (1 / deg(i))^alpha * (x_uj / |x_u|)^alpha,  W_ii = 0</pre>
 *
 * with {@code deg(i)} the number of users of item {@code i} and {@code |x_u|} the user's total weight
 * (each row of the walk is a probability distribution before the powers). Each row keeps only its
 * {@code neighbors} largest weights; a user's scores are {@code s_u = x_u W}, so a new event changes the
 * scores at once without retraining. {@code alpha < 1} flattens the walk toward rarely travelled edges,
 * {@code beta > 0} re-ranks away from the items every walk reaches (P3alpha is {@code beta = 0}).
 *
 * <p>Training costs one pass over the two-hop paths (like a co-occurrence count), with a dense accumulator
 * row per worker and a bounded heap per item. Parameters: {@code alpha} (1.0), {@code beta} (0.5),
 * {@code neighbors} (200), {@code threads} (all cores).
 */
public final class Rp3Beta {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "rp3b";

  private Rp3Beta() {}

  public static Recommender train(Interactions data, Params params) {
    double alpha = ParamBounds.positive(params, "alpha", 1.0);
    double beta = ParamBounds.atLeast(params, "beta", 0.5, 0.0);
    int neighbors = ParamBounds.atLeast(params, "neighbors", 200, 1);
    int threads = ParamBounds.atLeast(params, "threads", Runtime.getRuntime().availableProcessors(), 1);
    CsrMatrix w = weights(data, (float) alpha, (float) beta, neighbors, threads);
    return new ItemScoringRecommender(NAME, data, new Scorer(w), NormalizedGraph.of(data));
  }

  /** The pruned walk matrix, items x items, each row's neighbours in descending weight. */
  static CsrMatrix weights(Interactions data, float alpha, float beta, int neighbors, int threads) {
    CsrMatrix byUser = data.byUser();
    CsrMatrix byItem = data.byItem();
    int n = data.numItems();
    int users = data.numUsers();
    float[] userStep = new float[byUser.nnz()]; // (x_uj / |x_u|)^alpha, aligned with byUser
    for (int u = 0; u < users; u++) {
      double total = 0;
      for (int e = byUser.rowStart(u); e < byUser.rowEnd(u); e++) {
        total += byUser.values()[e];
      }
      for (int e = byUser.rowStart(u); e < byUser.rowEnd(u); e++) {
        userStep[e] = total > 0 ? (float) Math.pow(byUser.values()[e] / total, alpha) : 0f;
      }
    }
    float[] itemStep = new float[n]; // (1 / deg(i))^alpha
    float[] penalty = new float[n]; // deg(j)^-beta
    for (int i = 0; i < n; i++) {
      int deg = byItem.rowLength(i);
      itemStep[i] = deg > 0 ? (float) Math.pow(1.0 / deg, alpha) : 0f;
      penalty[i] = deg > 0 ? (float) Math.pow(deg, -beta) : 0f;
    }
    int[][] rowIds = new int[n][];
    float[][] rowWeights = new float[n][];
    float[][] sums = new float[threads][];
    int[][] touched = new int[threads][];
    ParallelBlocks.run(n, 64, threads, (worker, block, from, to) -> {
      if (sums[worker] == null) {
        sums[worker] = new float[n];
        touched[worker] = new int[n];
      }
      float[] acc = sums[worker];
      int[] seen = touched[worker];
      TopK heap = new TopK(neighbors);
      int[] uIdx = byUser.indices();
      for (int i = from; i < to; i++) {
        int count = 0;
        for (int e = byItem.rowStart(i); e < byItem.rowEnd(i); e++) {
          int u = byItem.indices()[e];
          for (int f = byUser.rowStart(u), end = byUser.rowEnd(u); f < end; f++) {
            int j = uIdx[f];
            if (acc[j] == 0f) {
              seen[count++] = j;
            }
            acc[j] += userStep[f];
          }
        }
        heap.reset(neighbors);
        for (int c = 0; c < count; c++) {
          int j = seen[c];
          float v = acc[j] * itemStep[i] * penalty[j];
          acc[j] = 0f;
          if (j != i && v > 0f) {
            heap.offer(j, v);
          }
        }
        ScoredIds top = heap.drain();
        rowIds[i] = top.ids();
        rowWeights[i] = top.scores();
      }
    });
    int[] indptr = new int[n + 1];
    for (int i = 0; i < n; i++) {
      indptr[i + 1] = indptr[i] + rowIds[i].length;
    }
    int[] idx = new int[indptr[n]];
    float[] val = new float[indptr[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rowIds[i], 0, idx, indptr[i], rowIds[i].length);
      System.arraycopy(rowWeights[i], 0, val, indptr[i], rowWeights[i].length);
    }
    return new CsrMatrix(n, n, indptr, idx, val, null);
  }

  /** {@code s = x_u W}: the history's rows of W, scattered. */
  private record Scorer(CsrMatrix w) implements ItemScorer {
    @Override
    public void score(SparseVector h, float[] out) {
      java.util.Arrays.fill(out, 0f);
      int[] idx = w.indices();
      float[] val = w.values();
      for (int p = 0; p < h.size(); p++) {
        float x = h.value(p);
        int i = h.id(p);
        if (i >= w.rows()) {
          continue;
        }
        for (int e = w.rowStart(i), end = w.rowEnd(i); e < end; e++) {
          out[idx[e]] += x * val[e];
        }
      }
    }
  }
}
