package io.swarmrec.eval.split;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.io.DatasetReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Ways to obtain a {@link Split}: from given train and test files, or cut from one snapshot by a per-user
 * random holdout or by leaving each user's latest interactions out.
 *
 * <p>The cuts work per user on distinct (user, item) pairs, after repeated events were merged, so no
 * item lands on both sides of a user's split. A user must keep at least one training interaction: users
 * with a single interaction stay entirely in training. Both cuts are deterministic; the random one draws
 * each user's holdout from a generator seeded by (seed, user id), so it does not depend on order or
 * thread count.
 */
public final class Splits {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Splits() {}

  /**
   * Reads {@code train}, then maps {@code test} onto its dictionaries: test items unknown to training
   * remain relevant (and unreachable), test users unknown to training are skipped and counted.
   */
  public static Split fromFiles(DatasetReader reader, Path train, Path test) throws IOException {
    Interactions data = reader.readInteractions(train);
    TestSet.Builder builder = TestSet.builder(data);
    reader.read(test, builder);
    return new Split(data, builder.build());
  }

  /**
   * Moves a random {@code fraction} of each user's items to test: {@code round(fraction * n)} of a user's
   * {@code n} items, at least one and at most {@code n - 1}; users with one item keep it in training.
   */
  public static Split randomHoldout(Interactions all, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("holdout fraction must be in (0, 1), got " + fraction);
    }
    CsrMatrix m = all.byUser();
    boolean[] toTest = new boolean[m.nnz()];
    int[] order = new int[maxRowLength(m)];
    for (int u = 0; u < m.rows(); u++) {
      int n = m.rowLength(u);
      if (n < 2) {
        continue;
      }
      int held = (int) Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
      SplittableRandom random = new SplittableRandom(seed ^ (u + 1) * GOLDEN_GAMMA);
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = 0; i < held; i++) { // partial Fisher-Yates shuffle: the first `held` slots are the sample
        int j = i + random.nextInt(n - i);
        int chosen = order[j];
        order[j] = order[i];
        order[i] = chosen;
        toTest[m.rowStart(u) + chosen] = true;
      }
    }
    return EntryPartition.cut(all, toTest);
  }

  /**
   * Moves each user's {@code perUser} latest items (by interaction time; among equal times the larger
   * item id counts as later) to test; users with at most {@code perUser} items stay in training.
   *
   * @throws IllegalArgumentException when the data carries no timestamps
   */
  public static Split leaveLastOut(Interactions all, int perUser) {
    if (perUser < 1) {
      throw new IllegalArgumentException("leave-last-out count must be >= 1, got " + perUser);
    }
    if (all.latestEpochSecond() == Long.MIN_VALUE) {
      throw new IllegalArgumentException("leave-last-out needs timestamps, and the data has none");
    }
    CsrMatrix m = all.byUser();
    int[] times = m.times();
    boolean[] toTest = new boolean[m.nnz()];
    for (int u = 0; u < m.rows(); u++) {
      int start = m.rowStart(u);
      int end = m.rowEnd(u);
      if (end - start <= perUser) {
        continue;
      }
      for (int k = 0; k < perUser; k++) {
        int latest = -1;
        for (int p = start; p < end; p++) {
          if (!toTest[p] && (latest < 0 || times[p] >= times[latest])) {
            latest = p;
          }
        }
        toTest[latest] = true;
      }
    }
    return EntryPartition.cut(all, toTest);
  }

  private static int maxRowLength(CsrMatrix m) {
    int max = 0;
    for (int u = 0; u < m.rows(); u++) {
      max = Math.max(max, m.rowLength(u));
    }
    return max;
  }
}
