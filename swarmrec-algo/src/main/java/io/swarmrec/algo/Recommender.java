package io.swarmrec.algo;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A trained recommender over one immutable {@link Interactions} snapshot. All ids are dense ints of that
 * snapshot's dictionaries. Implementations are immutable after training and safe to call from many threads.
 */
public interface Recommender {

  /** The algorithm name, as accepted by {@link Algorithms#train}. */
  String name();

  /** The data it was trained on. */
  Interactions data();

  /**
   * The best {@code k} items for {@code user}, best first. {@code user} may be {@code -1} (unknown to the
   * snapshot): the answer then rests on {@link RecOptions#extraItems()} alone, or on whatever the algorithm
   * falls back to. Items the user has seen are left out unless the options say otherwise.
   */
  ScoredIds recommend(int user, int k, RecOptions options);

  /** The {@code k} items most similar to {@code item}, the item itself excluded. */
  ScoredIds similarItems(int item, int k);

  /** The {@code k} users most similar to {@code user}, the user excluded. */
  ScoredIds similarUsers(int user, int k);

  /**
   * How this model measures the similarity of two items (its neighbour lists, the cosine of its factor or
   * content vectors), for diversity re-ranking and explanations; null when it has none of its own, and
   * callers then use {@link ItemSimilarity#cooccurrence}. Reads nothing that {@link #servingNeeds} leaves
   * out.
   */
  default ItemSimilarity itemSimilarity() {
    return null;
  }

  /**
   * How this model splits a score into the parts of the user's history items, for explanations; null when
   * its score is no such sum (factor models, popularity, user-kNN).
   */
  default ScoreAttribution scoreAttribution() {
    return null;
  }

  /**
   * The parts of {@link #data()} this model reads while answering (after training), so that a serving
   * process can {@link Interactions#release} the others. The default, everything, is always safe; a model
   * that declares less must never read what it left out. User rows' item ids are always kept.
   */
  default Set<Interactions.Part> servingNeeds() {
    return EnumSet.allOf(Interactions.Part.class);
  }

  /**
   * Positions into {@code users} in the order that scores them fastest one {@link #recommend} after another
   * (users whose requests read the same data next to each other, so that it is still in cache); answers never
   * depend on it. The default keeps the given order.
   */
  default int[] batchOrder(int[] users) {
    return IntStream.range(0, users.length).toArray();
  }

  /** {@link #recommend} for many users, on every core; one array slot per input user, in order. */
  default ScoredIds[] recommendAll(int[] users, int k, RecOptions options) {
    ScoredIds[] out = new ScoredIds[users.length];
    IntStream.range(0, users.length).parallel().forEach(i -> out[i] = recommend(users[i], k, options));
    return out;
  }
}
