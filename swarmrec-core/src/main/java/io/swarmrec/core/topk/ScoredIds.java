package io.swarmrec.core.topk;

import java.util.Arrays;

/**
 * A ranked list of dense ids with scores, best first. Two parallel primitive arrays: no boxing, cheap to
 * cache and to encode. Instances are immutable by convention: callers must not write into the arrays.
 */
public final class ScoredIds {
  private static final ScoredIds EMPTY = new ScoredIds(new int[0], new float[0]);

  private final int[] ids;
  private final float[] scores;

  public ScoredIds(int[] ids, float[] scores) {
    if (ids.length != scores.length) {
      throw new IllegalArgumentException("ids and scores differ in length");
    }
    this.ids = ids;
    this.scores = scores;
  }

  public static ScoredIds empty() {
    return EMPTY;
  }

  public int size() {
    return ids.length;
  }

  public int id(int rank) {
    return ids[rank];
  }

  public float score(int rank) {
    return scores[rank];
  }

  /** The ids, best first. Read-only. */
  public int[] ids() {
    return ids;
  }

  /** The scores, best first. Read-only. */
  public float[] scores() {
    return scores;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredIds s && Arrays.equals(ids, s.ids) && Arrays.equals(scores, s.scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ids.length; i++) {
      b.append(i == 0 ? "" : ", ").append(ids[i]).append(':').append(scores[i]);
    }
    return b.append(']').toString();
  }
}
