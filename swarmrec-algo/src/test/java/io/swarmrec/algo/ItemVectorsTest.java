package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemVectorsTest {

  @Test
  void storesOnlyTheItemsThatHaveAVector() {
    ItemVectors v = ItemVectors.builder(5, 2).put(3, new float[] {1, 2}).put(1, new float[] {3, 4}).build();
    assertThat(v.numItems()).isEqualTo(5);
    assertThat(v.dimensions()).isEqualTo(2);
    assertThat(v.size()).isEqualTo(2);
    assertThat(v.has(3)).isTrue();
    assertThat(v.has(0)).isFalse();
    assertThat(v.row(3)).isEqualTo(0);
    assertThat(v.item(1)).isEqualTo(1);
    assertThat(v.vector(1)).containsExactly(3, 4);
    assertThat(v.vector(2)).isNull();
    assertThat(v.matrix().data()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void ofAndNone() {
    ItemVectors v = ItemVectors.of(null, new float[] {1, 0, 0}, null);
    assertThat(v.numItems()).isEqualTo(3);
    assertThat(v.size()).isEqualTo(1);
    assertThat(v.row(1)).isEqualTo(0);
    ItemVectors none = ItemVectors.none(4);
    assertThat(none.size()).isZero();
    assertThat(none.has(3)).isFalse();
  }

  @Test
  void rejectsBadVectorsClearly() {
    ItemVectors.Builder b = ItemVectors.builder(3, 2).put(0, new float[] {1, 1});
    assertThatThrownBy(() -> b.put(1, new float[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 dimensions, expected 2");
    assertThatThrownBy(() -> b.put(0, new float[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a vector");
    assertThatThrownBy(() -> b.put(2, new float[] {Float.NaN, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> b.put(3, new float[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item id 3");
    assertThatThrownBy(() -> ItemVectors.builder(3, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions");
  }

  /**
   * The server puts items known only from metadata (a vector, no events yet) into the snapshot: every
   * algorithm must train and answer with such empty item columns, and the ones that ignore vectors must
   * accept them.
   */
  @Test
  void everyAlgorithmToleratesItemsWithoutInteractionsAndAcceptsVectors() {
    InteractionsBuilder b = TestData.builder(40, 30);
    java.util.Random rnd = new java.util.Random(9);
    for (int u = 0; u < 40; u++) {
      for (int e = 0; e < 6; e++) {
        b.add(u, rnd.nextInt(24), 1f, TestData.T0 + rnd.nextInt(10_000)); // items 24..29 stay empty
      }
    }
    Interactions data = b.build();
    float[][] byItem = new float[30][];
    for (int i = 0; i < 30; i++) {
      byItem[i] = new float[] {(float) Math.cos(i), (float) Math.sin(i)};
    }
    ItemVectors vectors = ItemVectors.of(byItem);
    for (String name : Algorithms.names()) {
      Params p = switch (name) {
        case "als", "svd", "gfcf", "bspm" -> Params.parse(List.of("factors=4"));
        default -> Params.empty();
      };
      Recommender r = Algorithms.train(name, data, p, vectors);
      ScoredIds top = r.recommend(0, 10, RecOptions.DEFAULT);
      assertThat(top.size()).as(name).isPositive();
      for (float s : top.scores()) {
        assertThat(Float.isFinite(s)).as(name + " scores finite").isTrue();
      }
    }
  }
}
