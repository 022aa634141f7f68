package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.HistoryWeighting;
import io.swarmrec.core.TimeDecay;
import io.swarmrec.core.matrix.Interactions;

/**
 * Item-based k-nearest-neighbour recommender ({@code itemknn}).
 *
 * <p>Training keeps, for every item, its {@code neighbors} most similar items (see
 * {@link CooccurrenceBuild} for how, {@link PairSimilarity} for the measures); a request sums the
 * user's history items' neighbour lists. Parameters (all optional):
 *
 * <ul>
 *   <li>{@code neighbors} (100): neighbours kept per item;
 *   <li>{@code sim} (cosine): {@code cosine}, {@code jaccard} or {@code asymmetric};
 *   <li>{@code shrink} (0): added to every similarity denominator;
 *   <li>{@code alpha} (0.5, only with {@code sim=asymmetric}): weight of the history item's norm;
 *   <li>{@code binary} (true): every interaction counts 1; false uses the weights, which must then be
 *       positive;
 *   <li>{@code threads} (all cores): build threads; the result does not depend on it;
 *   <li>{@code max_history} (1000): for the similarity build only, each user's history is cut to the
 *       most recent (undated: heaviest) {@code max_history} items, bounding the quadratic cost of very
 *       long histories;
 *   <li>{@code normalize} (false): scale each item's neighbour similarities to sum to one;
 *   <li>{@code half_life_days} (0 = off): when scoring, decay each history item by
 *       {@code 2^(-age / half-life)}, age measured from the latest event in the data.
 * </ul>
 */
public final class ItemKnn {
  private ItemKnn() {}

  /** Trains {@code itemknn} on {@code data}. */
  public static Recommender train(Interactions data, Params params) {
    ItemKnnConfig config = ItemKnnConfig.from(params);
    NeighbourIndex index = CooccurrenceBuild.run(data, config);
    return new ItemNeighbourRecommender(data, index, weighting(data, config));
  }

  /** Bytes held by the neighbour index of an item-kNN model (its training data excluded). */
  public static long indexBytes(Recommender model) {
    if (!(model instanceof ItemNeighbourRecommender knn)) {
      throw new IllegalArgumentException("not an itemknn model: " + model.name());
    }
    return knn.index().sizeInBytes();
  }

  private static HistoryWeighting weighting(Interactions data, ItemKnnConfig config) {
    long latest = data.latestEpochSecond();
    if (config.halfLifeDays() == 0 || latest == Long.MIN_VALUE) {
      return new HistoryWeighting(config.binary(), null, 0);
    }
    long seconds = Math.max(1, Math.round(config.halfLifeDays() * 86_400));
    return new HistoryWeighting(config.binary(), TimeDecay.halfLife(seconds), latest);
  }
}
