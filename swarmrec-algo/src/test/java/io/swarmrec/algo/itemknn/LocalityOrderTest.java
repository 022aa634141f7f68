package io.swarmrec.algo.itemknn;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LocalityOrderTest {

  @Test
  void interleavedCommunitiesGetConsecutiveSlots() {
    int groups = 7;
    int n = 700;
    Random rnd = new Random(3);
    ScoredIds[] rows = new ScoredIds[n];
    for (int i = 0; i < n; i++) { // item i belongs to group i % groups; ids interleave the groups
      int[] ids = new int[12];
      float[] sims = new float[12];
      for (int p = 0; p < ids.length; p++) {
        int j;
        do {
          j = rnd.nextInt(n / groups) * groups + i % groups;
        } while (j == i);
        ids[p] = j;
        sims[p] = 1f / (p + 1);
      }
      rows[i] = new ScoredIds(ids, sims);
    }
    int[] itemAt = LocalityOrder.of(rows);
    assertThat(Arrays.stream(itemAt).sorted().toArray()).isEqualTo(IntStream.range(0, n).toArray());
    int runs = 1;
    for (int s = 1; s < n; s++) {
      runs += itemAt[s] % groups == itemAt[s - 1] % groups ? 0 : 1;
    }
    assertThat(runs).isEqualTo(groups); // against about n for the identity numbering
  }

  @Test
  void itemsWithoutNeighboursKeepTheirOwnLabelAndTheOrderIsDeterministic() {
    ScoredIds none = ScoredIds.empty();
    ScoredIds[] rows = {none, new ScoredIds(new int[] {3}, new float[] {1f}), none, new ScoredIds(new int[] {1},
        new float[] {1f})};
    int[] itemAt = LocalityOrder.of(rows);
    assertThat(itemAt).isEqualTo(LocalityOrder.of(rows));
    assertThat(Arrays.stream(itemAt).sorted().toArray()).containsExactly(0, 1, 2, 3);
    int s1 = IntStream.range(0, 4).filter(s -> itemAt[s] == 1).findFirst().orElseThrow();
    int s3 = IntStream.range(0, 4).filter(s -> itemAt[s] == 3).findFirst().orElseThrow();
    assertThat(Math.abs(s1 - s3)).isEqualTo(1);
  }
}
