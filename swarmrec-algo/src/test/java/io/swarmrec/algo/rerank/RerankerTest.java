package io.swarmrec.algo.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.rerank.Reranked.Source;
import io.swarmrec.algo.rerank.RerankRules.Boost;
import io.swarmrec.algo.rerank.RerankRules.Field;
import io.swarmrec.algo.rerank.RerankRules.Pin;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RerankerTest {
  private static final int ITEMS = 20;

  /** Items 2m and 2m+1 are near-duplicates (similarity 1); all other pairs 0. */
  private static final ItemSimilarity PAIRS = (a, b) -> a == b || a / 2 == b / 2 ? 1f : 0f;

  private static ScoredIds ranked(int... ids) { // scores 1.0, 0.9, 0.8, ...
    float[] s = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      s[i] = 1f - 0.1f * i;
    }
    return new ScoredIds(ids, s);
  }

  private static int[] ids(Reranked r) {
    return r.list().ids();
  }

  @Test
  void noRuleKeepsTheCandidatesOrderCutAtK() {
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), null);
    Reranked out = r.rerank(ranked(5, 3, 9, 1), 3, RerankRules.NONE);
    assertThat(ids(out)).containsExactly(5, 3, 9);
    assertThat(out.list().scores()).containsExactly(1f, 0.9f, 0.8f);
    assertThat(out.source(0)).isEqualTo(Source.RANKED);
    assertThat(RerankRules.NONE.isEmpty()).isTrue();
  }

  @Test
  void marginalRelevanceTradesScoreAgainstSimilarityToWhatIsListed() {
    // A=0 (1.0) and B=1 (0.9) are duplicates, C=2 (0.5) is unlike both; relevance scales to 1, 0.8, 0.
    ScoredIds c = new ScoredIds(new int[] {0, 1, 2}, new float[] {1f, 0.9f, 0.5f});
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), PAIRS);
    assertThat(ids(r.rerank(c, 3, RerankRules.NONE))).containsExactly(0, 1, 2);
    // d = 0.3: B scores 0.7 * 0.8 - 0.3 * 1 = 0.26 > C's 0
    assertThat(ids(r.rerank(c, 3, RerankRules.NONE.withDiversity(0.3)))).containsExactly(0, 1, 2);
    // d = 0.5: B scores 0.5 * 0.8 - 0.5 * 1 = -0.1 < C's 0
    assertThat(ids(r.rerank(c, 3, RerankRules.NONE.withDiversity(0.5)))).containsExactly(0, 2, 1);
    // the listed scores stay the model's
    assertThat(r.rerank(c, 3, RerankRules.NONE.withDiversity(0.5)).list().scores()).containsExactly(1f, 0.5f, 0.9f);
  }

  @Test
  void marginalRelevanceCostsAtMostKTimesPoolSimilarities() {
    AtomicInteger calls = new AtomicInteger();
    ItemSimilarity counting = (a, b) -> {
      calls.incrementAndGet();
      return PAIRS.similarity(a, b);
    };
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), counting);
    Reranked out = r.rerank(ranked(IntStream.range(0, 20).toArray()), 5, RerankRules.NONE.withDiversity(0.6));
    assertThat(out.size()).isEqualTo(5);
    assertThat(calls.get()).isLessThanOrEqualTo(5 * 20);
    // strong diversity takes one of each duplicate pair first
    assertThat(Arrays.stream(ids(out)).map(i -> i / 2).distinct().count()).isEqualTo(5);
    calls.set(0);
    r.rerank(ranked(IntStream.range(0, 20).toArray()), 5, RerankRules.NONE);
    assertThat(calls.get()).isZero();
  }

  @Test
  void lazyEvaluationChoosesExactlyWhatEagerMarginalRelevanceChooses() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(60);
      int k = 1 + rnd.nextInt(15);
      double d = rnd.nextInt(5) == 0 ? 1.0 : rnd.nextDouble();
      float[][] sim = new float[ITEMS * 5][ITEMS * 5];
      for (int a = 0; a < sim.length; a++) {
        for (int b = 0; b < a; b++) {
          float v = rnd.nextInt(3) == 0 ? 0f : (float) (rnd.nextDouble() * 2 - 0.5); // some negative, many ties at 0
          sim[a][b] = v;
          sim[b][a] = v;
        }
        sim[a][a] = 1f;
      }
      int[] ids = IntStream.range(0, sim.length).toArray();
      for (int p = ids.length - 1; p > 0; p--) { // a random distinct sample of n items
        int q = rnd.nextInt(p + 1);
        int t = ids[p];
        ids[p] = ids[q];
        ids[q] = t;
      }
      ids = Arrays.copyOf(ids, n);
      float[] scores = new float[n];
      for (int c = 0; c < n; c++) {
        scores[c] = rnd.nextInt(4) / 4f; // ties
      }
      Arrays.sort(scores);
      for (int c = 0; c < n / 2; c++) {
        float t = scores[c];
        scores[c] = scores[n - 1 - c];
        scores[n - 1 - c] = t;
      }
      ItemSimilarity s = (a, b) -> sim[a][b];
      Reranker r = new Reranker(ItemAttributes.none(sim.length), s);
      int[] lazy = ids(r.rerank(new ScoredIds(ids, scores), k, RerankRules.NONE.withDiversity(d)));
      assertThat(lazy).as("trial %d", trial).containsExactly(eager(ids, scores, k, d, s));
    }
  }

  /** Textbook MMR: every step recomputes every remaining candidate's objective. */
  private static int[] eager(int[] ids, float[] scores, int k, double d, ItemSimilarity s) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float x : scores) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    boolean[] taken = new boolean[ids.length];
    int[] out = new int[Math.min(k, ids.length)];
    for (int step = 0; step < out.length; step++) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < ids.length; c++) {
        if (taken[c]) {
          continue;
        }
        double rel = max > min ? (scores[c] - min) / (max - min) : 1;
        double penalty = 0;
        for (int q = 0; q < step; q++) {
          penalty = Math.max(penalty, s.similarity(ids[c], out[q]));
        }
        double v = (1 - d) * (float) rel - d * penalty;
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      taken[best] = true;
      out[step] = ids[best];
    }
    return out;
  }

  @Test
  void diversityWithoutASimilarityIsRefused() {
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), null);
    assertThatThrownBy(() -> r.rerank(ranked(1, 2), 2, RerankRules.NONE.withDiversity(0.3)))
        .hasMessageContaining("needs an item similarity");
  }

  @Test
  void categoryCapKeepsAtMostNOfEachCategoryAndAMultiCategoryItemMustFitEvery() {
    ItemAttributes a = ItemAttributes.builder(ITEMS)
        .categories(0, 7).categories(1, 7).categories(2, 7).categories(3, 8).categories(4, 7, 8).categories(5, 9)
        .build();
    Reranker r = new Reranker(a, null);
    // cap 2: 0, 1 (cat 7 full), 2 refused, 3 (cat 8: 1), 4 refused (7 is full), 5
    assertThat(ids(r.rerank(ranked(0, 1, 2, 3, 4, 5), 10, RerankRules.NONE.withMaxPerCategory(2))))
        .containsExactly(0, 1, 3, 5);
    // cap 1 and k = 3: fewer pass than k, and nothing that breaks the cap pads the list
    assertThat(ids(r.rerank(ranked(0, 1, 2, 4), 3, RerankRules.NONE.withMaxPerCategory(1)))).containsExactly(0);
    // items without categories are never capped
    assertThat(ids(r.rerank(ranked(10, 11, 12), 3, RerankRules.NONE.withMaxPerCategory(1))))
        .containsExactly(10, 11, 12);
  }

  @Test
  void authorCapKeepsAtMostNOfEachAuthor() {
    ItemAttributes a = ItemAttributes.builder(ITEMS).author(0, 100).author(1, 100).author(2, 100).author(3, 5)
        .build();
    Reranker r = new Reranker(a, null);
    assertThat(ids(r.rerank(ranked(0, 1, 2, 3, 4), 4, RerankRules.NONE.withMaxPerAuthor(1))))
        .containsExactly(0, 3, 4);
    assertThat(ids(r.rerank(ranked(0, 1, 2, 3, 4), 4, RerankRules.NONE.withMaxPerAuthor(2))))
        .containsExactly(0, 1, 3, 4);
  }

  @Test
  void capsAndDiversityCombine() {
    ItemAttributes a = ItemAttributes.builder(ITEMS).categories(0, 1).categories(2, 1).categories(4, 1).build();
    Reranker r = new Reranker(a, PAIRS);
    // d = 0.6 avoids 1 (duplicate of 0), the cap avoids 2 and 4 (category 1 again)
    assertThat(ids(r.rerank(ranked(0, 1, 2, 3, 4, 5, 6), 3,
        RerankRules.NONE.withDiversity(0.6).withMaxPerCategory(1)))).containsExactly(0, 3, 5);
  }

  @Test
  void boostsMultiplyMatchingScoresAndReorderStably() {
    ItemAttributes a = ItemAttributes.builder(ITEMS).categories(2, 4).tags(3, 9).author(1, 42).build();
    Reranker r = new Reranker(a, null);
    ScoredIds c = new ScoredIds(new int[] {0, 1, 2, 3}, new float[] {1f, 0.8f, 0.5f, 0.25f});
    Reranked out = r.rerank(c, 4, RerankRules.NONE.withBoost(new Boost(Field.CATEGORY, new int[] {4}, 3f)));
    assertThat(ids(out)).containsExactly(2, 0, 1, 3);
    assertThat(out.list().scores()).containsExactly(1.5f, 1f, 0.8f, 0.25f);
    assertThat(out.source(0)).isEqualTo(Source.BOOSTED);
    assertThat(out.source(1)).isEqualTo(Source.RANKED);
    // several boosts multiply; tag and author boosts match their fields
    Reranked both = r.rerank(c, 4, RerankRules.NONE.withBoost(new Boost(Field.TAG, new int[] {9}, 2f))
        .withBoost(new Boost(Field.TAG, new int[] {9, 11}, 2f)).withBoost(new Boost(Field.AUTHOR, new int[] {42}, 0.5f)));
    assertThat(ids(both)).containsExactly(0, 3, 2, 1); // 3 rises to 1.0 and the tie keeps the model order
    assertThat(both.list().scores()).containsExactly(1f, 1f, 0.5f, 0.4f);
    assertThatThrownBy(() -> new Boost(Field.TAG, new int[] {1}, 0f)).hasMessageContaining("factor");
    assertThatThrownBy(() -> new Boost(Field.TAG, new int[0], 2f)).hasMessageContaining("at least one tag");
  }

  @Test
  void pinsTakeTheirPositionAndLeaveThePool() {
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), null);
    // 7 is a candidate pinned at 0; 15 is not a candidate, pinned at 2; the pin at 9 is beyond k = 4
    Reranked out = r.rerank(ranked(1, 7, 2, 3, 4), 4, RerankRules.NONE.withPin(new Pin(15, 2)).withPin(new Pin(7, 0))
        .withPin(new Pin(19, 9)));
    assertThat(ids(out)).containsExactly(7, 1, 15, 2);
    assertThat(out.source(0)).isEqualTo(Source.PINNED);
    assertThat(out.source(2)).isEqualTo(Source.PINNED);
    assertThat(out.source(1)).isEqualTo(Source.RANKED);
    // pinned items carry the score of the candidate before them (the first candidate's on top)
    assertThat(out.list().scores()).containsExactly(1f, 1f, 1f, 0.8f);
    // a pin past the end of a shorter list goes to its end
    assertThat(ids(r.rerank(ranked(1, 2), 5, RerankRules.NONE.withPin(new Pin(15, 4))))).containsExactly(1, 2, 15);
    assertThatThrownBy(() -> RerankRules.NONE.withPin(new Pin(3, 0)).withPin(new Pin(3, 1)))
        .hasMessageContaining("pinned more than once");
    assertThatThrownBy(() -> r.rerank(ranked(1), 2, RerankRules.NONE.withPin(new Pin(ITEMS, 0))))
        .hasMessageContaining("pinned item id 20 not in [0, 20)");
  }

  @Test
  void pinsCountTowardsCapsButAreNeverRefused() {
    ItemAttributes a = ItemAttributes.builder(ITEMS).author(0, 1).author(1, 1).author(2, 1).build();
    Reranker r = new Reranker(a, null);
    Reranked out = r.rerank(ranked(0, 1, 3), 3, RerankRules.NONE.withMaxPerAuthor(1).withPin(new Pin(2, 1)));
    assertThat(ids(out)).containsExactly(3, 2); // author 1's quota is the pin's; 0 and 1 are refused
  }

  @Test
  void explorationFillsItsShareFromThePoolDeterministically() {
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), null);
    ScoredIds c = ranked(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    int[] pool = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    RerankRules rules = RerankRules.NONE.withExplore(0.3, 7);
    Reranked a = r.rerank(c, 10, rules, 5, 1_700_000_000L, pool);
    Reranked b = r.rerank(c, 10, rules, 5, 1_700_000_000L, pool);
    assertThat(ids(a)).containsExactly(ids(b));
    assertThat(a.size()).isEqualTo(10);
    int[] explored = IntStream.range(0, 10).filter(i -> a.source(i) == Source.EXPLORED).map(i -> ids(a)[i]).toArray();
    assertThat(explored).hasSize(3);
    assertThat(Arrays.stream(explored).allMatch(i -> i >= 10)).isTrue();
    // the other seven are the best seven candidates, in order
    assertThat(IntStream.range(0, 10).filter(i -> a.source(i) == Source.RANKED).map(i -> ids(a)[i]).toArray())
        .containsExactly(0, 1, 2, 3, 4, 5, 6);
    // other users, seeds and times draw other items or positions
    Set<String> draws = new HashSet<>();
    for (long key = 0; key < 8; key++) {
      draws.add(Arrays.toString(ids(r.rerank(c, 10, rules, key, 1_700_000_000L, pool))));
      draws.add(Arrays.toString(ids(r.rerank(c, 10, RerankRules.NONE.withExplore(0.3, key), 5, 1_700_000_000L, pool))));
      draws.add(Arrays.toString(ids(r.rerank(c, 10, rules, 5, 1_700_000_000L + key, pool))));
    }
    assertThat(draws.size()).isGreaterThan(10);
  }

  @Test
  void explorationSkipsListedAndCappedItemsAndGivesUnfilledSlotsBack() {
    ItemAttributes a = ItemAttributes.builder(ITEMS).categories(0, 3).categories(12, 3).build();
    Reranker r = new Reranker(a, null);
    // pool: 1 is already listed, 12 breaks the category cap; only 13 can be explored, the other slot goes back
    Reranked out = r.rerank(ranked(0, 1, 2, 3, 4, 5), 4,
        RerankRules.NONE.withExplore(0.5, 1).withMaxPerCategory(1), 9, 0, new int[] {1, 12, 13});
    assertThat(out.size()).isEqualTo(4);
    assertThat(ids(out)).contains(13).doesNotContain(12);
    assertThat(Arrays.stream(ids(out)).filter(i -> i != 13)).containsExactly(0, 1, 2);
    // an empty pool leaves the list to relevance
    assertThat(ids(r.rerank(ranked(0, 1, 2), 3, RerankRules.NONE.withExplore(1, 1), 9, 0, new int[0])))
        .containsExactly(0, 1, 2);
  }

  @Test
  void badRulesAndInputsAreRefused() {
    assertThatThrownBy(() -> RerankRules.NONE.withDiversity(1.5)).hasMessageContaining("diversity must be in [0, 1]");
    assertThatThrownBy(() -> RerankRules.NONE.withDiversity(Double.NaN)).hasMessageContaining("diversity");
    assertThatThrownBy(() -> RerankRules.NONE.withMaxPerCategory(-1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> RerankRules.NONE.withExplore(-0.1, 0)).hasMessageContaining("explore");
    assertThatThrownBy(() -> new Pin(1, -1)).hasMessageContaining("position");
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), null);
    assertThatThrownBy(() -> r.rerank(ranked(1), -1, RerankRules.NONE)).hasMessageContaining("k must be");
    assertThatThrownBy(() -> r.rerank(ranked(25), 1, RerankRules.NONE)).hasMessageContaining("candidate id 25");
    assertThatThrownBy(() -> ItemAttributes.builder(2).categories(0, -3)).hasMessageContaining("category ids");
  }

  @Test
  void duplicateCandidatesCountOnce() {
    Reranker r = new Reranker(ItemAttributes.none(ITEMS), null);
    assertThat(ids(r.rerank(ranked(4, 4, 2), 3, RerankRules.NONE))).containsExactly(4, 2);
  }
}
