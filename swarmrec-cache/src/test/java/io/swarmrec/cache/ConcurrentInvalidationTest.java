package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes under contention: while other threads keep computing and storing the user's list
 * from whatever history they saw, a thread that records an action and invalidates must never be served
 * a list computed from the history before its action, from either tier or either replica.
 */
class ConcurrentInvalidationTest {

  @Test
  void afterInvalidateNoListComputedFromOlderHistoryIsServed() throws Exception {
    InMemoryL2Store redis = new InMemoryL2Store();
    CacheConfig config = CacheConfig.builder().expectedUsers(1024).build();
    TieredCache a = TieredCache.builder(config).l2(redis).build();
    TieredCache b = TieredCache.builder(config).l2(redis).build();
    RecKey key = RecKey.of("u", 10, "als");
    AtomicInteger history = new AtomicInteger(); // the user's number of actions so far
    Function<RecKey, CachedRecs> compute = k -> TieredCacheTest.recs("after-" + history.get());
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (TieredCache replica : List.of(a, b, a)) {
        readers.add(pool.submit(() -> {
          while (!done.get()) {
            replica.get(key, compute);
          }
        }));
      }
      for (int action = 1; action <= 2000; action++) {
        history.set(action);
        (action % 2 == 0 ? a : b).invalidate("u");
        for (TieredCache replica : List.of(a, b)) {
          int seen = Integer.parseInt(replica.get(key, compute).itemId(0).substring("after-".length()));
          assertThat(seen).as("action %d", action).isGreaterThanOrEqualTo(action);
        }
      }
      done.set(true);
      for (Future<?> r : readers) {
        r.get();
      }
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }
}
