package io.swarmrec.core.topk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void keepsTheBestKBestFirstWithTiesBySmallerId() {
    TopK t = new TopK(3);
    t.offer(5, 1f);
    t.offer(2, 3f);
    t.offer(9, 3f);
    t.offer(1, 0.5f);
    t.offer(7, 2f);
    t.offer(4, Float.NaN);
    ScoredIds r = t.drain();
    assertThat(r.ids()).containsExactly(2, 9, 7);
    assertThat(r.scores()).containsExactly(3f, 3f, 2f);
    assertThat(t.size()).isZero();
  }

  @Test
  void matchesAFullSortOnRandomInput() {
    Random rnd = new Random(1);
    TopK t = new TopK(1);
    for (int round = 0; round < 200; round++) {
      int n = rnd.nextInt(300);
      int k = rnd.nextInt(40);
      t.reset(k);
      List<float[]> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float s = rnd.nextInt(50) / 7f; // many ties
        t.offer(i, s);
        all.add(new float[] {i, s});
      }
      all.sort(Comparator.<float[]>comparingDouble(a -> -a[1]).thenComparingDouble(a -> a[0]));
      ScoredIds r = t.drain();
      assertThat(r.size()).isEqualTo(Math.min(k, n));
      for (int i = 0; i < r.size(); i++) {
        assertThat(r.id(i)).isEqualTo((int) all.get(i)[0]);
        assertThat(r.score(i)).isEqualTo(all.get(i)[1]);
      }
    }
  }

  @Test
  void zeroKSelectsNothing() {
    TopK t = new TopK(0);
    assertThat(t.offer(1, 1f)).isFalse();
    assertThat(t.drain().size()).isZero();
  }
}
