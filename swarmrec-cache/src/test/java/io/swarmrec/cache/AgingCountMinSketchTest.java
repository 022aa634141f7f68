package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgingCountMinSketchTest {
  private final ManualTicker ticker = new ManualTicker();
  private final AgingCountMinSketch sketch = new AgingCountMinSketch(1000, Duration.ofHours(1).toNanos(), ticker);

  @Test
  void neverUndercountsAndStaysCloseWhenSizedForTheKeys() {
    Random rnd = new Random(1);
    int[] truth = new int[1000];
    for (int i = 0; i < 20_000; i++) {
      int u = (int) Math.min(999, Math.abs(rnd.nextGaussian()) * 150); // skewed activity
      truth[u]++;
      sketch.increment("user-" + u);
    }
    int exact = 0;
    for (int u = 0; u < truth.length; u++) {
      int est = sketch.estimate("user-" + u);
      assertThat(est).isGreaterThanOrEqualTo(Math.min(truth[u], AgingCountMinSketch.MAX_COUNT));
      if (est == Math.min(truth[u], AgingCountMinSketch.MAX_COUNT)) {
        exact++;
      }
    }
    assertThat(exact).isGreaterThan(900); // conservative update keeps collisions rare
  }

  @Test
  void halvesOncePerHalfLife() {
    for (int i = 0; i < 40; i++) {
      sketch.increment("u");
    }
    assertThat(sketch.estimate("u")).isEqualTo(40);
    ticker.advance(Duration.ofMinutes(59));
    assertThat(sketch.estimate("u")).isEqualTo(40);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(sketch.estimate("u")).isEqualTo(20);
    ticker.advance(Duration.ofHours(2));
    assertThat(sketch.estimate("u")).isEqualTo(5);
    ticker.advance(Duration.ofDays(30)); // a long idle time empties it in one pass
    assertThat(sketch.estimate("u")).isZero();
    assertThat(sketch.halvings()).isGreaterThanOrEqualTo(11);
  }

  @Test
  void saturates() {
    for (int i = 0; i < 1000; i++) {
      sketch.increment("hot");
    }
    assertThat(sketch.estimate("hot")).isEqualTo(AgingCountMinSketch.MAX_COUNT);
  }
}
