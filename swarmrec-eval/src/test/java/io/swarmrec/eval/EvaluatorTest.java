package io.swarmrec.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.rerank.ItemAttributes;
import io.swarmrec.algo.rerank.RerankRules;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.eval.split.TestSet;
import io.swarmrec.eval.testing.StaticRankRecommender;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  /** u0 saw a, will see b and c; u1 saw b, will see a; u2 saw a and b, has no test item. Items a, b, c, d. */
  private static Interactions train() {
    InteractionsBuilder b = new InteractionsBuilder();
    b.add("u0", "a", 1f, Long.MIN_VALUE);
    b.add("u1", "b", 1f, Long.MIN_VALUE);
    b.add("u2", "a", 1f, Long.MIN_VALUE);
    b.add("u2", "b", 1f, Long.MIN_VALUE);
    b.items().getOrAdd("c");
    b.items().getOrAdd("d");
    return b.build();
  }

  private static TestSet test(Interactions train) {
    TestSet.Builder t = TestSet.builder(train);
    t.accept("u0", "b", Float.NaN, Long.MIN_VALUE);
    t.accept("u0", "c", Float.NaN, Long.MIN_VALUE);
    t.accept("u1", "a", Float.NaN, Long.MIN_VALUE);
    return t.build();
  }

  private static int[] items(Interactions d, String... keys) {
    int[] ids = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      ids[i] = d.items().get(keys[i]);
    }
    return ids;
  }

  @Test
  void reportsIntraListDiversityAndNoveltyOverTheTrainingCooccurrence() {
    Interactions d = train();
    // u0 gets [b, c], u1 gets [a, c]; co-occurrence: cos(a, b) = 1/2 (u2 of {u0, u2} and {u1, u2}), c unheld
    EvalResult r = Evaluator.at(2).evaluate(StaticRankRecommender.ofOrder(d, items(d, "a", "b", "c", "d")), test(d));
    assertThat(r.metric("ild@2")).isEqualTo(1.0); // c is similar to nothing
    double bits = Math.log(3 / 2.0) / Math.log(2); // a and b: held by 2 of 3 users
    double unheld = Math.log(3) / Math.log(2); // c: counts as held by one
    assertThat(r.metric("novelty@2")).isCloseTo((bits + unheld) / 2, within(1e-9));
    // with a given similarity instead, and off
    ItemSimilarity all = (x, y) -> 1f;
    assertThat(Evaluator.at(2).withListDiversity(true, all)
        .evaluate(StaticRankRecommender.ofOrder(d, items(d, "a", "b", "c", "d")), test(d)).metric("ild@2")).isZero();
    assertThat(Evaluator.at(2).withListDiversity(false, null)
        .evaluate(StaticRankRecommender.ofOrder(d, items(d, "a", "b", "c", "d")), test(d)).metrics())
        .doesNotContainKey("ild@2");
  }

  @Test
  void reRanksEachListBeforeTheMetrics() {
    Interactions d = train();
    Recommender order = StaticRankRecommender.ofOrder(d, items(d, "a", "b", "c", "d"));
    // a, b, c share category 0, d is category 1: at most one per category leaves u0 [b, d] and u1 [a, d]
    ItemAttributes cats = ItemAttributes.builder(4).categories(0, 0).categories(1, 0).categories(2, 0)
        .categories(3, 1).build();
    EvalResult plain = Evaluator.at(2).evaluate(order, test(d));
    EvalResult capped = Evaluator.at(2).withReranking(RerankRules.NONE.withMaxPerCategory(1), cats, 10)
        .evaluate(order, test(d));
    assertThat(plain.metric("recall@2")).isEqualTo(1.0);
    assertThat(capped.metric("recall@2")).isCloseTo((0.5 + 1) / 2, within(1e-12));
    assertThat(capped.metric("coverage@2")).isCloseTo(3 / 4.0, within(1e-12));
    // rules without effect change nothing
    assertThat(Evaluator.at(2).withReranking(RerankRules.NONE, cats, 10).evaluate(order, test(d)).metrics())
        .isEqualTo(plain.metrics());
    assertThatThrownBy(() -> Evaluator.at(2).withReranking(RerankRules.NONE.withMaxPerCategory(1),
        ItemAttributes.none(3), 10).evaluate(order, test(d))).hasMessageContaining("item attributes cover 3 items");
    assertThatThrownBy(() -> Evaluator.at(2).withReranking(RerankRules.NONE, cats, 0))
        .hasMessageContaining("candidates must be >= 1");
  }

  @Test
  void diversityReRankingUsesTheModelsOwnSimilarityWhenItHasOne() {
    Interactions d = train();
    // the model says a and c are duplicates; with strong diversity u1 (test: a) gets [a, d], not [a, c]
    Recommender order = StaticRankRecommender.ofOrder(d, items(d, "a", "c", "d", "b"))
        .withSimilarity((x, y) -> x == y || (x + y == 2 && x != y) ? 1f : 0f);
    EvalResult r = Evaluator.at(2).withReranking(RerankRules.NONE.withDiversity(0.9), ItemAttributes.none(4), 10)
        .withListDiversity(true, order.itemSimilarity()).evaluate(order, test(d));
    assertThat(r.metric("ild@2")).isEqualTo(1.0);
    assertThat(r.metric("coverage@2")).isCloseTo(3 / 4.0, within(1e-12)); // u0 [c, d], u1 [a, d]
  }

  @Test
  void ranksTheWholeCatalogueWithTrainingItemsMasked() {
    Interactions d = train();
    // order a, b, c, d: u0 gets [b, c] (a masked), u1 gets [a, c] (b masked)
    EvalResult r = Evaluator.at(1, 2).evaluate(StaticRankRecommender.ofOrder(d, items(d, "a", "b", "c", "d")), test(d));
    assertThat(r.usersEvaluated()).isEqualTo(2);
    assertThat(r.metric("recall@1")).isCloseTo((1 / 2.0 + 1) / 2, within(1e-12));
    assertThat(r.metric("recall@2")).isEqualTo(1.0);
    assertThat(r.metric("precision@2")).isCloseTo((1 + 1 / 2.0) / 2, within(1e-12));
    assertThat(r.metric("mrr")).isEqualTo(1.0);
    assertThat(r.metric("coverage@1")).isCloseTo(2 / 4.0, within(1e-12));
    assertThat(r.metric("coverage@2")).isCloseTo(3 / 4.0, within(1e-12));
  }

  @Test
  void averagesOverManyBatchesIndependentlyOfThePoolSize() {
    // 2,500 users over 10 items: user u saw item u % 10 and will see item (u % 10 + 1) % 10; with the
    // order 0..9 the top item is the test item exactly for u % 10 in {0, 9}
    InteractionsBuilder b = new InteractionsBuilder();
    for (int i = 0; i < 10; i++) {
      b.items().getOrAdd(String.valueOf(i));
    }
    for (int u = 0; u < 2500; u++) {
      b.add("u" + u, String.valueOf(u % 10), 1f, Long.MIN_VALUE);
    }
    Interactions d = b.build();
    TestSet.Builder t = TestSet.builder(d);
    for (int u = 0; u < 2500; u++) {
      t.accept("u" + u, String.valueOf((u % 10 + 1) % 10), Float.NaN, Long.MIN_VALUE);
    }
    TestSet test = t.build();
    StaticRankRecommender rec =
        StaticRankRecommender.ofOrder(d, items(d, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    ForkJoinPool one = new ForkJoinPool(1);
    ForkJoinPool three = new ForkJoinPool(3);
    try {
      EvalResult serial = Evaluator.at(1, 5).withPool(one).evaluate(rec, test);
      EvalResult parallel = Evaluator.at(1, 5).withPool(three).evaluate(rec, test);
      assertThat(serial.usersEvaluated()).isEqualTo(2500);
      assertThat(serial.metric("recall@1")).isCloseTo(0.2, within(1e-12));
      assertThat(parallel.metrics()).isEqualTo(serial.metrics());
    } finally {
      one.shutdown();
      three.shutdown();
    }
  }

  @Test
  void aFailingRecommenderFailsTheEvaluationWithItsOwnException() {
    Interactions d = train();
    Recommender failing = new Recommender() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public Interactions data() {
        return d;
      }

      @Override
      public ScoredIds recommend(int user, int k, RecOptions options) {
        throw new IllegalStateException("model not loaded");
      }

      @Override
      public ScoredIds similarItems(int item, int k) {
        return ScoredIds.empty();
      }

      @Override
      public ScoredIds similarUsers(int user, int k) {
        return ScoredIds.empty();
      }
    };
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      assertThatThrownBy(() -> Evaluator.at(5).withPool(pool).evaluate(failing, test(d)))
          .isInstanceOf(IllegalStateException.class).hasMessage("model not loaded");
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void refusesATestSetInOtherIdsOrWithoutRelevantItems() {
    Interactions d = train();
    StaticRankRecommender rec = StaticRankRecommender.ofOrder(d, 0);
    InteractionsBuilder other = new InteractionsBuilder();
    other.add("x", "y", 1f, Long.MIN_VALUE);
    assertThatThrownBy(() -> Evaluator.at(10).evaluate(rec, TestSet.builder(other.build()).build()))
        .hasMessageContaining("different ids");
    assertThatThrownBy(() -> Evaluator.at(10).evaluate(rec, TestSet.builder(d).build()))
        .hasMessageContaining("nothing to evaluate");
    assertThatThrownBy(() -> Evaluator.at(0)).hasMessageContaining("cut-offs must be >= 1");
  }
}
