package io.swarmrec.algo.userknn;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.ParamBounds;
import io.swarmrec.core.matrix.Interactions;

/**
 * User-based k-nearest-neighbour recommender ({@code userknn}): neighbours are found per request
 * through the item index, nothing is precomputed (see {@link NeighbourVoteRecommender}). Parameters
 * (all optional):
 *
 * <ul>
 *   <li>{@code neighbors} (50): neighbours that vote;
 *   <li>{@code min_common} (1): items a neighbour must share with the user;
 *   <li>{@code max_item_users} (5000): users of one item counted per query; a more popular item is
 *       sampled deterministically down to this many.
 * </ul>
 */
public final class UserKnn {
  private UserKnn() {}

  /** Trains {@code userknn} on {@code data} (cheap: it only keeps the data and the settings). */
  public static Recommender train(Interactions data, Params params) {
    int neighbors = ParamBounds.atLeast(params, "neighbors", 50, 1);
    int minCommon = ParamBounds.atLeast(params, "min_common", 1, 1);
    int maxItemUsers = ParamBounds.atLeast(params, "max_item_users", 5000, 1);
    return new NeighbourVoteRecommender(data, neighbors, minCommon, maxItemUsers);
  }
}
