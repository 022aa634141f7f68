package io.swarmrec.core.vector;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.function.IntPredicate;

/**
 * Per-thread working memory of one full-ranking request: the user's history (snapshot row merged with
 * the request's extra events), a dense score per item, the mask of ids not to return and the top-k heap.
 * Allocated once per thread and catalogue size, so a request allocates only its answer.
 *
 * <p>Typical use by a model: {@link #loadHistory}, fill {@link #scores()} from the history, then
 * {@link #select}. Not thread-safe: keep one per thread (a {@code ThreadLocal}).
 */
public final class RankingScratch {
  private final int items;
  private final float[] scores;
  private final StampSet skip;
  private final TopK heap = new TopK(32);
  private final SparseVector history = new SparseVector(64);

  public RankingScratch(int items) {
    this.items = items;
    this.scores = new float[items];
    this.skip = new StampSet(items);
  }

  /** One score per item, to be filled by the model before {@link #select}. */
  public float[] scores() {
    return scores;
  }

  public SparseVector history() {
    return history;
  }

  /**
   * Loads row {@code user} of {@code byUser} ({@code user == -1}: an unknown user, empty row) and merges the
   * extra events into it. Ids out of range are rejected with {@link IllegalArgumentException}.
   */
  public SparseVector loadHistory(CsrMatrix byUser, int user, int[] extraItems, float[] extraWeights) {
    if (user < -1 || user >= byUser.rows()) {
      throw new IllegalArgumentException("user " + user + " out of range [-1, " + byUser.rows() + ")");
    }
    checkItems(extraItems, "extra item");
    history.setRow(byUser, user);
    history.mergeAll(extraItems, extraWeights);
    return history;
  }

  /** The best {@code k} items by {@link #scores()}, without the history (when asked) and {@code exclude}. */
  public ScoredIds select(int k, boolean excludeSeen, int[] exclude) {
    return select(scores, k, excludeSeen, exclude);
  }

  /** As {@link #select(int, boolean, int[])} over another score array (batch scoring keeps one per user). */
  public ScoredIds select(float[] scores, int k, boolean excludeSeen, int[] exclude) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    mask(excludeSeen, exclude);
    return DenseTopK.select(scores, items, k, skip, heap);
  }

  /**
   * The items {@link #select} would let through, as a predicate for retrieval that does not score every
   * item (an ANN index): false for the history (when asked) and {@code exclude}. Valid until the next call
   * on this scratch.
   */
  public IntPredicate allowed(boolean excludeSeen, int[] exclude) {
    mask(excludeSeen, exclude);
    return id -> !skip.contains(id);
  }

  private void mask(boolean excludeSeen, int[] exclude) {
    checkItems(exclude, "excluded item");
    skip.clear();
    if (excludeSeen) {
      history.markIn(skip);
    }
    for (int id : exclude) {
      skip.add(id);
    }
  }

  private void checkItems(int[] ids, String what) {
    for (int id : ids) {
      if (id < 0 || id >= items) {
        throw new IllegalArgumentException(what + " " + id + " out of range [0, " + items + ")");
      }
    }
  }
}
