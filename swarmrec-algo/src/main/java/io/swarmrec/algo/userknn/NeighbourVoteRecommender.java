package io.swarmrec.algo.userknn;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.HistoryWeighting;
import io.swarmrec.algo.scoring.ItemScratch;
import io.swarmrec.algo.scoring.Requests;
import io.swarmrec.algo.scoring.ScratchPool;
import io.swarmrec.algo.scoring.BlockAccumulator;
import io.swarmrec.algo.scoring.UserHistory;
import io.swarmrec.algo.scoring.UserNeighbourSearch;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;

/**
 * User-kNN by similarity-weighted votes: the user's nearest neighbours (cosine over binary histories,
 * found per request by {@link UserNeighbourSearch}) each vote for all of their items with their
 * similarity, {@code score(j) = sum over neighbours v holding j of sim(u, v)} (Herlocker, Konstan,
 * Borchers and Riedl, SIGIR 1999; the binary "user-based top-N" form of Deshpande and Karypis, 2004).
 *
 * <p>Computing neighbours per request costs the summed popularity of the user's items (bounded by
 * sampling) but needs no user-user matrix, which for a million users would not fit, and it sees the
 * real-time extra items, so a cold user with a few fresh events already has neighbours.
 */
final class NeighbourVoteRecommender implements Recommender {
  private final Interactions data;
  private final int neighbors;
  private final int minCommon;
  private final UserNeighbourSearch search;
  private final ScratchPool<ItemScratch> scratch;

  NeighbourVoteRecommender(Interactions data, int neighbors, int minCommon, int maxItemUsers) {
    this.data = data;
    this.neighbors = neighbors;
    this.minCommon = minCommon;
    this.search = new UserNeighbourSearch(data, maxItemUsers);
    int numItems = data.numItems();
    this.scratch = new ScratchPool<>(() -> new ItemScratch(numItems));
  }

  @Override
  public String name() {
    return "userknn";
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    Requests.check(data, user, k, options);
    CsrMatrix byUser = data.byUser();
    ItemScratch s = scratch.acquire();
    try {
      UserHistory history = s.history();
      history.load(byUser, user, options, HistoryWeighting.BINARY);
      if (history.size() == 0) {
        return ScoredIds.empty();
      }
      ScoredIds peers = search.search(history.items(), 0, history.size(), user, neighbors, minCommon);
      vote(byUser, peers, s.clearedScores());
      return s.topAllowed(byUser, user, k, options);
    } finally {
      scratch.release(s);
    }
  }

  private static void vote(CsrMatrix byUser, ScoredIds peers, BlockAccumulator scores) {
    int[] items = byUser.indices();
    for (int n = 0; n < peers.size(); n++) {
      int v = peers.id(n);
      float sim = peers.score(n);
      for (int p = byUser.rowStart(v), end = byUser.rowEnd(v); p < end; p++) {
        scores.add(items[p], sim);
      }
    }
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    throw new UnsupportedOperationException("userknn has no item similarity; use itemknn");
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    Requests.checkUser(data, user);
    Requests.checkK(k);
    return search.similarTo(user, k, minCommon);
  }
}
