package io.swarmrec.cache;

import static io.swarmrec.cache.RedisTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the shared test Redis at 127.0.0.1:6379 (or SWARMREC_TEST_REDIS_URL), skipped when it does not
 * answer (failed when CI=true). Asynchronous effects (pipelined writes, pub/sub) are polled for with a
 * bounded wait, never slept on.
 */
class RedisTieredCacheTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String prefix = RedisTestSupport.uniquePrefix();
  private static String url;

  private final List<TieredCache> caches = new ArrayList<>();

  @BeforeEach
  void findRedis() {
    url = RedisTestSupport.requireRedis();
  }

  @AfterAll
  static void removeKeys() {
    if (url != null) { // null when every test was skipped
      RedisTestSupport.deleteKeys(url, prefix);
    }
  }

  @AfterEach
  void closeAll() {
    caches.forEach(TieredCache::close);
  }

  private TieredCache replica(String redisUrl) {
    CacheConfig config = CacheConfig.builder().redisUrl(redisUrl).keyPrefix(prefix).expectedUsers(4096)
        .commandTimeout(Duration.ofSeconds(1)) // generous: the machine is shared, and this is not a timing test
        .build();
    TieredCache cache = TieredCache.open(config);
    caches.add(cache);
    return cache;
  }

  private static CachedRecs compute(RecKey k) {
    return TieredCacheTest.recs(k.user() + "-1", k.user() + "-2", "k" + k.k());
  }

  @Test
  void roundTripsThroughRedisWithTheUsersTtl() {
    TieredCache a = replica(url);
    TieredCache b = replica(url);
    RecKey key = new RecKey("alice:ü{1}", 10, "itemknn", "feed", null, "paris");
    CachedRecs stored = a.get(key, RedisTieredCacheTest::compute);

    assertThat(poll(WAIT, () -> b.getIfPresent(key) != null)).isTrue();
    assertThat(b.getIfPresent(key)).isEqualTo(stored);
    assertThat(b.stats().l2().hits()).isEqualTo(1);
    assertThat(b.stats().l2().errors()).isZero();

    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      long pttl = c.sync().pttl(new RedisKeys(prefix).entry(key));
      assertThat(pttl).isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  void anInvalidationOnOneReplicaHidesTheEntryOnAnotherThroughPubSub() {
    TieredCache a = replica(url);
    TieredCache b = replica(url);
    RecKey key = RecKey.of("bob", 10, "als");
    RecKey other = RecKey.of("carol", 10, "als");
    a.get(key, RedisTieredCacheTest::compute);
    a.get(other, RedisTieredCacheTest::compute);
    assertThat(poll(WAIT, () -> b.getIfPresent(key) != null && b.getIfPresent(other) != null)).isTrue();

    a.invalidate("bob");

    // b holds the entry in L1: only the broadcast can hide it there
    assertThat(poll(WAIT, () -> b.getIfPresent(key) == null)).isTrue();
    assertThat(b.stats().remoteInvalidations()).isEqualTo(1);
    assertThat(b.getIfPresent(other)).isNotNull();

    a.invalidateAll();
    assertThat(poll(WAIT, () -> b.getIfPresent(other) == null)).isTrue();
    assertThat(a.getIfPresent(other)).isNull();
  }

  @Test
  void underConcurrentReadersTheActingReplicaReadsItsWriteAndTheOtherCatchesUp() throws Exception {
    TieredCache a = replica(url);
    TieredCache b = replica(url);
    RecKey key = RecKey.of("ivan", 10, "als");
    AtomicInteger history = new AtomicInteger();
    java.util.function.Function<RecKey, CachedRecs> compute = k -> TieredCacheTest.recs("after-" + history.get());
    java.util.function.ToIntFunction<TieredCache> seen =
        c -> Integer.parseInt(c.get(key, compute).itemId(0).substring("after-".length()));
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    for (TieredCache replica : List.of(a, b)) {
      Thread t = new Thread(() -> {
        while (!done.get()) {
          replica.get(key, compute);
          java.util.concurrent.locks.LockSupport.parkNanos(100_000); // leave the 2 cores to Lettuce too
        }
      });
      t.start();
      readers.add(t);
    }
    try {
      for (int action = 1; action <= 300; action++) {
        int now = action;
        history.set(action);
        a.invalidate("ivan");
        assertThat(seen.applyAsInt(a)).as("read-your-write at action %d", action).isGreaterThanOrEqualTo(action);
        assertThat(poll(WAIT, () -> seen.applyAsInt(b) >= now))
            .as("b catches up at action %d; a: %s; b: %s", action, a.stats(), b.stats()).isTrue();
      }
    } finally {
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
  }
}
