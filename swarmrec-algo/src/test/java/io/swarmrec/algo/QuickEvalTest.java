package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import org.junit.jupiter.api.Test;

class QuickEvalTest {

  /** Recommends a fixed list to everyone: a known ranking to check the metric arithmetic against. */
  private record FixedList(Interactions data, int[] ids) implements Recommender {
    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public ScoredIds recommend(int user, int k, RecOptions options) {
      float[] scores = new float[Math.min(k, ids.length)];
      return new ScoredIds(java.util.Arrays.copyOf(ids, scores.length), scores);
    }

    @Override
    public ScoredIds similarItems(int item, int k) {
      return ScoredIds.empty();
    }

    @Override
    public ScoredIds similarUsers(int user, int k) {
      return ScoredIds.empty();
    }
  }

  private static QuickEval.Triples triples(int[] users, int[] items, float[] ratings) {
    return new QuickEval.Triples(users, items, ratings, users.length);
  }

  @Test
  void recallAndNdcgFollowTheLightGcnDefinitions() {
    Interactions train = QuickEval.interactions(triples(new int[] {7, 8}, new int[] {100, 101}, new float[] {1, 1}));
    int i100 = train.items().get("100");
    int i101 = train.items().get("101");
    // user 7: relevant {101, 555 (unknown item)}, hit at rank 1 (0-based) -> recall 1/2, ndcg (1/log2 3) / (1 + 1/log2 3)
    // user 8: relevant {100} (and 101 rated 2, not relevant), hit at rank 0 -> recall 1, ndcg 1
    // user 9: unknown to training, skipped
    QuickEval.Triples test = triples(new int[] {7, 7, 8, 8, 9}, new int[] {101, 555, 100, 101, 100},
        new float[] {5, 4, 4, 2, 5});
    QuickEval.Metrics m = QuickEval.evaluate(new FixedList(train, new int[] {i100, i101}), test, 4f, 20);
    double l3 = 1 / (Math.log(3) / Math.log(2));
    assertThat(m.users()).isEqualTo(2);
    assertThat(m.skippedUsers()).isEqualTo(1);
    assertThat(m.recall()).isCloseTo((0.5 + 1) / 2, within(1e-12));
    assertThat(m.ndcg()).isCloseTo((l3 / (1 + l3) + 1) / 2, within(1e-12));
  }

  @Test
  void theValidationCarveHoldsOutATwentiethPerUserReproducibly() {
    int n = 100;
    int[] users = new int[n];
    int[] items = new int[n];
    float[] ratings = new float[n];
    for (int p = 0; p < n; p++) {
      users[p] = p < 60 ? 1 : 2; // 60 and 40 interactions
      items[p] = p;
      ratings[p] = 1;
    }
    QuickEval.Split a = QuickEval.carve("x", triples(users, items, ratings), 0f);
    QuickEval.Split b = QuickEval.carve("x", triples(users, items, ratings), 0f);
    assertThat(a.test().size()).isEqualTo(12 + 8);
    assertThat(a.train().size()).isEqualTo(80);
    assertThat(a.test().items()).containsExactly(b.test().items());
    java.util.Set<Integer> all = new java.util.HashSet<>();
    for (int i : a.train().items()) {
      all.add(i);
    }
    for (int i : a.test().items()) {
      assertThat(all.add(i)).isTrue();
    }
    assertThat(all).hasSize(n);
  }
}
