package io.swarmrec.eval.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates top-K ranking metrics over users, for several cut-offs K in one pass over each ranked list
 * (computed once, at the largest K). Binary relevance; every average is over the users added.
 *
 * <ul>
 *   <li>recall@K = hits in the top K / |relevant|, where |relevant| counts every relevant item, also those
 *       that cannot be recommended (unknown to training);
 *   <li>ndcg@K = DCG / ideal DCG with gains 1 and discount 1/log2(rank + 1), ranks from 1, the ideal over
 *       min(|relevant|, K) hits (Jarvelin and Kekalainen, ACM TOIS 2002);
 *   <li>precision@K = hits / K, also for lists shorter than K; hr@K = 1 when there is any hit;
 *   <li>map@K: AP@K = sum over hit ranks r of precision@r, divided by min(|relevant|, K);
 *   <li>mrr: 1 / rank of the first hit within the largest K, 0 without one;
 *   <li>coverage@K = distinct items recommended in the top K / catalogue size, and gini@K, the Gini index
 *       of how often each catalogue item appears in a top K (see {@link Gini}).
 * </ul>
 *
 * <p>One instance per thread; {@link #merge} combines them. Allocation-free per user. Keys of
 * {@link #values()} are {@code recall@10}, {@code ndcg@10}, {@code precision@10}, {@code hr@10},
 * {@code map@10}, {@code mrr}, {@code coverage@10}, {@code gini@10}, in that order, each cut-off ascending.
 */
public final class RankingMetrics {
  private final int[] ks;
  private final int maxK;
  private final double[] discount; // discount[r] = 1 / log2(r + 2) for 0-based rank r
  private final double[] idealDcg; // idealDcg[m] = sum of the first m discounts
  private final double[] recall;
  private final double[] ndcg;
  private final double[] precision;
  private final double[] hitRate;
  private final double[] averagePrecision;
  private final int[][] itemCounts; // per cut-off, how many top lists hold each item
  private double reciprocalRank;
  private int users;

  /**
   * @param ks the cut-offs, each >= 1 (sorted and de-duplicated here)
   * @param numItems the catalogue size, for coverage and Gini
   */
  public RankingMetrics(int[] ks, int numItems) {
    this.ks = Arrays.stream(ks).sorted().distinct().toArray();
    if (this.ks.length == 0 || this.ks[0] < 1) {
      throw new IllegalArgumentException("cut-offs must be >= 1, got " + Arrays.toString(ks));
    }
    if (numItems < 1) {
      throw new IllegalArgumentException("catalogue is empty");
    }
    maxK = this.ks[this.ks.length - 1];
    discount = new double[maxK];
    idealDcg = new double[maxK + 1];
    for (int r = 0; r < maxK; r++) {
      discount[r] = 1 / (Math.log(r + 2) / Math.log(2));
      idealDcg[r + 1] = idealDcg[r] + discount[r];
    }
    int n = this.ks.length;
    recall = new double[n];
    ndcg = new double[n];
    precision = new double[n];
    hitRate = new double[n];
    averagePrecision = new double[n];
    itemCounts = new int[n][numItems];
  }

  /** The sorted, distinct cut-offs. */
  public int[] ks() {
    return ks.clone();
  }

  /** The largest cut-off: how long a ranked list {@link #add} needs. */
  public int maxK() {
    return maxK;
  }

  /** Users added so far. */
  public int users() {
    return users;
  }

  /**
   * Adds one user's ranked list.
   *
   * @param ranked recommended item ids, best first; only the first {@code length} count (capped at
   *     {@link #maxK()})
   * @param hit {@code hit[r]} tells whether {@code ranked[r]} is relevant
   * @param relevant the user's number of relevant items, including unreachable ones; >= 1
   */
  public void add(int[] ranked, boolean[] hit, int length, int relevant) {
    if (relevant < 1) {
      throw new IllegalArgumentException("a user without relevant items cannot be evaluated");
    }
    int n = Math.min(length, maxK);
    int r = 0;
    int hits = 0;
    int firstHit = -1;
    double dcg = 0;
    double precisionSum = 0;
    for (int j = 0; j < ks.length; j++) {
      int k = ks[j];
      for (int upTo = Math.min(n, k); r < upTo; r++) {
        if (hit[r]) {
          hits++;
          dcg += discount[r];
          precisionSum += hits / (double) (r + 1);
          if (firstHit < 0) {
            firstHit = r;
          }
        }
      }
      int ideal = Math.min(relevant, k);
      recall[j] += hits / (double) relevant;
      ndcg[j] += dcg / idealDcg[ideal];
      precision[j] += hits / (double) k;
      hitRate[j] += hits > 0 ? 1 : 0;
      averagePrecision[j] += precisionSum / ideal;
      countItems(itemCounts[j], ranked, Math.min(n, k));
    }
    reciprocalRank += firstHit < 0 ? 0 : 1.0 / (firstHit + 1);
    users++;
  }

  /** Adds the users accumulated by {@code other} (same cut-offs and catalogue). */
  public void merge(RankingMetrics other) {
    if (!Arrays.equals(ks, other.ks) || itemCounts[0].length != other.itemCounts[0].length) {
      throw new IllegalArgumentException("cannot merge metrics of different cut-offs or catalogues");
    }
    for (int j = 0; j < ks.length; j++) {
      recall[j] += other.recall[j];
      ndcg[j] += other.ndcg[j];
      precision[j] += other.precision[j];
      hitRate[j] += other.hitRate[j];
      averagePrecision[j] += other.averagePrecision[j];
      for (int i = 0; i < itemCounts[j].length; i++) {
        itemCounts[j][i] += other.itemCounts[j][i];
      }
    }
    reciprocalRank += other.reciprocalRank;
    users += other.users;
  }

  /** Every metric by key (see the class comment); averages are 0 while no user was added. */
  public Map<String, Double> values() {
    Map<String, Double> out = new LinkedHashMap<>();
    putAverages(out, "recall", recall);
    putAverages(out, "ndcg", ndcg);
    putAverages(out, "precision", precision);
    putAverages(out, "hr", hitRate);
    putAverages(out, "map", averagePrecision);
    out.put("mrr", average(reciprocalRank));
    for (int j = 0; j < ks.length; j++) {
      out.put("coverage@" + ks[j], coverage(itemCounts[j]));
    }
    for (int j = 0; j < ks.length; j++) {
      out.put("gini@" + ks[j], Gini.of(itemCounts[j]));
    }
    return out;
  }

  private void putAverages(Map<String, Double> out, String name, double[] sums) {
    for (int j = 0; j < ks.length; j++) {
      out.put(name + "@" + ks[j], average(sums[j]));
    }
  }

  private double average(double sum) {
    return users == 0 ? 0 : sum / users;
  }

  private static void countItems(int[] counts, int[] ranked, int n) {
    for (int r = 0; r < n; r++) {
      counts[ranked[r]]++;
    }
  }

  private static double coverage(int[] counts) {
    int distinct = 0;
    for (int c : counts) {
      if (c > 0) {
        distinct++;
      }
    }
    return distinct / (double) counts.length;
  }
}
