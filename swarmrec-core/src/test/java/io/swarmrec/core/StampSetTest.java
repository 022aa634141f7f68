package io.swarmrec.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StampSetTest {
  @Test
  void clearForgetsEveryMember() {
    StampSet s = new StampSet(10);
    s.add(3);
    s.add(9);
    assertThat(s.contains(3)).isTrue();
    assertThat(s.contains(4)).isFalse();
    s.clear();
    assertThat(s.contains(3)).isFalse();
    assertThat(s.contains(9)).isFalse();
    s.add(4);
    assertThat(s.contains(4)).isTrue();
  }
}
