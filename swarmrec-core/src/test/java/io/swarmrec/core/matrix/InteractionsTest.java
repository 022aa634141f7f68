package io.swarmrec.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.IdDictionary;
import java.util.EnumSet;
import java.util.Set;
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

  @Test
  void releaseDropsWeightsAndTimesButKeepsTheStructure() {
    Interactions x = sample();
    CsrMatrix before = x.byUser();
    x.byItem();
    long held = x.matrixBytes();
    long freed = x.release(EnumSet.noneOf(Interactions.Part.class));
    assertThat(freed).isEqualTo(held - x.matrixBytes()).isPositive();
    CsrMatrix after = x.byUser();
    assertThat(after.hasValues()).isFalse();
    assertThat(after.hasTimes()).isFalse();
    assertThat(after.indptr()).isSameAs(before.indptr());
    assertThat(after.indices()).isSameAs(before.indices());
    assertThat(after.contains(0, 2)).isTrue();
    assertThat(x.holdsItemMajor()).isFalse();
    assertThat(x.matrixBytes()).isEqualTo(4L * 3 + 4L * 3); // pointers and item ids only
    assertThatThrownBy(after::values).isInstanceOf(IllegalStateException.class).hasMessageContaining("no weights");
    assertThatThrownBy(() -> after.get(0, 2)).isInstanceOf(IllegalStateException.class);
    assertThat(x.latestEpochSecond()).isEqualTo(Long.MIN_VALUE);
    CsrMatrix byItem = x.byItem(); // derived again, without the released parts
    assertThat(byItem.hasValues()).isFalse();
    assertThat(byItem.hasTimes()).isFalse();
    assertThat(byItem.indices()).containsExactly(0, 1, 0);
    assertThat(before.get(0, 2)).isEqualTo(2f); // a matrix handed out before stays valid
    assertThat(x.release(EnumSet.noneOf(Interactions.Part.class))).isEqualTo(byItem.sizeInBytes());
  }

  @Test
  void releaseKeepsWhatIsAskedFor() {
    Interactions x = sample();
    x.byItem();
    assertThat(x.release(EnumSet.allOf(Interactions.Part.class))).isZero();
    assertThat(x.holdsItemMajor()).isTrue();

    assertThat(x.release(Set.of(Interactions.Part.WEIGHTS, Interactions.Part.ITEM_MAJOR))).isPositive();
    assertThat(x.byUser().values()).containsExactly(1f, 2f, 3f);
    assertThat(x.byUser().hasTimes()).isFalse();
    assertThat(x.holdsItemMajor()).isFalse(); // it held times: derived again on demand, without them
    assertThat(x.byItem().values()).containsExactly(1f, 3f, 2f);

    Interactions y = sample();
    y.release(Set.of(Interactions.Part.TIMES));
    assertThat(y.byUser().hasValues()).isFalse();
    assertThat(y.byUser().times()).containsExactly(10, 20, 30);
    assertThat(y.latestEpochSecond()).isEqualTo(Interactions.TIME_BASE + 30);
  }

  @org.junit.jupiter.api.Test
  void robustNowIgnoresAFewFutureDatedEventsAndNeverPassesTheWallClock() {
    InteractionsBuilder b = new InteractionsBuilder();
    long base = 1_700_000_000L;
    for (int i = 0; i < 5_000; i++) {
      b.add("u" + (i % 100), "i" + i, 1f, base + i);
    }
    b.add("z", "future", 1f, 3_700_000_000L); // one event in 2087
    Interactions data = b.build();
    assertThat(data.latestEpochSecond()).isEqualTo(3_700_000_000L);
    long now = data.robustNowEpochSecond(Long.MAX_VALUE);
    assertThat(now).isBetween(base + 4_990, base + 4_999); // the 99.9th percentile of the 5,001 times
    assertThat(data.robustNowEpochSecond(base + 100)).isEqualTo(base + 100); // capped at the wall clock
    // times before TIME_BASE (negative stored offsets) sort below later ones
    InteractionsBuilder old = new InteractionsBuilder();
    old.add("u", "a", 1f, 900_000_000L);
    old.add("u", "b", 1f, 800_000_000L);
    assertThat(old.build().robustNowEpochSecond(Long.MAX_VALUE)).isEqualTo(900_000_000L);
    assertThat(new InteractionsBuilder().build().robustNowEpochSecond(0)).isEqualTo(Long.MIN_VALUE);
  }
}
