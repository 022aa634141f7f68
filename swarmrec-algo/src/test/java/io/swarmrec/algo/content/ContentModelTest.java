package io.swarmrec.algo.content;

import static io.swarmrec.algo.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.ItemVectorScorer;
import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.TestData;
import io.swarmrec.algo.scoring.HistoryWeighting;
import io.swarmrec.algo.scoring.UserHistory;
import io.swarmrec.core.TimeDecay;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentModelTest {
  private static final long HOUR = 3600;

  /** Unit vector at {@code degrees} in the plane. */
  private static float[] at(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }

  private static Params params(String... kv) {
    return Params.parse(List.of(kv));
  }

  private static Recommender content(Interactions data, ItemVectors v, String... kv) {
    return Algorithms.train("content", data, params(kv), v);
  }

  @Test
  void interestIsTheDecayedWeightedMeanOfTheUnitVectors() {
    InteractionsBuilder b = TestData.builder(1, 3);
    b.add(0, 0, 1f, T0);              // weight 1, age 0
    b.add(0, 1, 2f, T0 - HOUR);       // weight 2, one half-life old: counts 1
    b.add(0, 2, 5f, T0);              // no vector: ignored
    Interactions data = b.build();
    ItemVectors v = ItemVectors.of(new float[] {3, 0}, new float[] {0, 5}, null);
    HistoryWeighting w = new HistoryWeighting(false, TimeDecay.halfLife(HOUR), T0);
    InterestProfile p = new InterestProfile(v, ContentModel.unitRows(v.matrix()), w, 1);
    UserHistory h = new UserHistory(3);
    h.load(data.byUser(), 0, RecOptions.DEFAULT, w);
    float[] q = new float[2];
    assertThat(p.interest(h, q)).isTrue();
    assertThat(q[0]).isCloseTo(0.5f, within(1e-5f));
    assertThat(q[1]).isCloseTo(0.5f, within(1e-5f));

    InterestProfile needsThree = new InterestProfile(v, ContentModel.unitRows(v.matrix()), w, 3);
    assertThat(needsThree.interest(h, q)).isFalse();
    assertThat(q).containsOnly(0f);
  }

  @Test
  void recentInterestsOutweighOldOnes() {
    // items 0 (near 0 deg) and 1 (near 90 deg) are history; 2 (at 10 deg) and 3 (at 80 deg) are candidates
    ItemVectors v = ItemVectors.of(at(0), at(90), at(10), at(80));
    InteractionsBuilder oldFirst = TestData.builder(1, 4);
    oldFirst.add(0, 0, 1f, T0 - 10 * HOUR);
    oldFirst.add(0, 1, 1f, T0);
    ScoredIds r = content(oldFirst.build(), v, "half_life_hours=2").recommend(0, 2, RecOptions.DEFAULT);
    assertThat(r.ids()).containsExactly(3, 2);

    InteractionsBuilder newFirst = TestData.builder(1, 4);
    newFirst.add(0, 0, 1f, T0);
    newFirst.add(0, 1, 1f, T0 - 10 * HOUR);
    assertThat(content(newFirst.build(), v, "half_life_hours=2").recommend(0, 2, RecOptions.DEFAULT).ids())
        .containsExactly(2, 3);
  }

  @Test
  void aNewItemWithAVectorAndNoInteractionsIsRecommended() {
    // users 0 and 1 read about topic "0 deg"; item 3 is brand new (nobody has touched it) and on topic
    Interactions data = TestData.binary(5, new int[] {0, 1}, new int[] {0, 2});
    ItemVectors v = ItemVectors.of(at(0), at(5), at(100), at(2), null);
    assertThat(data.byItem().rowLength(3)).isZero();
    Recommender r = content(data, v);
    ScoredIds top = r.recommend(0, 2, RecOptions.DEFAULT);
    assertThat(top.ids()).containsExactly(3, 2);
    assertThat(top.score(0)).isGreaterThan(0.99f);
    assertThat(r.similarItems(0, 1).ids()).containsExactly(3);
  }

  @Test
  void seenAndExcludedItemsAreNotReturnedUnlessAsked() {
    Interactions data = TestData.binary(4, new int[] {0, 1});
    ItemVectors v = ItemVectors.of(at(0), at(10), at(20), at(30));
    Recommender r = content(data, v);
    assertThat(r.recommend(0, 10, RecOptions.DEFAULT).ids()).containsExactly(2, 3);
    assertThat(r.recommend(0, 10, RecOptions.DEFAULT.withExclude(new int[] {2})).ids()).containsExactly(3);
    assertThat(r.recommend(0, 10, RecOptions.DEFAULT.withExcludeSeen(false)).ids()).containsExactly(0, 1, 2, 3);
    assertThat(r.recommend(0, 1, RecOptions.DEFAULT).ids()).containsExactly(2);
    assertThat(r.recommend(0, 0, RecOptions.DEFAULT).size()).isZero();
  }

  @Test
  void theRequestsRealTimeEventsMoveTheAnswer() {
    InteractionsBuilder b = TestData.builder(2, 5);
    b.add(0, 0, 1f, T0 - 48 * HOUR);
    b.add(1, 2, 1f, T0); // the latest event of the data: "now", when the request's events happen
    Interactions data = b.build();
    ItemVectors v = ItemVectors.of(at(0), at(90), at(5), at(85), at(45));
    Recommender r = content(data, v, "half_life_hours=24");
    assertThat(r.recommend(0, 1, RecOptions.DEFAULT).ids()).containsExactly(2);
    // one fresh event on item 1 (90 deg) against one two-half-lives-old event at 0 deg: the mean is at 76 deg
    RecOptions fresh = RecOptions.DEFAULT.withExtraHistory(new int[] {1}, new float[] {1f});
    ScoredIds moved = r.recommend(0, 3, fresh);
    assertThat(moved.ids()).containsExactly(3, 4, 2).doesNotContain(1);
  }

  @Test
  void unknownAndProfileLessUsersGetNothingButRequestEventsServeNewUsers() {
    Interactions data = TestData.binary(4, new int[] {0}, new int[] {3});
    ItemVectors v = ItemVectors.of(at(0), at(10), at(90), null);
    Recommender r = content(data, v);
    assertThat(r.recommend(-1, 3, RecOptions.DEFAULT).size()).isZero();
    assertThat(r.recommend(1, 3, RecOptions.DEFAULT).size()).as("history without vectors").isZero();
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(new int[] {2}, new float[] {1f});
    assertThat(r.recommend(-1, 1, o).ids()).containsExactly(1);
    assertThat(content(data, v, "min_history=2").recommend(0, 3, RecOptions.DEFAULT).size()).isZero();
  }

  @Test
  void similarItemsAndUsersFollowTheVectors() {
    Interactions data = TestData.binary(5, new int[] {0}, new int[] {1}, new int[] {2}, new int[] {4});
    ItemVectors v = ItemVectors.of(at(0), at(80), at(10), at(90), null);
    Recommender r = content(data, v);
    assertThat(r.similarItems(0, 2).ids()).containsExactly(2, 1);
    assertThat(r.similarItems(4, 2).size()).as("no vector").isZero();
    ScoredIds users = r.similarUsers(0, 3);
    assertThat(users.ids()).containsExactly(2, 1).doesNotContain(3); // user 3 has no profile
    assertThat(users.score(0)).isCloseTo((float) Math.cos(Math.toRadians(10)), within(1e-5f));
    assertThat(r.similarUsers(3, 3).size()).isZero();
  }

  @Test
  void withoutVectorsEveryUserIsCold() {
    Interactions data = TestData.fourByFour();
    Recommender r = Algorithms.train("content", data, Params.empty());
    assertThat(r.name()).isEqualTo("content");
    assertThat(r.recommend(0, 3, RecOptions.DEFAULT).size()).isZero();
    assertThat(r.similarItems(0, 3).size()).isZero();
    assertThat(r.similarUsers(0, 3).size()).isZero();
  }

  @Test
  void badParametersAndMismatchedVectorsFailClearly() {
    Interactions data = TestData.fourByFour();
    ItemVectors v = ItemVectors.of(at(0), at(1), at(2), at(3));
    assertThatThrownBy(() -> content(data, v, "half_life_hours=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("half_life_hours");
    assertThatThrownBy(() -> content(data, v, "min_history=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_history");
    assertThatThrownBy(() -> content(data, v, "halflife=3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halflife");
    assertThatThrownBy(() -> content(data, ItemVectors.of(at(0), at(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cover 2 items");
    Recommender r = content(data, v);
    assertThatThrownBy(() -> r.recommend(9, 3, RecOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user id 9");
    assertThatThrownBy(() -> r.similarItems(7, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item id 7");
  }

  @Test
  void batchAnswersEqualSingleAnswers() {
    Interactions data = TestData.random(60, 40, 5, 3);
    float[][] byItem = new float[40][];
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 40; i++) {
      if (i % 7 != 3) {
        byItem[i] = new float[] {(float) rnd.nextGaussian(), (float) rnd.nextGaussian(), (float) rnd.nextGaussian()};
      }
    }
    Recommender r = content(data, ItemVectors.of(byItem));
    int[] users = java.util.stream.IntStream.range(0, 60).toArray();
    ScoredIds[] batch = r.recommendAll(users, 5, RecOptions.DEFAULT);
    for (int u : users) {
      ScoredIds one = r.recommend(u, 5, RecOptions.DEFAULT);
      assertThat(batch[u]).isEqualTo(one);
      boolean profiled = java.util.stream.IntStream.range(data.byUser().rowStart(u), data.byUser().rowEnd(u))
          .anyMatch(p -> data.byUser().indices()[p] % 7 != 3);
      assertThat(one.size()).as("user %d", u).isEqualTo(profiled ? 5 : 0);
      for (int id : one.ids()) {
        assertThat(data.byUser().contains(u, id)).isFalse();
        assertThat(id % 7).isNotEqualTo(3);
      }
    }
  }

  @Test
  void scoresAnItemOutsideTheSnapshotOnTheScaleOfItsAnswers() {
    Interactions data = TestData.binary(3, new int[] {0});
    ItemVectors v = ItemVectors.of(at(0), at(30), at(60));
    Recommender r = content(data, v);
    ItemVectorScorer scorer = (ItemVectorScorer) r;
    float[] q = new float[scorer.dimensions()];
    assertThat(scorer.userVector(0, RecOptions.DEFAULT, q)).isTrue();
    ScoredIds top = r.recommend(0, 2, RecOptions.DEFAULT);
    assertThat(scorer.score(q, v.vector(top.id(0)))).isCloseTo(top.score(0), within(1e-5f));
    assertThat(scorer.score(q, new float[] {0, -7})).isCloseTo(0f, within(1e-6f)); // perpendicular to the interest
    assertThat(scorer.score(q, new float[] {-2, 0})).isCloseTo(-1f, within(1e-6f));
    assertThat(scorer.userVector(-1, RecOptions.DEFAULT, q)).isFalse();
  }
}
