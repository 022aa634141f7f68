package io.swarmrec.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.core.IdDictionary;
import org.junit.jupiter.api.Test;

class InteractionsTest {
  private static Interactions sample() {
    IdDictionary users = new IdDictionary();
    IdDictionary items = new IdDictionary();
    for (String u : new String[] {"u0", "u1"}) {
      users.getOrAdd(u);
    }
    for (String i : new String[] {"i0", "i1", "i2"}) {
      items.getOrAdd(i);
    }
    CsrMatrix byUser = new CsrMatrix(2, 3, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new float[] {1f, 2f, 3f},
        new int[] {10, 20, 30});
    return new Interactions(users, items, byUser);
  }

  @Test
  void itemMajorIsDerivedOnFirstUseAndCanBeDroppedAndRebuilt() {
    Interactions x = sample();
    assertThat(x.holdsItemMajor()).isFalse();
    long userOnly = x.matrixBytes();
    CsrMatrix byItem = x.byItem();
    assertThat(x.byItem()).isSameAs(byItem);
    assertThat(x.holdsItemMajor()).isTrue();
    assertThat(byItem.get(2, 0)).isEqualTo(2f);
    assertThat(byItem.times()).containsExactly(10, 30, 20);
    assertThat(x.matrixBytes()).isEqualTo(userOnly + byItem.sizeInBytes());

    assertThat(x.dropItemMajor()).isEqualTo(byItem.sizeInBytes());
    assertThat(x.holdsItemMajor()).isFalse();
    assertThat(x.matrixBytes()).isEqualTo(userOnly);
    assertThat(x.dropItemMajor()).isZero();
    CsrMatrix again = x.byItem();
    assertThat(again).isNotSameAs(byItem);
    assertThat(again.indptr()).isEqualTo(byItem.indptr());
    assertThat(again.indices()).isEqualTo(byItem.indices());
    assertThat(again.values()).isEqualTo(byItem.values());
    assertThat(byItem.get(1, 1)).isEqualTo(3f); // a matrix handed out before the drop stays valid
  }
}
