package io.swarmrec.algo;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.function.IntUnaryOperator;

/**
 * The similarity of two items, in the model's own terms (see {@link Recommender#itemSimilarity()}), for
 * diversity re-ranking (maximal marginal relevance) and for explanations by nearest history item. Symmetric
 * in intent; 1 for identical items at most, 0 for items the model knows nothing in common about. Cheap
 * enough to call O(k * pool) times per request: a neighbour-list lookup, a dot product of factor or content
 * rows, or a sorted-list intersection for {@link #cooccurrence}. Thread-safe.
 */
@FunctionalInterface
public interface ItemSimilarity {

  /** The similarity of dense items {@code a} and {@code b}, about in [-1, 1] (cosine-like). */
  float similarity(int a, int b);

  /**
   * The fallback for models without a similarity of their own: the cosine of the items' binary user
   * columns, {@code |U(a) ∩ U(b)| / sqrt(|U(a)| |U(b)|)} (the co-occurrence cosine of item-kNN). It keeps
   * {@code data}'s item-major copy for as long as it lives: a serving process that released that copy
   * ({@link Recommender#servingNeeds()}) rebuilds it here, O(interactions) time and 4 bytes per interaction
   * plus 4 per item (the user lists only), so build one per model snapshot, not per request.
   */
  static ItemSimilarity cooccurrence(Interactions data) {
    return new CooccurrenceCosine(data.byItem());
  }

  /**
   * The cosine of the items' rows of {@code rows} (factor or content vectors); {@code rowOf} maps a dense
   * item to its row, negative for none (similarity 0). Computes the row norms once, here.
   */
  static ItemSimilarity cosineOfRows(DenseMatrix rows, IntUnaryOperator rowOf) {
    return new RowCosine(rows, rowOf);
  }

  /** {@code model}'s own similarity, else {@link #cooccurrence} over its data. */
  static ItemSimilarity of(Recommender model) {
    ItemSimilarity own = model.itemSimilarity();
    return own != null ? own : cooccurrence(model.data());
  }
}
