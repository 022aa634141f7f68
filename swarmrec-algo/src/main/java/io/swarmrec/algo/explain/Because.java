package io.swarmrec.algo.explain;

import java.util.Arrays;

/**
 * Why one item was recommended: up to a few of the user's history items with a value each, or a
 * non-personal reason. Immutable (callers must not write into the arrays).
 *
 * @param kind what {@code values} mean
 * @param items history items (dense ids), strongest first; empty for {@link Kind#POPULAR},
 *     {@link Kind#TRENDING} and {@link Kind#NONE}
 * @param values per history item: its share of the score for {@link Kind#CONTRIBUTION}, its similarity to
 *     the recommended item for {@link Kind#SIMILARITY}
 */
public record Because(Kind kind, int[] items, float[] values) {
  private static final int[] NO_ITEMS = new int[0];
  private static final float[] NO_VALUES = new float[0];

  /** The reason of a non-personal model. */
  public static final Because POPULAR = new Because(Kind.POPULAR, NO_ITEMS, NO_VALUES);
  public static final Because TRENDING = new Because(Kind.TRENDING, NO_ITEMS, NO_VALUES);
  /** No explanation: the model has neither a score attribution nor an item similarity, or nothing in the history relates. */
  public static final Because NONE = new Because(Kind.NONE, NO_ITEMS, NO_VALUES);

  /** What a {@link Because} rests on. */
  public enum Kind {
    /**
     * The score is a sum over history items (neighbour, linear and graph-filter models): each listed item's
     * share of the positive part of that sum, in (0, 1], summing to at most 1.
     */
    CONTRIBUTION,
    /** The nearest history items by the model's item similarity (factor or content cosine), in (0, 1]. */
    SIMILARITY,
    POPULAR,
    TRENDING,
    NONE
  }

  public Because {
    if (items.length != values.length) {
      throw new IllegalArgumentException("items and values differ in length");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Because b && kind == b.kind && Arrays.equals(items, b.items) && Arrays.equals(values, b.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + Arrays.hashCode(items)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(kind.name()).append('[');
    for (int i = 0; i < items.length; i++) {
      b.append(i == 0 ? "" : ", ").append(items[i]).append(':').append(values[i]);
    }
    return b.append(']').toString();
  }
}
