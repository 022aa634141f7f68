package io.swarmrec.algo.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Fixtures;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlendTest {
  private static final int GROUPS = 3;
  private static final int USERS = 12;
  private static final int ITEMS = 8;
  private static final Interactions COMMUNITIES = Fixtures.communities(GROUPS, USERS, ITEMS, 11);

  /** Three users, eight items; user 0 has seen item 0. */
  private final Interactions small = TestData.binary(8, new int[] {0}, new int[] {1}, new int[] {2});

  /** "up" prefers low ids, "down" high ids; both are trained through this trainer, which records params. */
  private final Map<String, Params> routed = new HashMap<>();
  private final Map<String, FixedOrder> trained = new HashMap<>();
  private final Blend.ComponentTrainer fixed = (algo, data, params) -> {
    routed.put(algo, params);
    params.getInt("depth", 3); // a component parameter, to see it routed
    params.requireAllUsed(algo);
    FixedOrder r = switch (algo) {
      case "up" -> new FixedOrder("up", data, 8, 7, 6, 5, 4, 3, 2, 1);
      case "down" -> new FixedOrder("down", data, 1, 2, 3, 4, 5, 6, 7, 8);
      default -> throw new IllegalArgumentException("unknown algorithm '" + algo + "'");
    };
    trained.put(algo, r);
    return r;
  };

  private Recommender blend(String... params) {
    return Blend.train(Blend.NAME, small, Params.parse(List.of(params)), fixed);
  }

  @ParameterizedTest
  @EnumSource(Fusion.class)
  void weightsDecideWhichComponentLeads(Fusion fusion) {
    String f = "fusion=" + fusion.name().toLowerCase();
    ScoredIds upLeads = blend("components=up,down", "w.up=3", "w.down=1", f).recommend(1, 3, RecOptions.DEFAULT);
    ScoredIds downLeads = blend("components=up,down", "w.up=1", "w.down=3", f).recommend(1, 3, RecOptions.DEFAULT);
    assertThat(upLeads.ids()).containsExactly(0, 2, 3);
    assertThat(downLeads.ids()).containsExactly(7, 6, 5);
    ScoredIds onlyDown = blend("components=up,down", "w.up=0", f).recommend(1, 3, RecOptions.DEFAULT);
    assertThat(onlyDown.ids()).containsExactly(7, 6, 5);
  }

  @Test
  void seenExcludedAndRealTimeItemsAreFilteredAndPassedToComponents() {
    Recommender r = blend("components=up,down", "w.down=0.5");
    RecOptions o = RecOptions.DEFAULT.withExclude(new int[] {1}).withExtraHistory(new int[] {2}, new float[] {1});
    ScoredIds top = r.recommend(0, 8, o);
    assertThat(top.ids()).doesNotContain(0, 1, 2).hasSize(5);
    assertThat(trained.get("up").lastOptions).isSameAs(o);
    assertThat(trained.get("down").lastOptions).isSameAs(o);
    assertThat(r.recommend(0, 8, o.withExcludeSeen(false)).ids()).contains(0, 2).doesNotContain(1);
  }

  @Test
  void componentParametersAreRoutedAndReported() {
    Params p = Params.parse(List.of("components=up,down", "up.depth=9", "w.down=0.25"));
    Blend.train(Blend.NAME, small, p, fixed);
    assertThat(routed.get("up").given()).containsExactly(Map.entry("depth", "9"));
    assertThat(routed.get("down").given()).isEmpty();
    assertThat(p.resolved()).containsEntry("up.depth", 9).containsEntry("down.depth", 3)
        .containsEntry("w.down", 0.25).containsEntry("components", "up,down");
    p.requireAllUsed(Blend.NAME);
  }

  @Test
  void unknownOrMisspeltPartsAreRefused() {
    assertThatThrownBy(() -> Algorithms.train(Blend.NAME, COMMUNITIES,
        Params.parse(List.of("components=itemknn,nosuch")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown algorithm 'nosuch'");
    assertThatThrownBy(() -> Algorithms.train(Blend.NAME, COMMUNITIES,
        Params.parse(List.of("components=itemknn,userknn", "userknn.neighbours=5"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbours");
    assertThatThrownBy(() -> Algorithms.train(Blend.NAME, COMMUNITIES,
        Params.parse(List.of("components=itemknn,userknn", "w.pop=1")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("w.pop");
    assertThatThrownBy(() -> blend("components=up,up")).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> blend("components=up,blend")).hasMessageContaining("cannot contain a blend");
    assertThatThrownBy(() -> blend("components=up,down", "w.up=0", "w.down=0")).hasMessageContaining("every");
    assertThatThrownBy(() -> blend("components=up", "w.up=-1")).hasMessageContaining("w.up must be >= 0");
    assertThatThrownBy(() -> blend("components=up", "fusion=max")).hasMessageContaining("fusion");
    assertThatThrownBy(() -> blend("components=up", "fusion=borda", "rrf_k=5")).hasMessageContaining("rrf_k");
  }

  @Test
  void theCatalogueTrainsBlendAndHybridByName() {
    for (String name : List.of(Blend.NAME, Blend.ALIAS)) {
      Recommender r = Algorithms.train(name, COMMUNITIES, Params.parse(List.of("components=itemknn,userknn")));
      assertThat(r.name()).isEqualTo(name);
      assertThat(r.data()).isSameAs(COMMUNITIES);
    }
  }

  /** The model contract on planted communities, with real components trained through the catalogue. */
  @ParameterizedTest
  @EnumSource(Fusion.class)
  void realComponentsFindTheHeldOutItemAndAgreeInBatch(Fusion fusion) {
    Recommender r = Algorithms.train(Blend.NAME, COMMUNITIES, Params.parse(List.of("components=gfcf,userknn,itemknn",
        "gfcf.factors=3", "gfcf.threads=2", "w.itemknn=0.5", "fusion=" + fusion.name().toLowerCase())));
    int[] users = IntStream.range(0, COMMUNITIES.numUsers()).map(u -> COMMUNITIES.numUsers() - 1 - u).toArray();
    ScoredIds[] batch = r.recommendAll(users, 4, RecOptions.DEFAULT);
    for (int i = 0; i < users.length; i++) {
      int u = users[i];
      ScoredIds one = r.recommend(u, 4, RecOptions.DEFAULT);
      assertThat(one.id(0)).isEqualTo(Fixtures.missingItem(COMMUNITIES, u, USERS, ITEMS));
      assertThat(batch[i].ids()).containsExactly(one.ids());
      for (int rank = 0; rank < one.size(); rank++) {
        assertThat(COMMUNITIES.byUser().contains(u, one.id(rank))).isFalse();
      }
    }
    int[] group2 = {2 * ITEMS, 2 * ITEMS + 1, 2 * ITEMS + 2};
    ScoredIds cold = r.recommend(-1, 4, RecOptions.DEFAULT.withExtraHistory(group2, new float[] {1, 1, 1}));
    assertThat(cold.ids()).hasSize(4).doesNotContain(group2[0], group2[1], group2[2]);
    assertThat(IntStream.of(cold.ids()).map(i -> i / ITEMS)).containsOnly(2);
    ScoredIds similar = r.similarItems(ITEMS + 3, 5); // userknn has none: gfcf and itemknn answer
    assertThat(similar.ids()).hasSize(5).doesNotContain(ITEMS + 3);
    assertThat(IntStream.of(similar.ids()).map(i -> i / ITEMS)).containsOnly(1);
    assertThat(IntStream.of(r.similarUsers(2 * USERS + 1, 5).ids()).map(v -> v / USERS)).containsOnly(2);
  }

  @Test
  void similarityNeedsAComponentThatHasIt() {
    Recommender r = blend("components=up,down");
    assertThatThrownBy(() -> r.similarItems(0, 3)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("item similarity");
    assertThat(r.similarUsers(0, 1).ids()).containsExactly(1);
  }

  @Test
  void badRequestsFailClearly() {
    Recommender r = blend("components=up,down");
    assertThatThrownBy(() -> r.recommend(3, 5, RecOptions.DEFAULT)).hasMessageContaining("user id 3");
    assertThatThrownBy(() -> r.recommend(0, -1, RecOptions.DEFAULT)).hasMessageContaining("k must be");
    assertThatThrownBy(() -> r.recommend(0, 2, RecOptions.DEFAULT.withExclude(new int[] {8})))
        .hasMessageContaining("excluded item id 8");
  }

  @Test
  void precomputedListsAnswerLikeTheModel() {
    Recommender model = Algorithms.train("userknn", COMMUNITIES, Params.empty());
    int[] users = {5, 1, 30};
    Recommender cached = Blend.precomputed(model, users, 6);
    for (int u = 0; u < COMMUNITIES.numUsers(); u++) {
      for (int k : new int[] {1, 4, 6, 9}) {
        assertThat(cached.recommend(u, k, RecOptions.DEFAULT)).isEqualTo(model.recommend(u, k, RecOptions.DEFAULT));
      }
    }
    RecOptions other = RecOptions.DEFAULT.withExclude(new int[] {2});
    assertThat(cached.recommendAll(users, 3, other)).containsExactly(model.recommendAll(users, 3, other));
    List<Recommender> parts = new ArrayList<>(List.of(cached, Algorithms.train("itemknn", COMMUNITIES, Params.empty())));
    Recommender b = Blend.of(COMMUNITIES, parts, new float[] {1, 0.5f}, Fusion.RRF, 10, 60);
    assertThat(b.recommend(5, 3, RecOptions.DEFAULT).ids()).containsExactly(Fixtures.missingItem(COMMUNITIES, 5, USERS,
        ITEMS)); // the community's only unseen item; nothing outside the community is proposed
  }
}
