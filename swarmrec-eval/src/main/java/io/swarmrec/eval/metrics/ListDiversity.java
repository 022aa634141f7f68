package io.swarmrec.eval.metrics;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.core.matrix.CsrMatrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Beyond-accuracy metrics of the ranked lists themselves, next to {@link RankingMetrics}' coverage and
 * Gini, for several cut-offs K in one pass over each list:
 *
 * <ul>
 *   <li>ild@K, intra-list diversity: the mean over pairs of the top K of {@code 1 - sim(i, j)} (Smyth and
 *       McClave, "Similarity vs. diversity", ICCBR 2001; Ziegler et al., "Improving recommendation lists
 *       through topic diversification", WWW 2005), averaged over the users whose list has at least two
 *       items. With the default similarity, the co-occurrence cosine of the training data
 *       ({@link ItemSimilarity#cooccurrence}), it is the same yardstick for every model.
 *   <li>novelty@K: the mean self-information {@code -log2 p(i)} of the top K items, {@code p(i)} the share of
 *       training users who hold item i (Zhou et al., "Solving the apparent diversity-accuracy dilemma of
 *       recommender systems", PNAS 2010; Vargas and Castells, RecSys 2011); an item nobody holds counts as
 *       held by one user. Averaged over users with a non-empty list.
 * </ul>
 *
 * <p>Cost per user: K(K-1)/2 similarity calls at the largest K (190 at K = 20). One instance per thread;
 * {@link #merge} combines them. Keys of {@link #values()}: {@code ild@10}, ..., {@code novelty@10}, ...
 */
public final class ListDiversity {
  private final int[] ks;
  private final int maxK;
  private final ItemSimilarity similarity;
  private final double[] selfInformation;
  private final double[] ild;
  private final int[] ildUsers;
  private final double[] novelty;
  private final int[] noveltyUsers;

  /**
   * @param ks the cut-offs, each >= 1
   * @param similarity the similarity of intra-list diversity
   * @param selfInformation {@code -log2 p(i)} per item ({@link #selfInformation(CsrMatrix, int)})
   */
  public ListDiversity(int[] ks, ItemSimilarity similarity, double[] selfInformation) {
    this.ks = Arrays.stream(ks).sorted().distinct().toArray();
    if (this.ks.length == 0 || this.ks[0] < 1) {
      throw new IllegalArgumentException("cut-offs must be >= 1, got " + Arrays.toString(ks));
    }
    this.maxK = this.ks[this.ks.length - 1];
    this.similarity = similarity;
    this.selfInformation = selfInformation;
    this.ild = new double[this.ks.length];
    this.ildUsers = new int[this.ks.length];
    this.novelty = new double[this.ks.length];
    this.noveltyUsers = new int[this.ks.length];
  }

  /** {@code -log2(|U(i)| / users)} for every item of the item-major training matrix, {@code |U(i)|} at least 1. */
  public static double[] selfInformation(CsrMatrix byItem, int users) {
    double[] out = new double[byItem.rows()];
    for (int i = 0; i < out.length; i++) {
      out[i] = -Math.log(Math.max(1, byItem.rowLength(i)) / (double) Math.max(1, users)) / Math.log(2);
    }
    return out;
  }

  /** The same metrics, empty, for another thread. */
  public ListDiversity fresh() {
    return new ListDiversity(ks, similarity, selfInformation);
  }

  /** Adds one user's list: the first {@code length} of {@code ranked} (capped at the largest K). */
  public void add(int[] ranked, int length) {
    int n = Math.min(length, maxK);
    double dissimilarity = 0; // summed over the pairs of the first r items
    double information = 0;
    int j = 0;
    for (int r = 0; r < n && j < ks.length; r++) {
      for (int q = 0; q < r; q++) {
        dissimilarity += 1 - similarity.similarity(ranked[r], ranked[q]);
      }
      information += selfInformation[ranked[r]];
      while (j < ks.length && (r + 1 == ks[j] || r + 1 == n)) {
        record(j, r + 1, dissimilarity, information);
        j++;
      }
    }
    // cut-offs beyond an empty list: nothing to add
  }

  private void record(int j, int items, double dissimilarity, double information) {
    if (items >= 2) {
      ild[j] += dissimilarity / (items * (items - 1) / 2.0);
      ildUsers[j]++;
    }
    novelty[j] += information / items;
    noveltyUsers[j]++;
  }

  /** Adds what {@code other} accumulated (same cut-offs). */
  public void merge(ListDiversity other) {
    if (!Arrays.equals(ks, other.ks)) {
      throw new IllegalArgumentException("cannot merge metrics of different cut-offs");
    }
    for (int j = 0; j < ks.length; j++) {
      ild[j] += other.ild[j];
      ildUsers[j] += other.ildUsers[j];
      novelty[j] += other.novelty[j];
      noveltyUsers[j] += other.noveltyUsers[j];
    }
  }

  /** ild@K and novelty@K for each cut-off; 0 while no user counted. */
  public Map<String, Double> values() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < ks.length; j++) {
      out.put("ild@" + ks[j], ildUsers[j] == 0 ? 0 : ild[j] / ildUsers[j]);
    }
    for (int j = 0; j < ks.length; j++) {
      out.put("novelty@" + ks[j], noveltyUsers[j] == 0 ? 0 : novelty[j] / noveltyUsers[j]);
    }
    return out;
  }
}
