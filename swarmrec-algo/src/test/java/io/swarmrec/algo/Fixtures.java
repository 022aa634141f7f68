package io.swarmrec.algo;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.util.Random;

/** Small synthetic interaction sets with a known answer, shared by the model tests. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * {@code groups} communities of {@code usersPerGroup} users and {@code itemsPerGroup} items; every user
   * has interacted with all items of their own community but one (chosen at random), and with nothing
   * else. User {@code u} is "u" + u, item {@code i} is "i" + i, so dense ids follow the numbering, and
   * user u's group is {@code u / usersPerGroup}, item i's is {@code i / itemsPerGroup}.
   */
  public static Interactions communities(int groups, int usersPerGroup, int itemsPerGroup, long seed) {
    Random rnd = new Random(seed);
    InteractionsBuilder b = new InteractionsBuilder().keepTimes(false);
    for (int i = 0; i < groups * itemsPerGroup; i++) {
      b.items().getOrAdd("i" + i);
    }
    for (int u = 0; u < groups * usersPerGroup; u++) {
      b.users().getOrAdd("u" + u);
    }
    for (int u = 0; u < groups * usersPerGroup; u++) {
      int g = u / usersPerGroup;
      int missing = rnd.nextInt(itemsPerGroup);
      for (int j = 0; j < itemsPerGroup; j++) {
        if (j != missing) {
          b.add(u, g * itemsPerGroup + j, 1f, Long.MIN_VALUE);
        }
      }
    }
    return b.build();
  }

  /** The one item of user {@code u}'s community that {@link #communities} left out. */
  public static int missingItem(Interactions data, int u, int usersPerGroup, int itemsPerGroup) {
    int g = u / usersPerGroup;
    for (int j = 0; j < itemsPerGroup; j++) {
      if (!data.byUser().contains(u, g * itemsPerGroup + j)) {
        return g * itemsPerGroup + j;
      }
    }
    throw new IllegalStateException("user " + u + " has every item of the community");
  }

  /** Interactions from a dense 0/1 (or weighted) matrix, users as rows. */
  public static Interactions fromDense(float[][] m) {
    InteractionsBuilder b = new InteractionsBuilder().keepTimes(false);
    for (int j = 0; j < m[0].length; j++) {
      b.items().getOrAdd("i" + j);
    }
    for (int u = 0; u < m.length; u++) {
      b.users().getOrAdd("u" + u);
    }
    for (int u = 0; u < m.length; u++) {
      for (int j = 0; j < m[u].length; j++) {
        if (m[u][j] != 0f) {
          b.add(u, j, m[u][j], Long.MIN_VALUE);
        }
      }
    }
    return b.build();
  }

  /**
   * The reference solution of {@code A x = b} for the augmented matrix {@code a = [A | b]} (modified in
   * place): Gaussian elimination with partial pivoting.
   */
  public static double[] solveAugmented(double[][] a) {
    int n = a.length;
    for (int c = 0; c < n; c++) {
      int best = c;
      for (int i = c + 1; i < n; i++) {
        best = Math.abs(a[i][c]) > Math.abs(a[best][c]) ? i : best;
      }
      double[] t = a[c];
      a[c] = a[best];
      a[best] = t;
      for (int i = c + 1; i < n; i++) {
        double m = a[i][c] / a[c][c];
        for (int j = c; j <= n; j++) {
          a[i][j] -= m * a[c][j];
        }
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = a[i][n];
      for (int j = i + 1; j < n; j++) {
        s -= a[i][j] * x[j];
      }
      x[i] = s / a[i][i];
    }
    return x;
  }
}
