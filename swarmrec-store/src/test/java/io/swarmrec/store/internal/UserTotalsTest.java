package io.swarmrec.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserTotalsTest {

  @Test
  void foldsABatchPerDistinctUser() {
    UserTotals t = UserTotals.of(List.of(
        Event.rating("a", "i1", 4f, 100), Event.of("b", "i1", "view", Event.NO_TIME),
        Event.of("a", "i2", "view", 300), Event.rating("a", "i3", 1f, 200)));
    assertThat(t.users()).containsExactly("a", "b");
    assertThat(t.events()).containsExactly(3, 1);
    assertThat(t.ratings()).containsExactly(2, 0);
    assertThat(t.ratingSums()).containsExactly(5.0, 0.0);
    assertThat(t.lastTimes()).containsExactly(300, Event.NO_TIME);
  }
}
