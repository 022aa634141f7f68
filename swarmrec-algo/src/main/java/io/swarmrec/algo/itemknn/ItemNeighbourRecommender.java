package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ScoreAttribution;
import io.swarmrec.algo.scoring.BlockAccumulator;
import io.swarmrec.algo.scoring.HistoryWeighting;
import io.swarmrec.algo.scoring.ItemScratch;
import io.swarmrec.algo.scoring.Requests;
import io.swarmrec.algo.scoring.ScratchPool;
import io.swarmrec.algo.scoring.UserHistory;
import io.swarmrec.algo.scoring.UserNeighbourSearch;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.ParallelBlocks;
import java.util.EnumSet;
import java.util.Set;

/**
 * Scores items by summing, over the user's history items, their weights to each candidate through the
 * precomputed {@link NeighbourIndex} (Sarwar, Karypis, Konstan and Riedl, "Item-based collaborative
 * filtering recommendation algorithms", WWW 2001; Deshpande and Karypis, TOIS 2004), then adding the
 * candidates' {@link MeanCentring} offsets when given: a sparse accumulate over the history items' rows
 * followed by a heap selection, so the cost does not depend on the catalogue size.
 */
final class ItemNeighbourRecommender implements Recommender {
  /** Similar users need a search bound; item-kNN has no parameter for it, so it uses user-kNN's default. */
  private static final int SIMILAR_USERS_MAX_ITEM_USERS = 5000;
  /** Users per task of {@link #recommendAll}: enough to amortise taking a scratch, few enough to balance. */
  private static final int BATCH_CHUNK = 256;

  private final Interactions data;
  private final NeighbourIndex index;
  private final HistoryWeighting weighting;
  private final float[] offsets; // by slot
  private final ScratchPool<ItemScratch> scratch;
  private final UserNeighbourSearch userSearch;

  /** @param offsets per-candidate score offsets by item id, or null for none */
  ItemNeighbourRecommender(Interactions data, NeighbourIndex index, HistoryWeighting weighting, float[] offsets) {
    this.data = data;
    this.index = index;
    this.weighting = weighting;
    this.offsets = offsets == null ? null : index.bySlot(offsets);
    int numItems = data.numItems();
    this.scratch = new ScratchPool<>(() -> new ItemScratch(numItems));
    this.userSearch = new UserNeighbourSearch(data, SIMILAR_USERS_MAX_ITEM_USERS);
  }

  NeighbourIndex index() {
    return index;
  }

  @Override
  public String name() {
    return "itemknn";
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    Requests.check(data, user, k, options);
    ItemScratch s = scratch.acquire();
    try {
      return score(user, k, options, s);
    } finally {
      scratch.release(s);
    }
  }

  /**
   * {@link #recommend} for each user, the same answers in the callers' order, but scored in {@link BatchOrder}
   * (users of one taste community one after another, so that each request finds most of what it reads still
   * in cache) and in chunks of {@value #BATCH_CHUNK} users that take one scratch each from the pool.
   */
  @Override
  public ScoredIds[] recommendAll(int[] users, int k, RecOptions options) {
    Requests.check(data, -1, k, options);
    int[] order = batchOrder(users); // checks the users
    ScoredIds[] out = new ScoredIds[users.length];
    ParallelBlocks.run(users.length, BATCH_CHUNK, Runtime.getRuntime().availableProcessors(), (w, b, from, to) -> {
      ItemScratch s = scratch.acquire();
      try {
        for (int n = from; n < to; n++) {
          int at = order[n];
          out[at] = score(users[at], k, options, s);
        }
      } finally {
        scratch.release(s);
      }
    });
    return out;
  }

  /** Users of one taste community one after another ({@link BatchOrder}). */
  @Override
  public int[] batchOrder(int[] users) {
    Requests.checkRequestUsers(data, users);
    return BatchOrder.of(users, data.byUser(), index.slotOf());
  }

  /** One request on a checked {@code user}, in scratch {@code s}. */
  private ScoredIds score(int user, int k, RecOptions options, ItemScratch s) {
    if (user < 0 && options.extraItems().length == 0) {
      return ScoredIds.empty(); // nothing to go on: the caller's popularity fallback answers
    }
    CsrMatrix byUser = data.byUser();
    UserHistory history = s.history();
    history.load(byUser, user, options, weighting);
    BlockAccumulator scores = s.clearedScores();
    for (int n = 0, size = history.size(); n < size; n++) {
      int item = history.item(n);
      index.accumulate(item, history.weight(item), scores);
    }
    return s.topAllowed(byUser, user, k, options, offsets, index.slotOf(), index.itemAt());
  }

  /**
   * The history's weights unless binary, its times when decayed; the item-major copy only for
   * {@link #similarUsers}, which rebuilds it on demand (a rare request), so it is not declared.
   */
  @Override
  public Set<Interactions.Part> servingNeeds() {
    Set<Interactions.Part> needs = EnumSet.noneOf(Interactions.Part.class);
    if (!weighting.binary()) {
      needs.add(Interactions.Part.WEIGHTS);
    }
    if (weighting.decay() != null) {
      needs.add(Interactions.Part.TIMES);
    }
    return needs;
  }

  /** The build's similarity of two items when one is in the other's kept list, else 0 (see {@link NeighbourIndex#similarity}). */
  @Override
  public ItemSimilarity itemSimilarity() {
    return index::similarity;
  }

  /**
   * {@code c(h, j) = x_h * w(h, j)}: each history item's vote for the candidate, the history weighted (and
   * decayed) as {@link #recommend} weighs it. The centring offset of the candidate belongs to no history
   * item and is left out.
   */
  @Override
  public ScoreAttribution scoreAttribution() {
    return (user, options, items) -> {
      Requests.check(data, user, 0, options);
      for (int j : items) {
        Requests.checkItem(data, j);
      }
      ItemScratch s = scratch.acquire();
      try {
        UserHistory history = s.history();
        history.load(data.byUser(), user, options, weighting);
        int[] ids = java.util.Arrays.copyOf(history.items(), history.size());
        float[][] byItem = new float[items.length][ids.length];
        for (int n = 0; n < ids.length; n++) {
          float w = history.weight(ids[n]);
          for (int i = 0; i < items.length; i++) {
            byItem[i][n] = w * index.weight(ids[n], items[i]);
          }
        }
        return new ScoreAttribution.Contributions(ids, byItem);
      } finally {
        scratch.release(s);
      }
    };
  }

  /**
   * The first {@code k} entries of the item's index row: the candidates it weighs most, which is what a
   * history of that item alone would rank first before centring. With history-side lists these are its
   * nearest neighbours; with candidate-side lists, the items keeping it among theirs.
   */
  @Override
  public ScoredIds similarItems(int item, int k) {
    Requests.checkItem(data, item);
    Requests.checkK(k);
    return index.row(item, k);
  }

  /** Users sharing the most items, by cosine over binary histories (see {@link UserNeighbourSearch}). */
  @Override
  public ScoredIds similarUsers(int user, int k) {
    Requests.checkUser(data, user);
    Requests.checkK(k);
    return userSearch.similarTo(user, k, 1);
  }
}
