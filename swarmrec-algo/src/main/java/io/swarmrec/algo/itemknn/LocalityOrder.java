package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.scoring.SparseAccumulator;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;

/**
 * Numbers the items so that items scored together sit close together in memory. A request adds into a
 * dense score array at every candidate its history reaches, a few thousand of 200,000 items; with the
 * catalogue's own ids those candidates are scattered over the whole 800 KB array and nearly every add
 * misses the first-level cache. Candidates reached by one history mostly belong to the same taste
 * community, so giving a community's items consecutive numbers turns the scattered writes into a few
 * dense runs. This is graph reordering for cache locality (Wei, Yu, Lu and Lin, "Speedup graph
 * processing by graph ordering", SIGMOD 2016), applied to the item-neighbour graph.
 *
 * <p>Communities are found by label propagation (Raghavan, Albert and Kumara, "Near linear time
 * algorithm to detect community structures in large-scale networks", Phys. Rev. E 2007): every item
 * starts with its own label and repeatedly adopts the label with the largest total similarity among its
 * kept neighbours, ties to the smaller label, items visited in id order and updated in place, for a few
 * rounds or until almost nothing moves. Items are then numbered by (label, id). The whole pass is a few
 * sweeps over the neighbour lists, deterministic, and a small fraction of the similarity build.
 *
 * <p>The order only moves data: scores are summed in the same order whatever it is, so rankings do not
 * depend on it (see {@link NeighbourIndex}).
 */
final class LocalityOrder {
  static final int ROUNDS = 8;

  private LocalityOrder() {}

  /** {@code itemAt[slot]}: the item given each slot, for the neighbour lists {@code rows} (one per item). */
  static int[] of(ScoredIds[] rows) {
    int n = rows.length;
    int[] label = new int[n];
    Arrays.setAll(label, i -> i);
    SparseAccumulator votes = new SparseAccumulator(n);
    for (int round = 0; round < ROUNDS; round++) {
      int moved = 0;
      for (int j = 0; j < n; j++) {
        ScoredIds row = rows[j];
        if (row.size() == 0) {
          continue;
        }
        votes.clear();
        for (int p = 0; p < row.size(); p++) {
          votes.add(label[row.id(p)], row.score(p));
        }
        int best = label[j];
        float bestVotes = votes.get(best);
        for (int t = 0; t < votes.size(); t++) {
          int l = votes.id(t);
          float v = votes.get(l);
          if (v > bestVotes || (v == bestVotes && l < best)) {
            best = l;
            bestVotes = v;
          }
        }
        if (best != label[j]) {
          label[j] = best;
          moved++;
        }
      }
      if (moved <= n / 1000) {
        break;
      }
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) label[i] << 32) | i;
    }
    Arrays.sort(keys);
    int[] itemAt = new int[n];
    for (int s = 0; s < n; s++) {
      itemAt[s] = (int) keys[s];
    }
    return itemAt;
  }
}
