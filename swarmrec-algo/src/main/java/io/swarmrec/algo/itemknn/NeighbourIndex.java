package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.scoring.BlockAccumulator;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.Arrays;

/**
 * The item-item weights scoring reads, as one CSR by history item: row {@code i} holds the candidates
 * {@code j} that item {@code i} votes for and the weight of each vote. Two flat primitive arrays instead
 * of one object per item: 8 bytes per weight plus 12 per item, 160 MB for 200,000 items with 100
 * neighbours each, and scoring streams through contiguous memory. Immutable.
 *
 * <p>The build produces one kept neighbour list per item. When the lists belong to history items they
 * are the rows as they are ({@link #pack}); when they belong to candidates, candidate {@code j}'s list
 * {@code N(j)} becomes entries of the rows of its members ({@link #packTransposed}), so that a request
 * still costs one pass over its history items' rows. Either way, {@code normalize} scales each kept list
 * to sum one (Deshpande and Karypis, "Item-based top-N recommendation algorithms", TOIS 2004): for
 * candidate lists a candidate's score becomes the similarity-weighted share of its neighbourhood the user
 * holds, so candidates with large, uniformly similar neighbourhoods stop dominating every list.
 *
 * <p>Candidates are stored as <em>slots</em>, the item numbering of {@link LocalityOrder} that puts items
 * of one taste community next to each other, and each row is sorted by slot. A request then accumulates
 * into a few dense runs of its score array, written in increasing address order row by row, instead of
 * scattering over the whole catalogue (at 200,000 items that was most of the cost). Neither choice changes
 * a score: each candidate occurs once per row, so its sum still adds the history items' votes in history
 * order, and callers map slots back to items ({@link #itemAt}) before ranking, ties going to the smaller
 * item id as everywhere else.
 */
final class NeighbourIndex {
  private final int[] indptr; // by history item (item id)
  private final int[] slots; // candidate slots, ascending within a row
  private final float[] sims;
  private final int[] itemAt; // slot -> item
  private final int[] slotOf; // item -> slot
  private final float[] scale; // by item: what the list that item owns was divided by (1 without normalize)
  private final boolean rowsOwnLists; // history-side lists (pack) own rows; candidate-side lists own columns

  private NeighbourIndex(int[] indptr, int[] slots, float[] sims, int[] itemAt, float[] scale, boolean rowsOwnLists) {
    this.indptr = indptr;
    this.slots = slots;
    this.sims = sims;
    this.itemAt = itemAt;
    this.scale = scale;
    this.rowsOwnLists = rowsOwnLists;
    this.slotOf = new int[itemAt.length];
    for (int s = 0; s < itemAt.length; s++) {
      slotOf[itemAt[s]] = s;
    }
  }

  /** History-item lists: {@code rows[i]} is row {@code i}. */
  static NeighbourIndex pack(ScoredIds[] rows, boolean normalize) {
    int[] itemAt = LocalityOrder.of(rows);
    int[] slotOf = inverse(itemAt);
    int[] indptr = new int[rows.length + 1];
    int longest = 0;
    for (int i = 0; i < rows.length; i++) {
      indptr[i + 1] = Math.addExact(indptr[i], rows[i].size());
      longest = Math.max(longest, rows[i].size());
    }
    int[] slots = new int[indptr[rows.length]];
    float[] sims = new float[slots.length];
    long[] keys = new long[longest];
    float[] scale = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      ScoredIds row = rows[i];
      double total = normalize ? sum(row) : 1;
      scale[i] = (float) total;
      for (int n = 0; n < row.size(); n++) {
        keys[n] = ((long) slotOf[row.id(n)] << 32) | n;
      }
      Arrays.sort(keys, 0, row.size());
      for (int n = 0, from = indptr[i]; n < row.size(); n++) {
        int q = (int) keys[n];
        slots[from + n] = (int) (keys[n] >>> 32);
        sims[from + n] = (float) (row.score(q) / total);
      }
    }
    return new NeighbourIndex(indptr, slots, sims, itemAt, scale, true);
  }

  /** Candidate lists: {@code rows[j]} lists the history items that vote for candidate {@code j}. */
  static NeighbourIndex packTransposed(ScoredIds[] rows, boolean normalize) {
    int[] itemAt = LocalityOrder.of(rows);
    int[] indptr = new int[rows.length + 1];
    for (ScoredIds row : rows) {
      for (int n = 0; n < row.size(); n++) {
        indptr[row.id(n) + 1]++;
      }
    }
    for (int i = 0; i < rows.length; i++) {
      indptr[i + 1] = Math.addExact(indptr[i + 1], indptr[i]);
    }
    int[] slots = new int[indptr[rows.length]];
    float[] sims = new float[slots.length];
    int[] fill = Arrays.copyOf(indptr, rows.length);
    float[] scale = new float[rows.length];
    for (int s = 0; s < rows.length; s++) { // candidates in slot order: every row comes out sorted by slot
      ScoredIds row = rows[itemAt[s]];
      double total = normalize ? sum(row) : 1;
      scale[itemAt[s]] = (float) total;
      for (int n = 0; n < row.size(); n++) {
        int p = fill[row.id(n)]++;
        slots[p] = s;
        sims[p] = (float) (row.score(n) / total);
      }
    }
    return new NeighbourIndex(indptr, slots, sims, itemAt, scale, false);
  }

  private static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int s = 0; s < perm.length; s++) {
      inv[perm[s]] = s;
    }
    return inv;
  }

  private static double sum(ScoredIds row) {
    double s = 0;
    for (int n = 0; n < row.size(); n++) {
      s += row.score(n);
    }
    return s;
  }

  int items() {
    return indptr.length - 1;
  }

  /** The item of each slot. Read-only. */
  int[] itemAt() {
    return itemAt;
  }

  /** The slot of each item. Read-only. */
  int[] slotOf() {
    return slotOf;
  }

  /** Adds {@code weight * w(item, j)} to {@code scores[slot(j)]} for every candidate j of {@code item}. */
  void accumulate(int item, float weight, BlockAccumulator scores) {
    for (int p = indptr[item], end = indptr[item + 1]; p < end; p++) {
      scores.add(slots[p], weight * sims[p]);
    }
  }

  /**
   * The weight {@code w(h, j)} that history item {@code h} gives candidate {@code j}, 0 when {@code j} is
   * not in {@code h}'s row: a binary search by slot in the row, O(log row length).
   */
  float weight(int h, int j) {
    int p = Arrays.binarySearch(slots, indptr[h], indptr[h + 1], slotOf[j]);
    return p >= 0 ? sims[p] : 0f;
  }

  /**
   * The build's similarity of {@code a} and {@code b} before normalisation, when either is in the other's
   * kept list (the larger of the two directions), else 0: the neighbour lists as an item similarity.
   */
  float similarity(int a, int b) {
    if (a == b) {
      return 1f;
    }
    float ab = weight(a, b) * (rowsOwnLists ? scale[a] : scale[b]);
    float ba = weight(b, a) * (rowsOwnLists ? scale[b] : scale[a]);
    return Math.max(ab, ba);
  }

  /** Every item's score for a dense history {@code x} (one weight per item): {@code y[j] = sum_i x[i] w(i, j)}. */
  double[] scores(double[] x) {
    double[] y = new double[items()];
    for (int i = 0; i < x.length; i++) {
      for (int p = indptr[i], end = indptr[i + 1]; p < end; p++) {
        y[itemAt[slots[p]]] += x[i] * sims[p];
      }
    }
    return y;
  }

  /** {@code byItem} (one value per item) rearranged by slot. */
  float[] bySlot(float[] byItem) {
    float[] out = new float[byItem.length];
    for (int s = 0; s < out.length; s++) {
      out[s] = byItem[itemAt[s]];
    }
    return out;
  }

  /** The {@code k} heaviest entries of row {@code item}, ties to the smaller item id. */
  ScoredIds row(int item, int k) {
    int from = indptr[item];
    int len = indptr[item + 1] - from;
    TopK top = new TopK(Math.min(k, len));
    for (int p = from; p < from + len; p++) {
      top.offer(itemAt[slots[p]], sims[p]);
    }
    return top.drain();
  }

  long sizeInBytes() {
    return 4L * indptr.length + 4L * slots.length + 4L * sims.length + 12L * itemAt.length;
  }
}
