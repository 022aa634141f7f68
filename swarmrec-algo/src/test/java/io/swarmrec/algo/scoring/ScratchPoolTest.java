package io.swarmrec.algo.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScratchPoolTest {

  @Test
  void reusesReleasedObjectsAndCreatesOnlyWhenEmpty() {
    AtomicInteger created = new AtomicInteger();
    ScratchPool<int[]> pool = new ScratchPool<>(() -> new int[created.incrementAndGet()], 4);
    int[] a = pool.acquire();
    int[] b = pool.acquire();
    assertThat(a).isNotSameAs(b);
    pool.release(a);
    assertThat(pool.acquire()).isSameAs(a);
    assertThat(created.get()).isEqualTo(2);
  }

  @Test
  void dropsObjectsBeyondItsCapacity() {
    ScratchPool<Object> pool = new ScratchPool<>(Object::new, 2);
    for (int i = 0; i < 5; i++) {
      pool.release(new Object());
    }
    assertThat(pool.idle()).isEqualTo(2);
  }

  @Test
  void neverHandsOneObjectToTwoThreadsAtOnce() throws Exception {
    ScratchPool<AtomicBoolean> pool = new ScratchPool<>(AtomicBoolean::new, 2);
    AtomicInteger clashes = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        awaitQuietly(start);
        for (int n = 0; n < 20_000; n++) {
          AtomicBoolean inUse = pool.acquire();
          if (!inUse.compareAndSet(false, true)) {
            clashes.incrementAndGet();
          }
          inUse.set(false);
          pool.release(inUse);
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(clashes.get()).isZero();
  }

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new ScratchPool<>(Object::new, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
