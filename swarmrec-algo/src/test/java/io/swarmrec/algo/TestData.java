package io.swarmrec.algo;

import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.IdDictionary;
import java.util.Random;

/** Small hand-made and random interaction sets whose dense ids equal their indices. */
public final class TestData {
  /** A fixed epoch second that the hand-made examples count from. */
  public static final long T0 = 1_700_000_000L;

  private TestData() {}

  /** A builder whose users {@code 0..users-1} and items {@code 0..items-1} already have those dense ids. */
  public static InteractionsBuilder builder(int users, int items) {
    IdDictionary u = new IdDictionary();
    IdDictionary i = new IdDictionary();
    for (int n = 0; n < users; n++) {
      u.getOrAdd("u" + n);
    }
    for (int n = 0; n < items; n++) {
      i.getOrAdd("i" + n);
    }
    return new InteractionsBuilder(EventWeights.defaults(), u, i, 64);
  }

  /** Binary, undated data: user {@code u} interacted with the items {@code rows[u]}. */
  public static Interactions binary(int items, int[]... rows) {
    InteractionsBuilder b = builder(rows.length, items);
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        b.add(u, i, 1f, Long.MIN_VALUE);
      }
    }
    return b.build();
  }

  /**
   * The example most tests compute by hand: item users 0:{u0,u1,u3} 1:{u0,u1,u2} 2:{u0,u2} 3:{u2,u3};
   * co-occurrences (0,1)=2 (0,2)=1 (0,3)=1 (1,2)=2 (1,3)=1 (2,3)=1.
   */
  public static Interactions fourByFour() {
    return binary(4, new int[] {0, 1, 2}, new int[] {0, 1}, new int[] {1, 2, 3}, new int[] {0, 3});
  }

  /**
   * Random dated data with Zipf-like item popularity and heavy-tailed user activity; every user has at
   * least one interaction. Deterministic for a seed.
   */
  public static Interactions random(int users, int items, int meanPerUser, long seed) {
    Random rnd = new Random(seed);
    InteractionsBuilder b = builder(users, items);
    for (int u = 0; u < users; u++) {
      int n = 1 + (int) Math.min(items - 1, -Math.log(1 - rnd.nextDouble()) * meanPerUser);
      for (int e = 0; e < n; e++) {
        int item = (int) Math.min(items - 1, Math.floor(Math.pow(items + 1.0, rnd.nextDouble())) - 1);
        b.add(u, item, 1 + rnd.nextInt(5), T0 + rnd.nextInt(1_000_000));
      }
    }
    return b.build();
  }
}
