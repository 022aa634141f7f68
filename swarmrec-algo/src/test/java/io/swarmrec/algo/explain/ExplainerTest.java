package io.swarmrec.algo.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ScoreAttribution;
import io.swarmrec.algo.TestData;
import io.swarmrec.algo.als.FactorRecommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed explanations on {@link TestData#fourByFour()}: u0 = {0, 1, 2}, u1 = {0, 1}, u2 = {1, 2, 3},
 * u3 = {0, 3}; item cosines c01 = 2/3, c02 = c03 = c13 = 1/sqrt(6), c12 = 2/sqrt(6), c23 = 1/2.
 */
class ExplainerTest {
  private static final double R6 = Math.sqrt(6);
  private final Interactions data = TestData.fourByFour();

  private static Recommender train(String algo, Interactions data, String... params) {
    return Algorithms.train(algo, data, Params.parse(List.of(params)));
  }

  @Test
  void itemKnnListsTheHistoryItemsByTheirShareOfTheScore() {
    Recommender plain = train("itemknn", data, "neighbors_of=history", "normalize=false", "center=false");
    // u3 = {0, 3}: score(1) = c01 + c13 = 2/3 + 1/r6; score(2) = c02 + c23 = 1/r6 + 1/2
    Because[] b = Explainer.explain(plain, 3, RecOptions.DEFAULT, new int[] {1, 2});
    double s1 = 2 / 3.0 + 1 / R6;
    double s2 = 1 / R6 + 0.5;
    assertThat(b[0].kind()).isEqualTo(Because.Kind.CONTRIBUTION);
    assertThat(b[0].items()).containsExactly(0, 3);
    assertThat(b[0].values()[0]).isCloseTo((float) (2 / 3.0 / s1), within(1e-6f));
    assertThat(b[0].values()[1]).isCloseTo((float) (1 / R6 / s1), within(1e-6f));
    assertThat(b[1].items()).containsExactly(3, 0);
    assertThat(b[1].values()[0]).isCloseTo((float) (0.5 / s2), within(1e-6f));
    // the contributions add up to the score the model ranks with
    ScoredIds top = plain.recommend(3, 2, RecOptions.DEFAULT);
    assertThat(top.ids()).containsExactly(1, 2);
    ScoreAttribution.Contributions c = plain.scoreAttribution().contributions(3, RecOptions.DEFAULT, top.ids());
    for (int i = 0; i < 2; i++) {
      double sum = 0;
      for (float v : c.byItem()[i]) {
        sum += v;
      }
      assertThat(sum).isCloseTo(top.score(i), within(1e-6));
    }
  }

  @Test
  void itemKnnCountsTheRequestsExtraHistoryAndCapsTheList() {
    Recommender plain = train("itemknn", data, "neighbors_of=history", "normalize=false", "center=false");
    // u1 = {0, 1} plus a new like of 3: item 2's votes are c02 = 1/r6, c12 = 2/r6, c23 = 1/2
    RecOptions extra = RecOptions.DEFAULT.withExtraHistory(new int[] {3}, new float[] {1});
    Because b = Explainer.explain(plain, 1, extra, new int[] {2})[0];
    double s = 3 / R6 + 0.5;
    assertThat(b.items()).containsExactly(1, 3, 0);
    assertThat(b.values()[0]).isCloseTo((float) (2 / R6 / s), within(1e-6f));
    Because two = Explainer.explain(plain, 1, extra, new int[] {2}, 2, null)[0];
    assertThat(two.items()).containsExactly(1, 3);
  }

  @Test
  void defaultItemKnnSharesSumToOneOverItsHistoryVotes() {
    Recommender knn = train("itemknn", TestData.random(60, 30, 6, 3));
    ScoredIds top = knn.recommend(4, 5, RecOptions.DEFAULT);
    for (Because b : Explainer.explain(knn, 4, RecOptions.DEFAULT, top.ids(), 100, null)) {
      double sum = 0;
      for (float v : b.values()) {
        sum += v;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void factorModelsListTheNearestHistoryItemsByFactorCosine() {
    // item factors: 0 = (1, 0), 1 = (3, 4), 2 = (0, 2), 3 = (-1, 0); u0's history is {0, 1, 2}
    DenseMatrix users = new DenseMatrix(4, 2, new float[8]);
    DenseMatrix items = new DenseMatrix(4, 2, new float[] {1, 0, 3, 4, 0, 2, -1, 0});
    Recommender als = new FactorRecommender("als", data, users, items, (user, history, out) -> false);
    Because b = Explainer.explain(als, 0, RecOptions.DEFAULT, new int[] {3})[0];
    // cos(3, 0) = -1, cos(3, 1) = -0.6, cos(3, 2) = 0: nothing similar
    assertThat(b).isEqualTo(Because.NONE);
    // u2 = {1, 2, 3}, item 0: cos(0, 1) = 0.6, cos(0, 2) = 0, cos(0, 3) = -1
    Because c = Explainer.explain(als, 2, RecOptions.DEFAULT, new int[] {0})[0];
    assertThat(c.kind()).isEqualTo(Because.Kind.SIMILARITY);
    assertThat(c.items()).containsExactly(1);
    assertThat(c.values()[0]).isCloseTo(0.6f, within(1e-6f));
    // u1 = {0, 1}, item 2: cos(2, 1) = 0.8, cos(2, 0) = 0
    Because d = Explainer.explain(als, 1, RecOptions.DEFAULT, new int[] {2})[0];
    assertThat(d.items()).containsExactly(1);
    assertThat(d.values()[0]).isCloseTo(0.8f, within(1e-6f));
  }

  @Test
  void trainedAlsExplainsWithItsOwnFactors() {
    Interactions big = TestData.random(80, 25, 6, 11);
    FactorRecommender als = (FactorRecommender) train("als", big, "factors=4", "iterations=4", "seed=1");
    ScoredIds top = als.recommend(7, 3, RecOptions.DEFAULT);
    ItemSimilarity s = als.itemSimilarity();
    int[] history = java.util.Arrays.copyOfRange(big.byUser().indices(), big.byUser().rowStart(7), big.byUser().rowEnd(7));
    Because[] b = Explainer.explain(als, 7, RecOptions.DEFAULT, top.ids());
    for (int i = 0; i < top.size(); i++) {
      int best = -1;
      for (int h : history) {
        if (best < 0 || s.similarity(top.id(i), h) > s.similarity(top.id(i), best)) {
          best = h;
        }
      }
      if (s.similarity(top.id(i), best) > 0) {
        assertThat(b[i].items()[0]).isEqualTo(best);
      }
    }
  }

  @Test
  void contentListsTheNearestVectorisedHistoryItem() {
    // vectors: 0 = (1, 0), 1 = (1, 1), 2 none, 3 = (0, 3); u0's history {0, 1, 2}
    ItemVectors v = ItemVectors.of(new float[] {1, 0}, new float[] {1, 1}, null, new float[] {0, 3});
    Recommender content = Algorithms.train("content", data, Params.empty(), v);
    Because b = Explainer.explain(content, 0, RecOptions.DEFAULT, new int[] {3})[0];
    assertThat(b.kind()).isEqualTo(Because.Kind.SIMILARITY);
    assertThat(b.items()).containsExactly(1); // cos(3, 1) = 1/sqrt(2); 0 is orthogonal, 2 has no vector
    assertThat(b.values()[0]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
  }

  @Test
  void linearModelsAttributeExactlyByLinearity() {
    Interactions big = TestData.random(60, 20, 5, 9);
    for (String algo : List.of("ease", "gfcf", "bspm")) {
      Recommender m = train(algo, big, algo.equals("ease") ? "lambda=10" : "factors=4");
      ScoredIds top = m.recommend(3, 4, RecOptions.DEFAULT);
      ScoreAttribution.Contributions c = m.scoreAttribution().contributions(3, RecOptions.DEFAULT, top.ids());
      assertThat(c.history()).hasSize(big.byUser().rowLength(3));
      for (int i = 0; i < top.size(); i++) {
        double sum = 0;
        for (float x : c.byItem()[i]) {
          sum += x;
        }
        assertThat(sum).as(algo).isCloseTo(top.score(i), within(1e-3 * Math.max(1, Math.abs(top.score(i)))));
      }
      Because[] b = Explainer.explain(m, 3, RecOptions.DEFAULT, top.ids());
      assertThat(b[0].kind()).isEqualTo(Because.Kind.CONTRIBUTION);
      assertThat(b[0].items().length).isBetween(1, 3);
    }
  }

  @Test
  void popularityAndModelsWithoutEitherHook() {
    assertThat(Explainer.explain(train("pop", data), 0, RecOptions.DEFAULT, new int[] {3}))
        .containsExactly(Because.POPULAR);
    assertThat(Explainer.explain(train("trending", data), 0, RecOptions.DEFAULT, new int[] {3}))
        .containsExactly(Because.TRENDING);
    Recommender userknn = train("userknn", data);
    assertThat(Explainer.explain(userknn, 3, RecOptions.DEFAULT, new int[] {1})).containsExactly(Because.NONE);
    // with a fallback similarity: the nearest history item by co-occurrence; u3 = {0, 3}, c01 = 2/3 > c13
    Because b = Explainer.explain(userknn, 3, RecOptions.DEFAULT, new int[] {1}, 3, ItemSimilarity.cooccurrence(data))[0];
    assertThat(b.items()).containsExactly(0, 3);
    assertThat(b.values()[0]).isCloseTo((float) (2 / 3.0), within(1e-6f));
  }

  @Test
  void badArgumentsAreRefused() {
    Recommender pop = train("pop", data);
    assertThatThrownBy(() -> Explainer.explain(pop, 0, RecOptions.DEFAULT, new int[] {4}))
        .hasMessageContaining("item id 4 not in [0, 4)");
    assertThatThrownBy(() -> Explainer.explain(pop, 0, RecOptions.DEFAULT, new int[] {1}, 0, null))
        .hasMessageContaining("max must be >= 1");
  }
}
