package io.swarmrec.algo;

/**
 * Per-request options for {@link Recommender#recommend}.
 *
 * @param excludeSeen leave out the items in the user's history (the snapshot's and the extra ones)
 * @param exclude dense item ids never to return (may be empty)
 * @param extraItems items the user interacted with after the snapshot was built (real-time overlay);
 *     they count as history for scoring and, with {@code excludeSeen}, are excluded
 * @param extraWeights weights of {@code extraItems}, same length
 */
public record RecOptions(boolean excludeSeen, int[] exclude, int[] extraItems, float[] extraWeights) {
  private static final int[] NONE = new int[0];
  private static final float[] NO_WEIGHTS = new float[0];

  /** Exclude seen items, nothing else. */
  public static final RecOptions DEFAULT = new RecOptions(true, NONE, NONE, NO_WEIGHTS);

  public RecOptions {
    exclude = exclude == null ? NONE : exclude;
    extraItems = extraItems == null ? NONE : extraItems;
    extraWeights = extraWeights == null ? NO_WEIGHTS : extraWeights;
    if (extraItems.length != extraWeights.length) {
      throw new IllegalArgumentException("extraItems and extraWeights differ in length");
    }
  }

  public RecOptions withExclude(int[] items) {
    return new RecOptions(excludeSeen, items, extraItems, extraWeights);
  }

  public RecOptions withExtraHistory(int[] items, float[] weights) {
    return new RecOptions(excludeSeen, exclude, items, weights);
  }

  public RecOptions withExcludeSeen(boolean on) {
    return new RecOptions(on, exclude, extraItems, extraWeights);
  }
}
