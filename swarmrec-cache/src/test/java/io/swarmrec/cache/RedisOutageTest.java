package io.swarmrec.cache;

import static io.swarmrec.cache.RedisTestSupport.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Redis failing under the cache: a port where nothing listens, and a throwaway redis-server this test
 * starts, stops mid-run and restarts (skipped when redis-server is not on PATH). Needs no shared Redis.
 */
class RedisOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final String prefix = RedisTestSupport.uniquePrefix();
  private final List<TieredCache> caches = new ArrayList<>();
  private Process server;

  @AfterEach
  void cleanUp() throws InterruptedException {
    caches.forEach(TieredCache::close);
    RedisTestSupport.stop(server);
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
  void pointedAtAClosedPortItServesFromL1AndCountsErrors() throws Exception {
    TieredCache cache = replica("redis://127.0.0.1:" + RedisTestSupport.freePort());
    RecKey key = RecKey.of("dave", 10, "als");

    assertThat(cache.get(key, RedisOutageTest::compute)).isNotNull();
    assertThat(cache.getIfPresent(key)).isNotNull();
    assertThat(cache.getIfPresent(RecKey.of("erin", 10, "als"))).isNull();
    cache.invalidate("dave");
    assertThat(cache.getIfPresent(key)).isNull();
    assertThat(cache.stats().l2().errors()).isPositive();
    assertThat(cache.stats().l1().hits()).isEqualTo(1);
  }

  @Test
  void survivesRedisGoingDownAndRecoversWhenItIsBack() throws Exception {
    Assumptions.assumeTrue(RedisTestSupport.redisServerOnPath(), "redis-server is not on PATH");
    int port = RedisTestSupport.freePort();
    server = RedisTestSupport.startRedisServer(port);
    String ownUrl = "redis://127.0.0.1:" + port;
    TieredCache a = replica(ownUrl);
    TieredCache b = replica(ownUrl);
    RecKey key = RecKey.of("frank", 10, "als");
    a.get(key, RedisOutageTest::compute);
    assertThat(poll(WAIT, () -> b.getIfPresent(key) != null)).isTrue();

    RedisTestSupport.stop(server);
    AtomicInteger computed = new AtomicInteger();
    RecKey during = RecKey.of("grace", 10, "als");
    assertThat(a.getIfPresent(key)).as("L1 still serves").isNotNull();
    assertThat(a.get(during, k -> {
      computed.incrementAndGet();
      return compute(k);
    })).isNotNull();
    a.invalidate("frank");
    assertThat(a.getIfPresent(key)).isNull();
    assertThat(b.getIfPresent(key)).as("b cannot be told while Redis is down").isNotNull();
    assertThat(a.stats().l2().errors()).isPositive();

    server = RedisTestSupport.startRedisServer(port);

    // b resubscribes, learns it may have missed invalidations, and drops its L1
    assertThat(poll(WAIT, () -> b.getIfPresent(key) == null)).isTrue();
    RecKey after = RecKey.of("heidi", 10, "als");
    assertThat(poll(WAIT, () -> {
      a.get(after, RedisOutageTest::compute);
      return b.getIfPresent(after) != null;
    })).as("L2 shared again").isTrue();
    assertThat(b.stats().l2().hits()).isPositive();
  }
}
