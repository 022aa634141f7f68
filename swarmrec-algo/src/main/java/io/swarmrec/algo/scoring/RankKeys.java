package io.swarmrec.algo.scoring;

/**
 * Ranking as a sort of primitive longs: a score and an id packed so that ascending {@code long} order
 * is descending score, then ascending id. Sorting a {@code long[]} needs no comparator, no boxing and
 * no index array, and ties resolve the way {@link io.swarmrec.core.topk.TopK} resolves them, so a
 * precomputed ranking and a heap selection agree to the last place.
 */
public final class RankKeys {
  private RankKeys() {}

  /** Key ordering larger {@code value} first, then smaller {@code id}; {@code id} must be >= 0. */
  public static long descending(int value, int id) {
    return ((long) ~value << 32) | id;
  }

  /** Key ordering larger {@code score} first, then smaller {@code id}; -0 and +0 tie. NaN must not occur. */
  public static long descending(float score, int id) {
    return descending(flipNegatives(Float.floatToIntBits(score + 0f)), id);
  }

  /** The score packed by {@link #descending(float, int)} (-0 comes back as +0). */
  public static float score(long key) {
    return Float.intBitsToFloat(flipNegatives(~(int) (key >>> 32)));
  }

  /** Maps IEEE float bits to ints with the same order, and back (the map is its own inverse). */
  private static int flipNegatives(int bits) {
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** The id packed in a key. */
  public static int id(long key) {
    return (int) key;
  }
}
