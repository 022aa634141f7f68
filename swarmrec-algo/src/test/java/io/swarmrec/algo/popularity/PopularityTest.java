package io.swarmrec.algo.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopularityTest {
  private static final long DAY = 86_400;
  /** Counts: item 0:1, 1:3, 2:3, 3:1, 4:0 (item 4 has no interactions at all). */
  private final Interactions data = TestData.binary(5,
      new int[] {0, 1, 2}, new int[] {1, 2}, new int[] {2, 3}, new int[] {1});
  private final Recommender pop = Popularity.popular(data, Params.empty());

  @Test
  void ranksByDistinctUsersWithTiesToTheSmallerIdAndUnusedItemsLast() {
    ScoredIds r = pop.recommend(-1, 10, RecOptions.DEFAULT);
    assertThat(r.ids()).containsExactly(1, 2, 0, 3, 4);
    assertThat(r.scores()).containsExactly(3f, 3f, 1f, 1f, 0f);
  }

  @Test
  void excludesSeenExtraAndExplicitItems() {
    assertThat(pop.recommend(1, 10, RecOptions.DEFAULT).ids()).containsExactly(0, 3, 4);
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(new int[] {0}, new float[] {1f}).withExclude(new int[] {4});
    assertThat(pop.recommend(1, 10, o).ids()).containsExactly(3);
    assertThat(pop.recommend(1, 10, o.withExcludeSeen(false)).ids()).containsExactly(1, 2, 0, 3);
  }

  @Test
  void returnsAtMostKAndNothingForKZero() {
    assertThat(pop.recommend(0, 1, RecOptions.DEFAULT).ids()).containsExactly(3);
    assertThat(pop.recommend(-1, 2, RecOptions.DEFAULT).ids()).containsExactly(1, 2);
    assertThat(pop.recommend(0, 0, RecOptions.DEFAULT).size()).isZero();
  }

  @Test
  void byWeightSumsWeightsAndStillPutsUnusedItemsBelowNegativeSums() {
    InteractionsBuilder b = TestData.builder(2, 4);
    b.add(0, 0, 5f, Long.MIN_VALUE);
    b.add(1, 1, 2f, Long.MIN_VALUE);
    b.add(0, 1, 2f, Long.MIN_VALUE);
    b.add(1, 2, -2f, Long.MIN_VALUE);
    Recommender r = Algorithms.train("pop", b.build(), params("by=weight"));
    ScoredIds all = r.recommend(-1, 10, RecOptions.DEFAULT);
    assertThat(all.ids()).containsExactly(0, 1, 2, 3);
    assertThat(all.scores()).containsExactly(5f, 4f, -2f, 0f);
  }

  @Test
  void trendingDecaysByAgeFromTheLatestEvent() {
    Interactions dated = datedData();
    ScoredIds t = Popularity.trending(dated, Params.empty()).recommend(-1, 10, RecOptions.DEFAULT);
    assertThat(t.ids()).containsExactly(0, 1, 2, 3);
    assertThat(t.scores()).containsExactly(new float[] {2f, 0.75f, 0f, 0f}, within(1e-6f));
    // undecayed, item 2's five undated events and item 1's three old ones win
    assertThat(Popularity.popular(dated, Params.empty()).recommend(-1, 10, RecOptions.DEFAULT).ids())
        .containsExactly(2, 1, 0, 3);
  }

  @Test
  void trendingHonoursHalfLifeAndAGivenNow() {
    Interactions dated = datedData();
    Params p = params("half_life_hours=48", "now=" + (TestData.T0 + 2 * DAY));
    ScoredIds t = Algorithms.train("trending", dated, p).recommend(-1, 2, RecOptions.DEFAULT);
    assertThat(t.ids()).containsExactly(0, 1);
    assertThat(t.scores()).containsExactly(new float[] {1f, 0.75f}, within(1e-6f));
    assertThat(p.resolved()).containsEntry("half_life_hours", 48.0);
  }

  @Test
  void trendingFallsBackToCountsWithoutTimes() {
    Recommender t = Popularity.trending(data, Params.empty());
    assertThat(t.recommend(-1, 10, RecOptions.DEFAULT)).isEqualTo(pop.recommend(-1, 10, RecOptions.DEFAULT));
    assertThat(t.name()).isEqualTo("trending");
  }

  @Test
  void recommendAllEqualsOneByOne() {
    int[] users = {0, 1, 2, 3, -1, 2};
    RecOptions o = RecOptions.DEFAULT.withExclude(new int[] {2});
    ScoredIds[] all = pop.recommendAll(users, 3, o);
    for (int n = 0; n < users.length; n++) {
      assertThat(all[n]).isEqualTo(pop.recommend(users[n], 3, o));
    }
  }

  @Test
  void servesTheSameAfterItsSnapshotReleasesEverythingItDoesNotRead() {
    Interactions dated = datedData();
    Recommender trending = Popularity.trending(dated, Params.empty());
    assertThat(trending.servingNeeds()).isEmpty();
    int[] users = {0, 1, 2, -1};
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(new int[] {3}, new float[] {1f});
    ScoredIds[] before = trending.recommendAll(users, 10, o);
    dated.release(trending.servingNeeds());
    assertThat(dated.byUser().hasValues()).isFalse();
    assertThat(trending.recommendAll(users, 10, o)).isEqualTo(before);
  }

  @Test
  void hasNoSimilarities() {
    assertThatThrownBy(() -> pop.similarItems(0, 3))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("pop");
    assertThatThrownBy(() -> pop.similarUsers(0, 3)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsBadRequests() {
    assertThatThrownBy(() -> pop.recommend(4, 3, RecOptions.DEFAULT)).hasMessageContaining("user id 4");
    assertThatThrownBy(() -> pop.recommend(-2, 3, RecOptions.DEFAULT)).hasMessageContaining("user id -2");
    assertThatThrownBy(() -> pop.recommend(0, -1, RecOptions.DEFAULT)).hasMessageContaining("k must be");
    assertThatThrownBy(() -> pop.recommend(0, 3, RecOptions.DEFAULT.withExclude(new int[] {5})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excluded item id 5");
  }

  @Test
  void rejectsUnknownAndMalformedParameters() {
    assertThatThrownBy(() -> Algorithms.train("pop", data, params("byy=count")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter(s) for pop: [byy]");
    assertThatThrownBy(() -> Algorithms.train("pop", data, params("by=clicks")))
        .hasMessageContaining("by must be one of count, weight");
    assertThatThrownBy(() -> Algorithms.train("trending", data, params("half_life_hours=0")))
        .hasMessageContaining("half_life_hours must be > 0");
    assertThatThrownBy(() -> Algorithms.train("trending", data, params("now=soon")))
        .hasMessageContaining("now must be a number");
  }

  /** Item 0: 2 events now; item 1: 3 events two days ago; item 2: 5 undated events; item 3: none. */
  private static Interactions datedData() {
    InteractionsBuilder b = TestData.builder(5, 4);
    b.add(0, 0, 1f, TestData.T0);
    b.add(1, 0, 1f, TestData.T0);
    for (int u = 0; u < 3; u++) {
      b.add(u, 1, 1f, TestData.T0 - 2 * DAY);
    }
    for (int u = 0; u < 5; u++) {
      b.add(u, 2, 1f, Long.MIN_VALUE);
    }
    return b.build();
  }

  static Params params(String... kv) {
    return Params.parse(List.of(kv));
  }
}
