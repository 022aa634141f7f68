package io.swarmrec.algo;

/**
 * A {@link Recommender} whose scores compare a user vector with items' content vectors, and which can
 * therefore score an item from its vector alone, also an item published after the snapshot was built
 * (not in its dictionary): the service uses it to show new items before the next rebuild. Thread-safe.
 */
public interface ItemVectorScorer {

  /** Components of the content vectors this model compares. */
  int dimensions();

  /**
   * Writes the user vector of this request into {@code out} (length {@link #dimensions()}): the same one
   * {@link Recommender#recommend} ranks with, from {@code user}'s snapshot history ({@code -1}: unknown) and
   * {@code options}' extra history. Returns false, and the caller has nothing to score, when there is none.
   */
  boolean userVector(int user, RecOptions options, float[] out);

  /**
   * The score of an item with content vector {@code itemVector} for {@code userVector}, on the scale of
   * {@link Recommender#recommend}'s scores so the two can be merged.
   */
  float score(float[] userVector, float[] itemVector);
}
