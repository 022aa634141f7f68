package io.swarmrec.algo.explain;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ScoreAttribution;
import io.swarmrec.algo.scoring.UserHistory;
import io.swarmrec.algo.scoring.HistoryWeighting;

/**
 * Explanations of recommended items ({@code explain=true}): for each item, the user's history items that
 * account for it, in the terms of the model that ranked it.
 *
 * <ul>
 *   <li>Models whose score is a sum over history items ({@link Recommender#scoreAttribution()}: item-kNN,
 *       EASE, GF-CF, BSPM) list the history items with the largest positive contributions and their share
 *       of the positive part of the score: the "because you liked" explanation of neighbourhood models
 *       (Herlocker, Konstan and Riedl, "Explaining collaborative filtering recommendations", CSCW 2000),
 *       exact here because the score decomposes. A candidate's centring offset or any other term no history
 *       item owns is left out of the shares.
 *   <li>Models with an item similarity but no such sum (factor models: the cosine of item factors;
 *       content: the cosine of content vectors) list the history items nearest to the item, with the
 *       similarity, as Oryx's {@code /because} does for ALS. The user vector of a factor model is not a sum
 *       of history factors, so this is the usual proxy rather than an exact attribution.
 *   <li>Popularity models answer {@link Because#POPULAR} or {@link Because#TRENDING}.
 *   <li>Any other model (user-kNN, blends) uses the {@code fallback} similarity when one is given (e.g.
 *       {@link ItemSimilarity#cooccurrence}), else {@link Because#NONE}.
 * </ul>
 *
 * <p>Cost: one attribution call (item-kNN O(|history| * items * log neighbours); a linear model one
 * scoring pass per attributed history item), or O(|history| * items) similarity calls. Off the plain
 * request path: only asked-for explanations pay it.
 */
public final class Explainer {
  /** The most history items an explanation lists (the contract). */
  public static final int MAX_ITEMS = 3;

  private Explainer() {}

  /** {@link #explain(Recommender, int, RecOptions, int[], int, ItemSimilarity)} with up to {@value #MAX_ITEMS} items and no fallback. */
  public static Because[] explain(Recommender model, int user, RecOptions options, int[] items) {
    return explain(model, user, options, items, MAX_ITEMS, null);
  }

  /**
   * Why {@code model} recommends each of {@code items} (dense ids) to {@code user} ({@code -1}: unknown)
   * with {@code options}' extra history: one {@link Because} per item, in order, each listing at most
   * {@code max} history items.
   */
  public static Because[] explain(Recommender model, int user, RecOptions options, int[] items, int max,
      ItemSimilarity fallback) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got " + max);
    }
    int numItems = model.data().numItems();
    for (int j : items) {
      if (j < 0 || j >= numItems) {
        throw new IllegalArgumentException("item id " + j + " not in [0, " + numItems + ")");
      }
    }
    Because[] out = new Because[items.length];
    String name = model.name();
    if (name.equals("pop") || name.equals("trending")) {
      java.util.Arrays.fill(out, name.equals("pop") ? Because.POPULAR : Because.TRENDING);
      return out;
    }
    ScoreAttribution attribution = model.scoreAttribution();
    if (attribution != null) {
      ScoreAttribution.Contributions c = attribution.contributions(user, options, items);
      for (int i = 0; i < items.length; i++) {
        out[i] = TopEntries.shares(c.history(), c.byItem()[i], max);
      }
      return out;
    }
    ItemSimilarity similarity = model.itemSimilarity() != null ? model.itemSimilarity() : fallback;
    if (similarity == null) {
      java.util.Arrays.fill(out, Because.NONE);
      return out;
    }
    int[] history = history(model, user, options);
    float[] sims = new float[history.length];
    for (int i = 0; i < items.length; i++) {
      for (int n = 0; n < history.length; n++) {
        sims[n] = similarity.similarity(items[i], history[n]);
      }
      out[i] = TopEntries.nearest(history, sims, max);
    }
    return out;
  }

  /** The user's distinct history items: the snapshot row and the request's extra items. */
  private static int[] history(Recommender model, int user, RecOptions options) {
    UserHistory h = new UserHistory(model.data().numItems());
    h.load(model.data().byUser(), user, options, HistoryWeighting.BINARY);
    return java.util.Arrays.copyOf(h.items(), h.size());
  }
}
