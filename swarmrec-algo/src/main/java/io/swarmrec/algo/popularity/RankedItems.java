package io.swarmrec.algo.popularity;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.ItemFilter;
import io.swarmrec.algo.scoring.RankKeys;
import io.swarmrec.algo.scoring.Requests;
import io.swarmrec.algo.scoring.ScratchPool;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * One global ranking of all items, computed once; a request walks it from the top and skips the
 * items its filter excludes, so it costs O(k + excluded) whatever the catalogue size.
 */
final class RankedItems implements Recommender {
  private final String name;
  private final Interactions data;
  private final int[] ranked;
  private final float[] rankedScores;
  private final ScratchPool<ItemFilter> filters;

  RankedItems(String name, Interactions data, float[] scores) {
    this.name = name;
    this.data = data;
    this.ranked = rank(data.byItem(), scores);
    this.rankedScores = new float[ranked.length];
    for (int r = 0; r < ranked.length; r++) {
      rankedScores[r] = scores[ranked[r]];
    }
    int numItems = data.numItems();
    this.filters = new ScratchPool<>(() -> new ItemFilter(numItems));
  }

  /** Items with interactions by (score desc, id asc), then items without any, by id. */
  private static int[] rank(CsrMatrix byItem, float[] scores) {
    int n = scores.length;
    long[] keys = new long[n];
    int active = 0;
    for (int i = 0; i < n; i++) {
      if (byItem.rowLength(i) > 0) {
        keys[active++] = RankKeys.descending(scores[i], i);
      }
    }
    Arrays.sort(keys, 0, active);
    int[] order = new int[n];
    for (int r = 0; r < active; r++) {
      order[r] = RankKeys.id(keys[r]);
    }
    int r = active;
    for (int i = 0; i < n; i++) {
      if (byItem.rowLength(i) == 0) {
        order[r++] = i;
      }
    }
    return order;
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
    Requests.check(data, user, k, options);
    if (ItemFilter.excludesNothing(data.byUser(), user, options)) {
      int n = Math.min(k, ranked.length);
      return new ScoredIds(Arrays.copyOf(ranked, n), Arrays.copyOf(rankedScores, n));
    }
    ItemFilter filter = filters.acquire();
    try {
      filter.load(data.byUser(), user, options);
      return walk(k, filter);
    } finally {
      filters.release(filter);
    }
  }

  private ScoredIds walk(int k, ItemFilter filter) {
    int[] ids = new int[Math.min(k, ranked.length)];
    float[] scores = new float[ids.length];
    int n = 0;
    for (int r = 0; r < ranked.length && n < ids.length; r++) {
      if (!filter.excludes(ranked[r])) {
        ids[n] = ranked[r];
        scores[n++] = rankedScores[r];
      }
    }
    return n == ids.length ? new ScoredIds(ids, scores)
        : new ScoredIds(Arrays.copyOf(ids, n), Arrays.copyOf(scores, n));
  }

  /** Scores were counted at training; answering reads only the user rows' item ids (seen filter). */
  @Override
  public Set<Interactions.Part> servingNeeds() {
    return EnumSet.noneOf(Interactions.Part.class);
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    throw new UnsupportedOperationException(name + " ranks items globally and has no item similarity");
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    throw new UnsupportedOperationException(name + " ranks items globally and has no user similarity");
  }
}
