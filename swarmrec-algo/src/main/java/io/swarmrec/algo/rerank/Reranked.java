package io.swarmrec.algo.rerank;

import io.swarmrec.core.topk.ScoredIds;

/**
 * A re-ranked list and, per position, which rule put the item there (for {@code because} and for
 * impressions). Immutable by convention.
 */
public final class Reranked {
  /** Why an item is at its position. */
  public enum Source {
    /** A candidate, in the order the rules left (diversity, caps). */
    RANKED,
    /** A candidate whose score a boost multiplied. */
    BOOSTED,
    /** A pinned item. */
    PINNED,
    /** Drawn from the exploration pool. */
    EXPLORED
  }

  private static final Source[] SOURCES = Source.values();
  private final ScoredIds list;
  private final byte[] sources;

  Reranked(ScoredIds list, byte[] sources) {
    this.list = list;
    this.sources = sources;
  }

  /**
   * The items, in list order, with the (boosted) model score of each candidate. A pinned or explored item
   * carries the score of the candidate listed before it (of the first candidate when it is on top, 0 when
   * the list has no candidate), so scores still read as a ranking.
   */
  public ScoredIds list() {
    return list;
  }

  public int size() {
    return list.size();
  }

  public Source source(int rank) {
    return SOURCES[sources[rank]];
  }
}
