package io.swarmrec.algo.scoring;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;

/**
 * Everything one item-scoring request writes to, allocated once per pooled slot: the user's history,
 * the item score accumulator, the exclusion filter and the top-k heap: about 22 bytes per catalogue
 * item, 4.4 MB for 200,000 items. Not thread-safe: take one from a {@link ScratchPool} per request.
 */
public final class ItemScratch {
  private final UserHistory history;
  private final BlockAccumulator scores;
  private final ItemFilter filter;
  private final TopK heap = new TopK(64);

  public ItemScratch(int numItems) {
    history = new UserHistory(numItems);
    scores = new BlockAccumulator(numItems);
    filter = new ItemFilter(numItems);
  }

  public UserHistory history() {
    return history;
  }

  /** The score accumulator, cleared. */
  public BlockAccumulator clearedScores() {
    scores.clear();
    return scores;
  }

  /** The {@code k} best accumulated items that {@code options} does not exclude for {@code user}. */
  public ScoredIds topAllowed(CsrMatrix byUser, int user, int k, RecOptions options) {
    filter.load(byUser, user, options);
    return scores.top(k, filter, heap, null, null);
  }

  /**
   * As {@link #topAllowed(CsrMatrix, int, int, RecOptions)} for scores accumulated in a renumbering of
   * the items ({@code slotOf[item]}, {@code itemAt[slot]}), ranked by score plus {@code offsets[slot]}
   * ({@code null}: none).
   */
  public ScoredIds topAllowed(CsrMatrix byUser, int user, int k, RecOptions options, float[] offsets, int[] slotOf,
      int[] itemAt) {
    filter.load(byUser, user, options, slotOf);
    return scores.top(k, filter, heap, offsets, itemAt);
  }
}
