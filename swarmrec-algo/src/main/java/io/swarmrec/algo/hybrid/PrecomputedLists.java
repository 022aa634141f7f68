package io.swarmrec.algo.hybrid;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;

/**
 * A trained model with its default-option top-{@code depth} lists computed once for a fixed set of users,
 * for tuning a blend: searching fusion weights evaluates the same components dozens of times, and with
 * the lists at hand each evaluation costs only the fusion. Requests the cache cannot answer exactly
 * (other users, other options, a larger k) go to the model, so answers never differ from the model's:
 * a top-k list is the first k entries of the top-{@code depth} list, because every model ranks by a
 * total order (score, then id).
 */
final class PrecomputedLists implements Recommender {
  private final Recommender model;
  private final int depth;
  private final int[] users; // ascending
  private final ScoredIds[] lists;

  PrecomputedLists(Recommender model, int[] users, int depth) {
    this.model = model;
    this.depth = depth;
    this.users = users.clone();
    Arrays.sort(this.users);
    this.lists = model.recommendAll(this.users, depth, RecOptions.DEFAULT);
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public Interactions data() {
    return model.data();
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    int at = options == RecOptions.DEFAULT && k <= depth ? Arrays.binarySearch(users, user) : -1;
    return at < 0 ? model.recommend(user, k, options) : prefix(lists[at], k);
  }

  @Override
  public ScoredIds[] recommendAll(int[] batch, int k, RecOptions options) {
    ScoredIds[] out = new ScoredIds[batch.length];
    for (int i = 0; i < batch.length; i++) {
      out[i] = recommend(batch[i], k, options);
    }
    return out;
  }

  private static ScoredIds prefix(ScoredIds list, int k) {
    if (list.size() <= k) {
      return list;
    }
    return new ScoredIds(Arrays.copyOf(list.ids(), k), Arrays.copyOf(list.scores(), k));
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    return model.similarItems(item, k);
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    return model.similarUsers(user, k);
  }

  @Override
  public io.swarmrec.algo.ItemSimilarity itemSimilarity() {
    return model.itemSimilarity();
  }
}
