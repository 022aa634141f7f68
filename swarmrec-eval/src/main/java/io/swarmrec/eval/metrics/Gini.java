package io.swarmrec.eval.metrics;

import java.util.Arrays;

/**
 * The Gini index of how often each catalogue item was recommended: 0 when every item is recommended
 * equally often, (n-1)/n when one item takes every slot. Items never recommended count as zeros, so a
 * recommender that ignores most of the catalogue scores high (the "diversity" Gini of Adomavicius and
 * Kwon, IEEE TKDE 2012; the same computation as RecBole's GiniIndex). With counts sorted ascending,
 * G = sum_i (2i - n - 1) x_i / (n * sum_i x_i), i = 1..n.
 */
final class Gini {
  private Gini() {}

  static double of(int[] counts) {
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double weighted = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
      total += sorted[i];
    }
    return total == 0 ? 0 : weighted / (n * total);
  }
}
