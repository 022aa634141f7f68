package io.swarmrec.eval.testing;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Test-only recommender that ranks the catalogue in one fixed order for every user, skipping the user's
 * seen items and the excluded ones. {@link #popularity} orders by training interaction count (BARS's
 * "ItemPop" baseline); {@link #ofOrder} takes the order from the test.
 */
public final class StaticRankRecommender implements Recommender {
  private final String name;
  private final Interactions data;
  private final int[] order;
  private final io.swarmrec.algo.ItemSimilarity similarity;

  private StaticRankRecommender(String name, Interactions data, int[] order, io.swarmrec.algo.ItemSimilarity similarity) {
    this.name = name;
    this.data = data;
    this.order = order;
    this.similarity = similarity;
  }

  /** The same ranking, with {@code similarity} as its {@link #itemSimilarity()} (none by default). */
  public StaticRankRecommender withSimilarity(io.swarmrec.algo.ItemSimilarity similarity) {
    return new StaticRankRecommender(name, data, order, similarity);
  }

  @Override
  public io.swarmrec.algo.ItemSimilarity itemSimilarity() {
    return similarity;
  }

  /** Items by number of training users, most first; ties by smaller id. */
  public static StaticRankRecommender popularity(Interactions data) {
    CsrMatrix byItem = data.byItem();
    int[] order = IntStream.range(0, data.numItems()).boxed()
        .sorted((a, b) -> byItem.rowLength(a) != byItem.rowLength(b)
            ? Integer.compare(byItem.rowLength(b), byItem.rowLength(a)) : Integer.compare(a, b))
        .mapToInt(Integer::intValue).toArray();
    return new StaticRankRecommender("test-pop", data, order, null);
  }

  /** Items in the given order (best first); items not listed are never recommended. */
  public static StaticRankRecommender ofOrder(Interactions data, int... itemsBestFirst) {
    return new StaticRankRecommender("test-fixed", data, itemsBestFirst.clone(), null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    CsrMatrix byUser = data.byUser();
    int[] ids = new int[Math.min(k, order.length)];
    float[] scores = new float[ids.length];
    int n = 0;
    for (int r = 0; r < order.length && n < ids.length; r++) {
      int item = order[r];
      boolean seen = options.excludeSeen() && user >= 0 && byUser.contains(user, item);
      if (!seen && !contains(options.exclude(), item)) {
        ids[n] = item;
        scores[n] = order.length - r;
        n++;
      }
    }
    return new ScoredIds(Arrays.copyOf(ids, n), Arrays.copyOf(scores, n));
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    return ScoredIds.empty();
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    return ScoredIds.empty();
  }

  private static boolean contains(int[] ids, int id) {
    for (int x : ids) {
      if (x == id) {
        return true;
      }
    }
    return false;
  }
}
