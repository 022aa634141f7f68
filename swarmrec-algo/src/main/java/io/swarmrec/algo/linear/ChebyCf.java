package io.swarmrec.algo.linear;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.ParamBounds;
import io.swarmrec.algo.svd.RandomizedSvd;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.SparseVector;

/**
 * A graph spectral filter in the style of ChebyCF (Kim, Sung, Han and Lee, "Graph Spectral Filtering with
 * Chebyshev Interpolation for Recommendation", SIGIR 2025): a smooth non-linear low-pass filter on the
 * normalised item graph, applied as a Chebyshev polynomial, plus GF-CF's ideal low-pass term, with
 * degree-based normalisation around both.
 *
 * <p>The graph is {@code P = R~^T R~} ({@link NormalizedGraph}), whose eigenvalues lie in {@code [0, 1]};
 * its scaled Laplacian {@code L = I - 2P} has them in {@code [-1, 1]}, {@code -1} being the smoothest
 * (most popular, most shared) direction. The wanted transfer function is a plateau with flatness
 * {@code phi}: {@code h(t) = 1/2 + |t|^phi / 2} for {@code t < 0} and {@code 1/2 - t^phi / 2} for
 * {@code t >= 0}, i.e. it keeps the low frequencies, drops the high ones and moves between the two more
 * sharply as {@code phi} grows ({@code phi = 1} is the straight line {@code (1 - t) / 2}, which is the linear
 * filter {@code P} itself). Computing {@code h} on the spectrum would need the eigendecomposition of an
 * items x items matrix; instead {@code h} is interpolated at the {@code K + 1} Chebyshev nodes
 * {@code t_k = cos(pi (k + 1/2) / (K + 1))}, {@code c_m = 2/(K+1) sum_k h(t_k) T_m(t_k)} ({@code c_0} halved),
 * and {@code sum_m c_m T_m(L) x} is applied through the three-term recurrence
 * {@code T_{m+1} x = 2 L T_m x - T_{m-1} x}: {@code K} products with {@code P}, each two sparse passes over
 * the interactions, and nothing of size items x items. Unlike the authors' code, which pairs the plateau's
 * values at the Chebyshev extrema with the nodes, this is the textbook interpolant at the nodes.
 *
 * <p>Scores: {@code s = D^beta h(L) D^-beta r + alpha D^beta V V^T D^-beta r}, with {@code D} the item
 * degrees and {@code V} the top {@code factors} right singular vectors of {@code R~} (the ideal pass of
 * {@link IdealLowPass}). Degree normalisation with {@code beta > 0} lifts rarely seen items before the
 * filter smooths toward popular ones and puts the scale back afterwards.
 *
 * <p>Parameters (defaults are the authors' Gowalla settings): {@code order} {@code K} (8), {@code flatness}
 * {@code phi} (1.5), {@code alpha} (0.2, 0 skips the SVD), {@code factors} (512), {@code beta} (0.4),
 * {@code oversample} (64), {@code power_iterations} (4), {@code seed} (42), {@code threads} (all cores).
 */
public final class ChebyCf {
  /** The name in {@link io.swarmrec.algo.Algorithms}. */
  public static final String NAME = "chebycf";

  private ChebyCf() {}

  public static Recommender train(Interactions data, Params params) {
    int order = ParamBounds.atLeast(params, "order", 8, 1);
    double flatness = ParamBounds.positive(params, "flatness", 1.5);
    float alpha = (float) ParamBounds.atLeast(params, "alpha", 0.2, 0.0);
    int factors = ParamBounds.atLeast(params, "factors", 512, 1);
    double beta = ParamBounds.atLeast(params, "beta", 0.4, 0.0);
    RandomizedSvd svd = new RandomizedSvd(Math.min(factors, Math.min(data.numItems(), data.numUsers())))
        .oversample(params.getInt("oversample", 64))
        .powerIterations(params.getInt("power_iterations", 4))
        .seed(params.getInt("seed", 42))
        .threads(ParamBounds.atLeast(params, "threads", Runtime.getRuntime().availableProcessors(), 1));
    NormalizedGraph graph = NormalizedGraph.of(data);
    IdealLowPass lowPass = alpha > 0
        ? new IdealLowPass(svd.decompose(graph.matrix()).v(), graph.itemDegrees(), alpha, beta) : null;
    float[] degree = graph.itemDegrees();
    float[] pre = new float[degree.length];
    float[] post = new float[degree.length];
    for (int j = 0; j < degree.length; j++) {
      pre[j] = degree[j] > 0f ? (float) Math.pow(degree[j], -beta) : 0f;
      post[j] = degree[j] > 0f ? (float) Math.pow(degree[j], beta) : 0f;
    }
    Scorer scorer = new Scorer(graph, coefficients(order, flatness), pre, post, lowPass);
    return new ItemScoringRecommender(NAME, data, scorer, graph);
  }

  /** The plateau, the filter's target on the scaled spectrum {@code [-1, 1]}. */
  static double plateau(double t, double flatness) {
    return t < 0 ? 0.5 + 0.5 * Math.pow(-t, flatness) : 0.5 - 0.5 * Math.pow(t, flatness);
  }

  /** Chebyshev interpolation coefficients {@code c_0 .. c_K} of the plateau. */
  static double[] coefficients(int order, double flatness) {
    int nodes = order + 1;
    double[] c = new double[nodes];
    for (int k = 0; k < nodes; k++) {
      double theta = Math.PI * (k + 0.5) / nodes;
      double h = plateau(Math.cos(theta), flatness);
      for (int m = 0; m < nodes; m++) {
        c[m] += 2.0 / nodes * h * Math.cos(m * theta); // T_m(cos theta) = cos(m theta)
      }
    }
    c[0] /= 2;
    return c;
  }

  /** Normalise, filter by the polynomial, denormalise; then add the ideal pass. */
  private record Scorer(NormalizedGraph graph, double[] c, float[] pre, float[] post, IdealLowPass lowPass)
      implements ItemScorer {
    private static final ThreadLocal<float[][]> VECTORS = new ThreadLocal<>();
    private static final ThreadLocal<Block> BLOCKS = new ThreadLocal<>();

    @Override
    public void score(SparseVector h, float[] out) {
      int n = out.length;
      float[][] v = VECTORS.get();
      if (v == null || v[0].length != n) {
        v = new float[][] {new float[n], new float[n], new float[n]};
        VECTORS.set(v);
      }
      float[] prev = v[0];
      float[] cur = v[1];
      float[] product = v[2];
      java.util.Arrays.fill(cur, 0f);
      for (int p = 0; p < h.size(); p++) {
        cur[h.id(p)] += h.value(p) * pre[h.id(p)];
      }
      for (int j = 0; j < n; j++) {
        out[j] = (float) c[0] * cur[j];
      }
      for (int m = 1; m < c.length; m++) { // T_1 = L T_0; T_{m+1} = 2 L T_m - T_{m-1}; L x = x - 2 P x
        graph.applyFilter(cur, product);
        float cm = (float) c[m];
        for (int j = 0; j < n; j++) {
          float lx = cur[j] - 2f * product[j];
          float next = m == 1 ? lx : 2f * lx - prev[j];
          prev[j] = cur[j];
          cur[j] = next;
          out[j] += cm * next;
        }
      }
      for (int j = 0; j < n; j++) {
        out[j] *= post[j];
      }
      if (lowPass != null) {
        float[] z = new float[lowPass.rank()];
        lowPass.project(h, z, 0);
        float[] add = product;
        lowPass.expand(z, add);
        for (int j = 0; j < n; j++) {
          out[j] += add[j];
        }
      }
    }

    @Override
    public void scoreBatch(SparseVector[] histories, int count, float[][] out) {
      if (count == 0) {
        return;
      }
      int n = out[0].length;
      Block b = BLOCKS.get();
      if (b == null || b.width != count || b.items != n || b.users.rows() != graph.matrix().rows()) {
        b = new Block(n, graph.matrix().rows(), count);
        BLOCKS.set(b);
      }
      float[] cur = b.cur.data();
      float[] prev = b.prev.data();
      float[] acc = b.acc.data();
      java.util.Arrays.fill(cur, 0f);
      for (int i = 0; i < count; i++) { // item-major: the block's values of item j side by side
        SparseVector h = histories[i];
        for (int p = 0; p < h.size(); p++) {
          cur[h.id(p) * count + i] += h.value(p) * pre[h.id(p)];
        }
      }
      float c0 = (float) c[0];
      for (int q = 0; q < acc.length; q++) {
        acc[q] = c0 * cur[q];
      }
      for (int m = 1; m < c.length; m++) {
        graph.applyFilter(b.cur, b.users, b.product);
        float[] prod = b.product.data();
        float cm = (float) c[m];
        for (int q = 0; q < acc.length; q++) {
          float lx = cur[q] - 2f * prod[q];
          float next = m == 1 ? lx : 2f * lx - prev[q];
          prev[q] = cur[q];
          cur[q] = next;
          acc[q] += cm * next;
        }
      }
      if (lowPass != null) {
        int k = lowPass.rank();
        float[] zs = new float[count * k];
        for (int i = 0; i < count; i++) {
          lowPass.project(histories[i], zs, i * k);
        }
        lowPass.expandBatch(zs, count, out);
      } else {
        for (int i = 0; i < count; i++) {
          java.util.Arrays.fill(out[i], 0f);
        }
      }
      for (int j = 0; j < n; j++) {
        float pj = post[j];
        for (int i = 0; i < count; i++) {
          out[i][j] += pj * acc[j * count + i];
        }
      }
    }
  }

  /** A worker's item-major buffers for one block width. */
  private static final class Block {
    final int width;
    final int items;
    final DenseMatrix prev;
    final DenseMatrix cur;
    final DenseMatrix acc;
    final DenseMatrix product;
    final DenseMatrix users;

    Block(int items, int userCount, int width) {
      this.width = width;
      this.items = items;
      prev = DenseMatrix.zeros(items, width);
      cur = DenseMatrix.zeros(items, width);
      acc = DenseMatrix.zeros(items, width);
      product = DenseMatrix.zeros(items, width);
      users = DenseMatrix.zeros(userCount, width);
    }
  }
}
