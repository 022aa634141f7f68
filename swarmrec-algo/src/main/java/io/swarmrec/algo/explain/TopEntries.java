package io.swarmrec.algo.explain;

/**
 * Picks the few largest positive entries of a history-length array for a {@link Because}: a partial
 * selection in O(|history| * max), ties to the smaller item id so that explanations are reproducible.
 */
final class TopEntries {
  private TopEntries() {}

  /** The {@code max} largest positive contributions, as shares of the sum of all positive ones. */
  static Because shares(int[] history, float[] contributions, int max) {
    double positive = 0;
    for (float c : contributions) {
      if (c > 0) {
        positive += c;
      }
    }
    if (!(positive > 0)) {
      return Because.NONE;
    }
    int[] top = top(history, contributions, max);
    float[] shares = new float[top.length];
    int[] items = new int[top.length];
    for (int n = 0; n < top.length; n++) {
      items[n] = history[top[n]];
      shares[n] = (float) (contributions[top[n]] / positive);
    }
    return new Because(Because.Kind.CONTRIBUTION, items, shares);
  }

  /** The {@code max} most similar history items with a positive similarity. */
  static Because nearest(int[] history, float[] similarities, int max) {
    int[] top = top(history, similarities, max);
    if (top.length == 0) {
      return Because.NONE;
    }
    int[] items = new int[top.length];
    float[] values = new float[top.length];
    for (int n = 0; n < top.length; n++) {
      items[n] = history[top[n]];
      values[n] = Math.min(1f, similarities[top[n]]);
    }
    return new Because(Because.Kind.SIMILARITY, items, values);
  }

  /** Positions of the up to {@code max} largest positive values, largest first, ties to the smaller item. */
  private static int[] top(int[] history, float[] values, int max) {
    int[] best = new int[Math.min(max, values.length)];
    int size = 0;
    for (int p = 0; p < values.length; p++) {
      float v = values[p];
      if (!(v > 0)) {
        continue;
      }
      int at = size;
      while (at > 0 && better(v, history[p], values[best[at - 1]], history[best[at - 1]])) {
        at--;
      }
      if (at >= best.length) {
        continue;
      }
      int end = Math.min(size, best.length - 1);
      System.arraycopy(best, at, best, at + 1, end - at);
      best[at] = p;
      size = Math.min(size + 1, best.length);
    }
    return java.util.Arrays.copyOf(best, size);
  }

  private static boolean better(float v, int item, float w, int other) {
    return v > w || (v == w && item < other);
  }
}
