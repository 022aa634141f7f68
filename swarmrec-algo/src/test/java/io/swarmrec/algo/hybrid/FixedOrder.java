package io.swarmrec.algo.hybrid;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.Arrays;

/**
 * A test component that scores every item by a fixed score (the same for all users), honouring the
 * request options (seen items, exclusions, extra history) and recording the last options it was given.
 */
final class FixedOrder implements Recommender {
  private final String name;
  private final Interactions data;
  private final float[] scores;
  volatile RecOptions lastOptions;

  FixedOrder(String name, Interactions data, float... scores) {
    this.name = name;
    this.data = data;
    this.scores = scores.clone();
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
    lastOptions = options;
    TopK heap = new TopK(k);
    for (int n = 0; n < scores.length; n++) {
      int i = n;
      boolean seen = user >= 0 && data.byUser().contains(user, i)
          || Arrays.stream(options.extraItems()).anyMatch(x -> x == i);
      boolean excluded = Arrays.stream(options.exclude()).anyMatch(x -> x == i);
      if (!(options.excludeSeen() && seen) && !excluded) {
        heap.offer(i, scores[i]);
      }
    }
    return heap.drain();
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    throw new UnsupportedOperationException("no item similarity");
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    return new ScoredIds(new int[] {(user + 1) % data.numUsers()}, new float[] {1f});
  }
}
