package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.TestData;
import io.swarmrec.core.matrix.CsrMatrix;
import org.junit.jupiter.api.Test;

class ItemFilterTest {
  private final CsrMatrix byUser = TestData.binary(6, new int[] {0, 1}, new int[] {}).byUser();
  private final RecOptions withExtras = RecOptions.DEFAULT
      .withExtraHistory(new int[] {2}, new float[] {1f}).withExclude(new int[] {5});

  @Test
  void excludesSeenRowExtrasAndExplicitExclusions() {
    ItemFilter f = new ItemFilter(6);
    f.load(byUser, 0, withExtras);
    assertThat(excluded(f)).containsExactly(0, 1, 2, 5);
  }

  @Test
  void withoutExcludeSeenOnlyExplicitExclusionsRemain() {
    ItemFilter f = new ItemFilter(6);
    f.load(byUser, 0, withExtras.withExcludeSeen(false));
    assertThat(excluded(f)).containsExactly(5);
  }

  @Test
  void reloadingForgetsThePreviousRequest() {
    ItemFilter f = new ItemFilter(6);
    f.load(byUser, 0, withExtras);
    f.load(byUser, -1, RecOptions.DEFAULT);
    assertThat(excluded(f)).isEmpty();
  }

  @Test
  void excludesNothingOnlyWhenNoItemCanBeExcluded() {
    assertThat(ItemFilter.excludesNothing(byUser, 1, RecOptions.DEFAULT)).isTrue(); // empty row
    assertThat(ItemFilter.excludesNothing(byUser, -1, RecOptions.DEFAULT)).isTrue();
    assertThat(ItemFilter.excludesNothing(byUser, 0, RecOptions.DEFAULT)).isFalse();
    assertThat(ItemFilter.excludesNothing(byUser, 0, RecOptions.DEFAULT.withExcludeSeen(false))).isTrue();
    assertThat(ItemFilter.excludesNothing(byUser, -1, withExtras.withExclude(new int[0]))).isFalse();
    assertThat(ItemFilter.excludesNothing(byUser, 1, RecOptions.DEFAULT.withExclude(new int[] {3}))).isFalse();
  }

  private static int[] excluded(ItemFilter f) {
    return java.util.stream.IntStream.range(0, 6).filter(f::excludes).toArray();
  }
}
