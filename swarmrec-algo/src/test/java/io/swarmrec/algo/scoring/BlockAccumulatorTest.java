package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockAccumulatorTest {
  private static ItemFilter nothing(int n) {
    ItemFilter f = new ItemFilter(n);
    f.load(TestData.fourByFour().byUser(), -1, RecOptions.DEFAULT);
    return f;
  }

  @Test
  void sumsAcrossBlocksAndClearsOnlyWhatItTouched() {
    BlockAccumulator acc = new BlockAccumulator(200); // not a multiple of 64: the last block is partial
    acc.add(199, 1f);
    acc.add(3, 2f);
    acc.add(199, 0.5f);
    acc.add(64, 0f); // a zero vote still makes a candidate
    assertThat(acc.get(199)).isEqualTo(1.5f);
    assertThat(acc.contains(64)).isTrue();
    assertThat(acc.contains(65)).isFalse();
    assertThat(acc.size()).isEqualTo(3);
    acc.clear();
    assertThat(acc.size()).isZero();
    assertThat(acc.get(199)).isZero();
    acc.add(199, 4f);
    assertThat(acc.get(199)).isEqualTo(4f);
  }

  @Test
  void topAddsOffsetsMapsIdsAndBreaksTiesByTheMappedId() {
    BlockAccumulator acc = new BlockAccumulator(130);
    acc.add(0, 1f);
    acc.add(70, 1f);
    acc.add(129, 3f);
    acc.add(5, 0f);
    float[] offsets = new float[130];
    offsets[5] = 1f; // 5 ties with 0 and 70 at 1
    offsets[129] = -2.5f;
    int[] idOf = new int[130];
    for (int i = 0; i < idOf.length; i++) {
      idOf[i] = 1000 - i; // reversed: tie order follows the mapped ids
    }
    ScoredIds top = acc.top(3, nothing(130), new TopK(1), offsets, idOf);
    assertThat(top.ids()).containsExactly(1000 - 70, 1000 - 5, 1000 - 0);
    assertThat(top.scores()).containsExactly(1f, 1f, 1f);
  }

  @Test
  void requestAfterRequestStartsEmptyWhetherOrNotThePreviousOneRanked() {
    BlockAccumulator acc = new BlockAccumulator(300);
    acc.clear();
    acc.add(5, 1f);
    acc.add(200, 2f);
    assertThat(acc.top(1, nothing(300), new TopK(1), null, null).ids()).containsExactly(200);
    acc.clear(); // after a ranking: nothing to reset, nothing left over
    acc.add(7, 1f);
    assertThat(acc.size()).isEqualTo(1);
    acc.clear(); // a request that failed before ranking: its sums are reset
    assertThat(acc.size()).isZero();
    acc.add(9, 3f);
    assertThat(acc.top(5, nothing(300), new TopK(5), null, null).ids()).containsExactly(9);
  }

  @Test
  void topLeavesTheAccumulatorCleared() {
    BlockAccumulator acc = new BlockAccumulator(300);
    acc.add(5, 1f);
    acc.add(299, 2f);
    acc.add(130, -1f);
    assertThat(acc.top(1, nothing(300), new TopK(1), null, null).ids()).containsExactly(299);
    assertThat(acc.size()).isZero();
    acc.add(5, 0.5f);
    assertThat(acc.top(5, nothing(300), new TopK(5), null, null).ids()).containsExactly(5);
  }

  @Test
  void topWithOffsetsAgreesWithSortingEveryTouchedId() {
    Random rnd = new Random(5);
    int n = 1000; // the last block is partial
    BlockAccumulator acc = new BlockAccumulator(n);
    float[] offsets = new float[n];
    int[] idOf = new int[n];
    for (int i = 0; i < n; i++) {
      offsets[i] = rnd.nextInt(5) - 2 + (i % 3 == 0 ? -0f : 0.5f); // ties, and offsets above every sum
      idOf[i] = (i * 337) % n;
    }
    ItemFilter filter = new ItemFilter(n);
    filter.load(TestData.fourByFour().byUser(), -1, RecOptions.DEFAULT.withExclude(new int[] {1, 2, 3}));
    for (int round = 0; round < 30; round++) {
      java.util.Map<Integer, Float> sums = new java.util.TreeMap<>();
      for (int v = 0; v < 200; v++) {
        int id = round % 3 == 0 ? n - 1 - rnd.nextInt(40) : rnd.nextInt(n);
        float w = rnd.nextInt(9) / 4f - 1f;
        acc.add(id, w);
        sums.merge(id, w + 0f, Float::sum);
      }
      TopK expected = new TopK(12);
      sums.forEach((id, s) -> {
        if (!filter.excludes(id)) {
          expected.offer(idOf[id], s + offsets[id]);
        }
      });
      assertThat(acc.top(12, filter, new TopK(12), offsets, idOf)).isEqualTo(expected.drain());
      assertThat(acc.size()).isZero();
    }
  }

  @Test
  void agreesWithTheTouchedListAccumulatorOnRandomVotes() {
    Random rnd = new Random(11);
    int n = 5000;
    BlockAccumulator block = new BlockAccumulator(n);
    SparseAccumulator sparse = new SparseAccumulator(n);
    ItemFilter filter = new ItemFilter(n);
    filter.load(TestData.fourByFour().byUser(), -1, RecOptions.DEFAULT.withExclude(new int[] {1, 2, 3}));
    for (int round = 0; round < 20; round++) {
      block.clear();
      sparse.clear();
      for (int v = 0; v < 300; v++) {
        int id = rnd.nextInt(round % 2 == 0 ? n : 200);
        float w = rnd.nextInt(4) / 4f;
        block.add(id, w);
        sparse.add(id, w);
      }
      assertThat(block.size()).isEqualTo(sparse.size());
      assertThat(block.top(15, filter, new TopK(15), null, null)).isEqualTo(sparse.top(15, filter, new TopK(15)));
    }
  }
}
