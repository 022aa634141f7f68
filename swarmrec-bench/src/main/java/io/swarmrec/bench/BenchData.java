package io.swarmrec.bench;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded inputs for the kernel benchmarks, so every run measures the same work. Scores are quantised to
 * 2^-16 so that large streams contain ties and the tie-breaking paths run too. The neighbour matrix has
 * uniformly random columns: the cache-unfriendliest case, an upper bound for real item-kNN rows, whose
 * neighbours crowd onto popular items.
 */
final class BenchData {
  private BenchData() {}

  static float[] scores(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextInt(1 << 16) / 65536f;
    }
    return s;
  }

  static float[] vector(int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return v;
  }

  /** A square item-item matrix with {@code perRow} distinct random neighbours per row, similarities in (0, 1]. */
  static CsrMatrix neighbours(int items, int perRow, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] indptr = new int[items + 1];
    int[] indices = new int[items * perRow];
    float[] values = new float[items * perRow];
    int[] mark = new int[items]; // row + 1 where a column was already taken
    for (int r = 0; r < items; r++) {
      int start = r * perRow;
      for (int p = start; p < start + perRow; p++) {
        int c;
        do {
          c = rnd.nextInt(items);
        } while (c == r || mark[c] == r + 1);
        mark[c] = r + 1;
        indices[p] = c;
        values[p] = 1f - (float) rnd.nextDouble();
      }
      Arrays.sort(indices, start, start + perRow); // values are iid, so they need not follow
      indptr[r + 1] = start + perRow;
    }
    return new CsrMatrix(items, items, indptr, indices, values, null);
  }

  /**
   * Interactions of {@code users} users with {@code length} distinct items each, drawn with a popularity skew
   * (the square of a uniform draw: low ids are popular), so co-occurrence neighbourhoods overlap as in real data.
   */
  static Interactions interactions(int users, int length, int items, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InteractionsBuilder b = new InteractionsBuilder();
    for (int u = 0; u < users; u++) {
      int[] h = rnd.ints(0, Integer.MAX_VALUE).map(x -> {
        double f = (x / (double) Integer.MAX_VALUE);
        return (int) Math.min(items - 1, f * f * items);
      }).distinct().limit(length).toArray();
      for (int item : h) {
        b.add("u" + u, "i" + item, 1f, Long.MIN_VALUE);
      }
    }
    return b.build();
  }

  /** {@code users} histories of {@code length} distinct random items each. */
  static int[][] histories(int users, int length, int items, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] h = new int[users][];
    for (int u = 0; u < users; u++) {
      h[u] = rnd.ints(0, items).distinct().limit(length).toArray();
    }
    return h;
  }
}
