package io.swarmrec.algo.userknn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases on {@link TestData#fourByFour()}: u0={0,1,2} u1={0,1} u2={1,2,3} u3={0,3}. For
 * u1, the neighbours are u0 (2 common, 2/sqrt(6)), u3 (1 common, 1/2) and u2 (1 common, 1/sqrt(6)).
 */
class UserKnnTest {
  private static final double R6 = Math.sqrt(6);
  private final Interactions data = TestData.fourByFour();
  private final Recommender knn = UserKnn.train(data, Params.empty());

  @Test
  void neighboursVoteWithTheirSimilarity() {
    // item 2: u0 + u2; item 3: u2 + u3
    assertScores(knn.recommend(1, 10, RecOptions.DEFAULT), new int[] {2, 3}, 2 / R6 + 1 / R6, 1 / R6 + 0.5);
  }

  @Test
  void onlyTheNearestNeighboursVote() {
    Recommender one = Algorithms.train("userknn", data, params("neighbors=1"));
    assertScores(one.recommend(1, 10, RecOptions.DEFAULT), new int[] {2}, 2 / R6);
  }

  @Test
  void minCommonFiltersNeighboursForVotesAndSimilarUsers() {
    Recommender strict = Algorithms.train("userknn", data, params("min_common=2"));
    assertScores(strict.recommend(1, 10, RecOptions.DEFAULT), new int[] {2}, 2 / R6);
    assertThat(strict.similarUsers(1, 10).ids()).containsExactly(0);
  }

  @Test
  void similarUsersAreTheNeighboursBestFirst() {
    assertScores(knn.similarUsers(1, 10), new int[] {0, 3, 2}, 2 / R6, 0.5, 1 / R6);
    assertThat(knn.similarUsers(1, 2).ids()).containsExactly(0, 3);
  }

  @Test
  void unknownUserFindsNeighboursFromExtraItems() {
    RecOptions extra = RecOptions.DEFAULT.withExtraHistory(new int[] {0, 1}, new float[] {1f, 1f});
    // u1 now counts as a neighbour too (2 common, sim 1) but only votes for the excluded items 0 and 1
    assertScores(knn.recommend(-1, 10, extra), new int[] {2, 3}, 2 / R6 + 1 / R6, 1 / R6 + 0.5);
    assertThat(knn.recommend(-1, 10, RecOptions.DEFAULT).size()).isZero();
  }

  @Test
  void extraItemsOfAKnownUserChangeItsNeighbours() {
    // u3 = {0,3} + 2: u2 shares 2 of 3 (2/3), u0 shares 2 of 3 (2/3), u1 shares 1 of 2 (1/sqrt(6))
    RecOptions extra = RecOptions.DEFAULT.withExtraHistory(new int[] {2}, new float[] {1f});
    assertScores(knn.recommend(3, 10, extra), new int[] {1}, 2 / 3.0 + 2 / 3.0 + 1 / R6);
  }

  @Test
  void excludesExplicitItemsAndCanReturnSeenOnes() {
    RecOptions o = RecOptions.DEFAULT.withExcludeSeen(false).withExclude(new int[] {2});
    // item 0: u0 + u3; item 1: u0 + u2; item 3: u2 + u3
    assertScores(knn.recommend(1, 10, o), new int[] {0, 1, 3}, 2 / R6 + 0.5, 3 / R6, 1 / R6 + 0.5);
  }

  @Test
  void recommendAllEqualsOneByOne() {
    Interactions big = TestData.random(300, 120, 12, 9);
    Recommender r = UserKnn.train(big, params("neighbors=10", "max_item_users=40"));
    int[] users = IntStream.range(-1, 300).toArray();
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(new int[] {5}, new float[] {1f});
    ScoredIds[] all = r.recommendAll(users, 10, o);
    for (int n = 0; n < users.length; n++) {
      assertThat(all[n]).isEqualTo(r.recommend(users[n], 10, o));
    }
  }

  @Test
  void rejectsBadParametersAndRequests() {
    assertThatThrownBy(() -> Algorithms.train("userknn", data, params("k=3")))
        .hasMessageContaining("unknown parameter(s) for userknn: [k]");
    assertThatThrownBy(() -> UserKnn.train(data, params("min_common=0"))).hasMessageContaining("min_common must be >= 1");
    assertThatThrownBy(() -> UserKnn.train(data, params("max_item_users=x"))).hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> knn.similarUsers(4, 3)).hasMessageContaining("user id 4");
    assertThatThrownBy(() -> knn.similarItems(0, 3)).isInstanceOf(UnsupportedOperationException.class);
  }

  private static Params params(String... kv) {
    return Params.parse(List.of(kv));
  }

  private static void assertScores(ScoredIds actual, int[] ids, double... scores) {
    assertThat(actual.ids()).containsExactly(ids);
    for (int n = 0; n < scores.length; n++) {
      assertThat(actual.score(n)).as("score of %d", ids[n]).isCloseTo((float) scores[n], within(1e-6f));
    }
  }
}
