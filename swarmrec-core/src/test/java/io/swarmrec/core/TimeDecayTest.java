package io.swarmrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeDecayTest {
  @Test
  void halvesEveryHalfLife() {
    TimeDecay d = TimeDecay.halfLife(3600);
    assertThat(d.weight(0, 0)).isEqualTo(1.0);
    assertThat(d.weight(0, 3600)).isCloseTo(0.5, within(1e-12));
    assertThat(d.weight(0, 7200)).isCloseTo(0.25, within(1e-12));
    assertThat(d.weight(100, 0)).isEqualTo(1.0);
    assertThatThrownBy(() -> TimeDecay.halfLife(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
