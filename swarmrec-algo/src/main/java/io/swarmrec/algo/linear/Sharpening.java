package io.swarmrec.algo.linear;

import io.swarmrec.core.vector.DenseMatrix;

/**
 * The sharpening process of BSPM (Choi et al., "Blurring-Sharpening Process Models for Collaborative
 * Filtering", SIGIR 2023): the blurred scores {@code s0} (linear filter plus ideal low-pass) are moved
 * backward along the heat equation on the item graph, {@code ds/dt = -s P}, for a time {@code T}, with
 * {@code steps} fourth-order Runge-Kutta steps as in their solver. Blurring (the graph filter) spreads a
 * history toward what is popular in its neighbourhood; sharpening takes back part of that spread, which
 * mostly demotes items that are merely popular. Each step is the polynomial
 * {@code I - tP + (tP)^2/2 - (tP)^3/6 + (tP)^4/24} ({@code t = T/steps}), applied by Horner's rule: four
 * products with {@code P = R~^T R~}, each two passes over the interactions (see {@link NormalizedGraph}).
 *
 * <p>Sharpening needs {@code P} exactly, on every direction: applied only on the top singular directions
 * (cheaper) it lost accuracy on Gowalla instead of gaining it. One user costs {@code 8 * steps} scatter
 * passes over the interaction matrix; a block of users is done as sparse-times-dense products whose inner
 * loop is a SIMD update across the block.
 */
final class Sharpening {
  private final NormalizedGraph graph;
  private final float[] coefficients; // c0..c4 of one RK4 step
  private final int steps;
  private final ThreadLocal<float[][]> vectors;
  private final ThreadLocal<Block> blocks = new ThreadLocal<>();

  Sharpening(NormalizedGraph graph, float time, int steps) {
    this.graph = graph;
    this.steps = steps;
    double t = (double) time / steps;
    this.coefficients = new float[] {1f, (float) -t, (float) (t * t / 2), (float) (-t * t * t / 6),
        (float) (t * t * t * t / 24)};
    int items = graph.matrix().cols();
    this.vectors = ThreadLocal.withInitial(() -> new float[][] {new float[items], new float[items]});
  }

  /** Sharpens one user's scores in place. */
  void apply(float[] s) {
    float[][] v = vectors.get();
    float[] start = v[0];
    float[] product = v[1];
    for (int step = 0; step < steps; step++) {
      System.arraycopy(s, 0, start, 0, s.length);
      scale(s, coefficients[4]);
      for (int c = 3; c >= 0; c--) { // s = s P + c_k * start
        graph.applyFilter(s, product);
        for (int j = 0; j < s.length; j++) {
          s[j] = product[j] + coefficients[c] * start[j];
        }
      }
    }
  }

  /** Sharpens the score rows {@code rows[0 .. count)} in place, as one block. */
  void applyBatch(float[][] rows, int count) {
    int items = rows[0].length;
    Block b = blocks.get();
    if (b == null || b.width != count) {
      b = new Block(items, graph.matrix().rows(), count);
      blocks.set(b);
    }
    float[] start = b.start.data();
    for (int j = 0; j < items; j++) { // item-major: the block's scores of item j side by side
      for (int i = 0; i < count; i++) {
        start[j * count + i] = rows[i][j];
      }
    }
    for (int step = 0; step < steps; step++) {
      if (step > 0) {
        System.arraycopy(b.acc.data(), 0, start, 0, start.length);
      }
      float[] acc = b.acc.data();
      for (int p = 0; p < acc.length; p++) {
        acc[p] = coefficients[4] * start[p];
      }
      for (int c = 3; c >= 0; c--) {
        graph.applyFilter(b.acc, b.users, b.product);
        float[] prod = b.product.data();
        for (int p = 0; p < acc.length; p++) {
          acc[p] = prod[p] + coefficients[c] * start[p];
        }
      }
    }
    float[] acc = b.acc.data();
    for (int j = 0; j < items; j++) {
      for (int i = 0; i < count; i++) {
        rows[i][j] = acc[j * count + i];
      }
    }
  }

  private static void scale(float[] s, float c) {
    for (int j = 0; j < s.length; j++) {
      s[j] *= c;
    }
  }

  /** A worker's item-major buffers for one block width. */
  private static final class Block {
    final int width;
    final DenseMatrix start;
    final DenseMatrix acc;
    final DenseMatrix product;
    final DenseMatrix users;

    Block(int items, int userCount, int width) {
      this.width = width;
      start = DenseMatrix.zeros(items, width);
      acc = DenseMatrix.zeros(items, width);
      product = DenseMatrix.zeros(items, width);
      users = DenseMatrix.zeros(userCount, width);
    }
  }
}
