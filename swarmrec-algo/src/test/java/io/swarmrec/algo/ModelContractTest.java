package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour every model of this module shares, run over each of them: on data with planted communities
 * the held-out item of each user comes first, batch answers equal single answers, new events are used at
 * once, and bad requests fail clearly.
 */
class ModelContractTest {
  private static final int GROUPS = 3;
  private static final int USERS = 12;
  private static final int ITEMS = 8;
  private static final Interactions DATA = Fixtures.communities(GROUPS, USERS, ITEMS, 11);

  private static Recommender train(String algo) {
    Params p = switch (algo) {
      case "als" -> Params.parse(java.util.List.of("factors=3", "iterations=20", "reg=0.5", "alpha=5", "threads=2"));
      case "svd" -> Params.parse(java.util.List.of("factors=3", "threads=2"));
      case "gfcf" -> Params.parse(java.util.List.of("factors=3", "threads=2"));
      case "bspm" -> Params.parse(java.util.List.of("factors=3", "threads=2"));
      case "ease" -> Params.parse(java.util.List.of("lambda=5"));
      case "rp3b" -> Params.parse(java.util.List.of("neighbors=20"));
      case "chebycf" -> Params.parse(java.util.List.of("factors=3", "threads=2"));
      default -> throw new IllegalArgumentException(algo);
    };
    return Algorithms.train(algo, DATA, p);
  }

  @ParameterizedTest
  @ValueSource(strings = {"als", "svd", "gfcf", "bspm", "ease", "rp3b", "chebycf"})
  void recommendsTheHeldOutItemOfTheUsersCommunityFirst(String algo) {
    Recommender r = train(algo);
    for (int u = 0; u < DATA.numUsers(); u++) {
      ScoredIds top = r.recommend(u, 3, RecOptions.DEFAULT);
      assertThat(top.id(0)).as("%s user %d", algo, u).isEqualTo(Fixtures.missingItem(DATA, u, USERS, ITEMS));
      for (int rank = 0; rank < top.size(); rank++) {
        assertThat(DATA.byUser().contains(u, top.id(rank))).isFalse();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"als", "svd", "gfcf", "bspm", "ease", "rp3b", "chebycf"})
  void batchAnswersEqualSingleAnswers(String algo) {
    Recommender r = train(algo);
    int[] users = IntStream.range(0, DATA.numUsers()).map(u -> DATA.numUsers() - 1 - u).toArray();
    RecOptions o = RecOptions.DEFAULT.withExclude(new int[] {5, 17});
    ScoredIds[] batch = r.recommendAll(users, 5, o);
    for (int i = 0; i < users.length; i++) {
      assertSameRanking(batch[i], r.recommend(users[i], 5, o), algo + " user " + users[i]);
    }
  }

  /** Equal up to float rounding: same scores rank by rank, ids swapped only among (near-)ties. */
  private static void assertSameRanking(ScoredIds batch, ScoredIds one, String what) {
    float tol = 1e-4f;
    assertThat(batch.size()).as(what).isEqualTo(one.size());
    for (int rank = 0; rank < one.size(); rank++) {
      assertThat(batch.score(rank)).as(what).isCloseTo(one.score(rank), within(tol));
      int id = batch.id(rank);
      int same = IntStream.range(0, one.size()).filter(p -> one.id(p) == id).findFirst().orElse(-1);
      float expected = same >= 0 ? one.score(same) : one.score(one.size() - 1); // absent: a tie at the cut
      assertThat(batch.score(rank)).as(what).isCloseTo(expected, within(tol));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"als", "svd", "gfcf", "bspm", "ease", "rp3b", "chebycf"})
  void aNewUserIsServedFromTheEventsOfTheRequest(String algo) {
    Recommender r = train(algo);
    int[] firstItemsOfGroup2 = {2 * ITEMS, 2 * ITEMS + 1, 2 * ITEMS + 2};
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(firstItemsOfGroup2, new float[] {1, 1, 1});
    ScoredIds top = r.recommend(-1, 4, o);
    assertThat(top.ids()).hasSize(4)
        .doesNotContain(firstItemsOfGroup2[0], firstItemsOfGroup2[1], firstItemsOfGroup2[2]);
    assertThat(groups(top, ITEMS)).containsOnly(2);
    assertThat(r.recommend(-1, 4, RecOptions.DEFAULT).size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"als", "svd", "gfcf", "bspm", "ease", "rp3b", "chebycf"})
  void similarItemsAndUsersStayInTheCommunity(String algo) {
    Recommender r = train(algo);
    ScoredIds items = r.similarItems(ITEMS + 3, 5);
    assertThat(items.ids()).hasSize(5).doesNotContain(ITEMS + 3);
    assertThat(groups(items, ITEMS)).containsOnly(1);
    ScoredIds users = r.similarUsers(2 * USERS + 1, 5);
    assertThat(users.ids()).hasSize(5).doesNotContain(2 * USERS + 1);
    assertThat(groups(users, USERS)).containsOnly(2);
  }

  private static int[] groups(ScoredIds ids, int perGroup) {
    return IntStream.of(ids.ids()).map(i -> i / perGroup).toArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"als", "svd", "gfcf", "bspm", "ease", "rp3b", "chebycf"})
  void badRequestsFailWithAClearMessage(String algo) {
    Recommender r = train(algo);
    assertThatThrownBy(() -> r.recommend(DATA.numUsers(), 5, RecOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
    assertThatThrownBy(() -> r.recommend(0, -1, RecOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
    assertThatThrownBy(() -> r.recommend(0, 5, RecOptions.DEFAULT.withExclude(new int[] {-3})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excluded item -3");
    assertThatThrownBy(() -> r.recommend(0, 5, RecOptions.DEFAULT.withExtraHistory(new int[] {999}, new float[] {1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra item 999");
    assertThatThrownBy(() -> Algorithms.train(r.name(), DATA, Params.parse(java.util.List.of("factorz=3"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factorz");
  }
}
