package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.scoring.RankKeys;
import io.swarmrec.algo.scoring.SparseAccumulator;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;

/**
 * The item-item weights scoring reads, as one CSR by history item: row {@code i} holds the candidates
 * {@code j} that item {@code i} votes for and the weight of each vote, heaviest first. Two flat primitive
 * arrays instead of one object per item: 8 bytes per weight plus 4 per item, 160 MB for 200,000 items
 * with 100 neighbours each, and scoring streams through contiguous memory. Immutable.
 *
 * <p>The build produces one kept neighbour list per item. When the lists belong to history items they
 * are the rows as they are ({@link #pack}); when they belong to candidates, candidate {@code j}'s list
 * {@code N(j)} becomes entries of the rows of its members ({@link #packTransposed}), so that a request
 * still costs one pass over its history items' rows. Either way, {@code normalize} scales each kept list
 * to sum one (Deshpande and Karypis, "Item-based top-N recommendation algorithms", TOIS 2004): for
 * candidate lists a candidate's score becomes the similarity-weighted share of its neighbourhood the user
 * holds, so candidates with large, uniformly similar neighbourhoods stop dominating every list.
 */
final class NeighbourIndex {
  private final int[] indptr;
  private final int[] ids;
  private final float[] sims;

  private NeighbourIndex(int[] indptr, int[] ids, float[] sims) {
    this.indptr = indptr;
    this.ids = ids;
    this.sims = sims;
  }

  /** History-item lists: {@code rows[i]} (best first) is row {@code i}. */
  static NeighbourIndex pack(ScoredIds[] rows, boolean normalize) {
    int[] indptr = new int[rows.length + 1];
    for (int i = 0; i < rows.length; i++) {
      indptr[i + 1] = Math.addExact(indptr[i], rows[i].size());
    }
    int[] ids = new int[indptr[rows.length]];
    float[] sims = new float[ids.length];
    for (int i = 0; i < rows.length; i++) {
      ScoredIds row = rows[i];
      System.arraycopy(row.ids(), 0, ids, indptr[i], row.size());
      double total = normalize ? sum(row) : 1;
      for (int n = 0; n < row.size(); n++) {
        sims[indptr[i] + n] = (float) (row.score(n) / total);
      }
    }
    return new NeighbourIndex(indptr, ids, sims);
  }

  /** Candidate lists: {@code rows[j]} lists the history items that vote for candidate {@code j}. */
  static NeighbourIndex packTransposed(ScoredIds[] rows, boolean normalize) {
    int[] indptr = new int[rows.length + 1];
    for (ScoredIds row : rows) {
      for (int n = 0; n < row.size(); n++) {
        indptr[row.id(n) + 1]++;
      }
    }
    for (int i = 0; i < rows.length; i++) {
      indptr[i + 1] = Math.addExact(indptr[i + 1], indptr[i]);
    }
    int[] ids = new int[indptr[rows.length]];
    float[] sims = new float[ids.length];
    int[] fill = Arrays.copyOf(indptr, rows.length);
    for (int j = 0; j < rows.length; j++) {
      ScoredIds row = rows[j];
      double total = normalize ? sum(row) : 1;
      for (int n = 0; n < row.size(); n++) {
        int p = fill[row.id(n)]++;
        ids[p] = j;
        sims[p] = (float) (row.score(n) / total);
      }
    }
    sortRows(indptr, ids, sims);
    return new NeighbourIndex(indptr, ids, sims);
  }

  private static double sum(ScoredIds row) {
    double s = 0;
    for (int n = 0; n < row.size(); n++) {
      s += row.score(n);
    }
    return s;
  }

  /** Orders every row heaviest first, ties by smaller id, through one scratch array of the longest row. */
  private static void sortRows(int[] indptr, int[] ids, float[] sims) {
    int longest = 0;
    for (int i = 0; i + 1 < indptr.length; i++) {
      longest = Math.max(longest, indptr[i + 1] - indptr[i]);
    }
    long[] keys = new long[longest];
    for (int i = 0; i + 1 < indptr.length; i++) {
      int from = indptr[i];
      int len = indptr[i + 1] - from;
      for (int n = 0; n < len; n++) {
        keys[n] = RankKeys.descending(sims[from + n], ids[from + n]);
      }
      Arrays.sort(keys, 0, len);
      for (int n = 0; n < len; n++) {
        ids[from + n] = RankKeys.id(keys[n]);
        sims[from + n] = RankKeys.score(keys[n]);
      }
    }
  }

  int items() {
    return indptr.length - 1;
  }

  /** Adds {@code weight * w(item, j)} to {@code scores[j]} for every candidate j of {@code item}. */
  void accumulate(int item, float weight, SparseAccumulator scores) {
    for (int p = indptr[item], end = indptr[item + 1]; p < end; p++) {
      scores.add(ids[p], weight * sims[p]);
    }
  }

  /** Every item's score for a dense history {@code x} (one weight per item): {@code y[j] = sum_i x[i] w(i, j)}. */
  double[] scores(double[] x) {
    double[] y = new double[items()];
    for (int i = 0; i < x.length; i++) {
      for (int p = indptr[i], end = indptr[i + 1]; p < end; p++) {
        y[ids[p]] += x[i] * sims[p];
      }
    }
    return y;
  }

  /** The first {@code k} entries of row {@code item}. */
  ScoredIds row(int item, int k) {
    int from = indptr[item];
    int to = from + Math.min(k, indptr[item + 1] - from); // not from + k, which overflows for huge k
    return new ScoredIds(Arrays.copyOfRange(ids, from, to), Arrays.copyOfRange(sims, from, to));
  }

  long sizeInBytes() {
    return 4L * indptr.length + 4L * ids.length + 4L * sims.length;
  }
}
