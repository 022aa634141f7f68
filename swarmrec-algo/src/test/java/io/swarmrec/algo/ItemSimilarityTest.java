package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.als.FactorRecommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each model's item similarity on {@link TestData#fourByFour()}: u0 = {0, 1, 2}, u1 = {0, 1}, u2 = {1, 2, 3},
 * u3 = {0, 3}, so the items' users are {0, 1, 3}, {0, 1, 2}, {0, 2}, {2, 3} and the cosines
 * c01 = 2/3, c02 = c03 = c13 = 1/sqrt(6), c12 = 2/sqrt(6), c23 = 1/2.
 */
class ItemSimilarityTest {
  private static final double R6 = Math.sqrt(6);
  private final Interactions data = TestData.fourByFour();

  @Test
  void cooccurrenceIsTheBinaryCosineOfTheUserColumns() {
    ItemSimilarity s = ItemSimilarity.cooccurrence(data);
    assertThat(s.similarity(0, 1)).isCloseTo((float) (2 / 3.0), within(1e-6f));
    assertThat(s.similarity(1, 2)).isCloseTo((float) (2 / R6), within(1e-6f));
    assertThat(s.similarity(2, 1)).isCloseTo((float) (2 / R6), within(1e-6f));
    assertThat(s.similarity(2, 3)).isCloseTo(0.5f, within(1e-6f));
    assertThat(s.similarity(3, 3)).isEqualTo(1f);
  }

  @Test
  void cooccurrenceOfAHubAndANicheItemIntersectsCorrectly() {
    // item 0 held by users 0..99, item 1 by users 5, 50 and 99, item 2 by user 100 alone
    int[][] rows = new int[101][];
    for (int u = 0; u < 101; u++) {
      rows[u] = u == 100 ? new int[] {2} : (u == 5 || u == 50 || u == 99) ? new int[] {0, 1} : new int[] {0};
    }
    Interactions d = TestData.binary(3, rows);
    ItemSimilarity s = ItemSimilarity.cooccurrence(d);
    assertThat(s.similarity(0, 1)).isCloseTo((float) (3 / Math.sqrt(100 * 3)), within(1e-6f));
    assertThat(s.similarity(1, 0)).isCloseTo((float) (3 / Math.sqrt(100 * 3)), within(1e-6f));
    assertThat(s.similarity(0, 2)).isZero();
  }

  @Test
  void cooccurrenceSurvivesAReleasedItemMajorCopy() {
    Interactions d = TestData.fourByFour();
    d.release(java.util.EnumSet.noneOf(Interactions.Part.class));
    assertThat(ItemSimilarity.cooccurrence(d).similarity(0, 1)).isCloseTo((float) (2 / 3.0), within(1e-6f));
  }

  @Test
  void itemKnnUsesItsNeighbourListsBeforeNormalisation() {
    // default: candidate-side, normalised lists; one neighbour each: N(0) = 1, N(1) = 2, N(2) = 1, N(3) = 2
    Recommender knn = Algorithms.train("itemknn", data, Params.parse(List.of("neighbors=1")));
    ItemSimilarity s = knn.itemSimilarity();
    assertThat(s.similarity(0, 1)).isCloseTo((float) (2 / 3.0), within(1e-6f));
    assertThat(s.similarity(1, 0)).isCloseTo((float) (2 / 3.0), within(1e-6f));
    assertThat(s.similarity(3, 2)).isCloseTo(0.5f, within(1e-6f));
    assertThat(s.similarity(0, 3)).isZero(); // in nobody's kept list
    Recommender history = Algorithms.train("itemknn", data,
        Params.parse(List.of("neighbors=2", "neighbors_of=history", "normalize=true")));
    assertThat(history.itemSimilarity().similarity(1, 2)).isCloseTo((float) (2 / R6), within(1e-6f));
    assertThat(history.itemSimilarity().similarity(2, 1)).isCloseTo((float) (2 / R6), within(1e-6f));
  }

  @Test
  void factorModelsUseTheCosineOfItemFactors() {
    DenseMatrix users = new DenseMatrix(4, 2, new float[8]);
    DenseMatrix items = new DenseMatrix(4, 2, new float[] {1, 0, 3, 4, 0, 2, -1, 0});
    Recommender m = new FactorRecommender("test", data, users, items, (user, history, out) -> false);
    ItemSimilarity s = m.itemSimilarity();
    assertThat(s.similarity(0, 1)).isCloseTo(0.6f, within(1e-6f));
    assertThat(s.similarity(1, 2)).isCloseTo(0.8f, within(1e-6f));
    assertThat(s.similarity(0, 3)).isCloseTo(-1f, within(1e-6f));
  }

  @Test
  void contentUsesTheCosineOfVectorsAndZeroWithoutOne() {
    ItemVectors v = ItemVectors.of(new float[] {1, 0}, new float[] {1, 1}, null, new float[] {0, 3});
    Recommender m = Algorithms.train("content", data, Params.empty(), v);
    ItemSimilarity s = m.itemSimilarity();
    assertThat(s.similarity(0, 1)).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
    assertThat(s.similarity(0, 3)).isZero();
    assertThat(s.similarity(0, 2)).isZero();
  }

  @Test
  void modelsWithoutOneFallBackToCooccurrence() {
    Recommender pop = Algorithms.train("pop", data, Params.empty());
    assertThat(pop.itemSimilarity()).isNull();
    assertThat(ItemSimilarity.of(pop).similarity(2, 3)).isCloseTo(0.5f, within(1e-6f));
  }
}
