package io.swarmrec.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.server.metrics.Metrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GuardsTest {
  @Test
  void scoringBeyondThePermitsIsRefusedAtOnceAndPermitsComeBack() throws Exception {
    try (Guards g = new Guards(1, 2, new Metrics())) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Integer> a = g.scoring(() -> await(release, 1));
      CompletableFuture<Integer> b = g.scoring(() -> await(release, 2));
      CompletableFuture<Integer> c = g.scoring(() -> 3);
      assertThatThrownBy(c::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(Refusal.Overloaded.class);
      release.countDown();
      assertThat(a.join() + b.join()).isEqualTo(3);
      assertThat(g.scoring(() -> 4).join()).isEqualTo(4); // permits were given back
    }
  }

  @Test
  void aFullWorkerQueueIsUnavailableNotAnException() throws Exception {
    try (Guards g = new Guards(1, 1_000, new Metrics())) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<?> last = null;
      for (int i = 0; i < 5_000 && (last == null || !last.isCompletedExceptionally()); i++) {
        last = g.onWorker(() -> await(release, 0));
      }
      assertThat(last.isCompletedExceptionally()).isTrue();
      assertThatThrownBy(last::join).hasCauseInstanceOf(Refusal.Unavailable.class);
      release.countDown();
    }
  }

  private static int await(CountDownLatch l, int v) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return v;
  }
}
