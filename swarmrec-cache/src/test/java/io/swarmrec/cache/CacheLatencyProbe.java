package io.swarmrec.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A manual measurement, not a test (nothing here is asserted): L1 lookup cost and the round trip of a
 * 100-key MGET through the cache and through the bare store. Run from the repository root:
 *
 * <pre>
 *   ./mvnw -X -o -pl swarmrec-cache -am test -Dtest=RedisKeysTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     | grep 'test classpath' | grep swarmrec-cache | sed 's/.*test classpath://' | tr -s ' ' ':' > /tmp/cp.txt
 *   java -cp "$(cat /tmp/cp.txt)" io.swarmrec.cache.CacheLatencyProbe [redis://127.0.0.1:6379 | none]
 * </pre>
 */
public final class CacheLatencyProbe {
  private static final int USERS = 10_000;

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : RedisTestSupport.URL; // "none" measures L1 only
    System.out.printf("JDK %s, %d cores, load average %.1f%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    l1(CacheConfig.builder().build()); // sized for a million users: its tables exceed the CPU caches
    l1(CacheConfig.builder().expectedUsers(USERS).build()); // sized for the users actually measured
    if (!url.equals("none")) {
      l2(url);
    }
  }

  private static void l1(CacheConfig config) {
    System.out.printf("L1 with expectedUsers = %,d, %,d users looked up in turn%n", config.expectedUsers(), USERS);
    TieredCache cache = TieredCache.open(config);
    RecKey[] keys = new RecKey[USERS];
    for (int u = 0; u < USERS; u++) {
      keys[u] = RecKey.of("user-" + u, 10, "itemknn");
      cache.put(keys[u], TieredCacheTest.recs(ids(10)));
    }
    // thread CPU time as well as wall time: on a shared, loaded machine wall time mostly measures waiting
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    int n = 2_000_000;
    for (int round = 0; round < 4; round++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += cache.getIfPresent(keys[i % USERS]).size();
      }
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      c0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink += cache.l1().get(keys[i % USERS]).size();
      }
      long bareCpu = threads.getCurrentThreadCpuTime() - c0;
      System.out.printf("L1 round %d: getIfPresent %.0f ns/op CPU (%.0f wall); bare Caffeine get + stamp check %.0f ns/op CPU%n",
          round, (double) cpu / n, (double) wall / n, (double) bareCpu / n);
    }
    System.out.println("(sink " + sink + ")");
  }

  private static void l2(String url) {
    String prefix = RedisTestSupport.uniquePrefix();
    CacheConfig config = CacheConfig.builder().redisUrl(url).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(1)).build(); // measuring round trips, not timeouts
    int batches = 1000;
    try (TieredCache writer = TieredCache.open(config); TieredCache reader = TieredCache.open(config);
         L2Store store = L2Store.redis(url, Duration.ofSeconds(1), 10_000)) {
      List<List<RecKey>> batchKeys = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        Map<RecKey, CachedRecs> entries = new HashMap<>();
        List<RecKey> ks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          RecKey k = RecKey.of("u" + b + "-" + i, 10, "itemknn");
          ks.add(k);
          entries.put(k, TieredCacheTest.recs(ids(10)));
        }
        writer.putAll(entries);
        batchKeys.add(ks);
        if (!RedisTestSupport.poll(Duration.ofSeconds(30), () -> writer.stats().l2().puts() == 100L * batchKeys.size())) {
          throw new IllegalStateException("Redis at " + url + " did not take the writes: " + writer.stats());
        }
      }
      long[] viaCache = new long[batches - 1];
      long[] bare = new long[batches - 1];
      long[] writes = new long[batches - 1];
      RedisKeys redisKeys = new RedisKeys(prefix);
      for (int b = 0; b < batches - 1; b++) {
        long t0 = System.nanoTime();
        int found = reader.getAll(batchKeys.get(b)).size();
        viaCache[b] = System.nanoTime() - t0;
        if (found != 100) {
          throw new IllegalStateException("batch " + b + ": " + found + " of 100");
        }
        List<String> raw = batchKeys.get(b).stream().map(redisKeys::entry).toList();
        t0 = System.nanoTime();
        List<byte[]> values = store.getAll(raw).toCompletableFuture().join();
        bare[b] = System.nanoTime() - t0;
        long[] ttls = new long[raw.size()];
        Arrays.fill(ttls, 60_000);
        t0 = System.nanoTime();
        store.setAll(raw, values, ttls).toCompletableFuture().join();
        writes[b] = System.nanoTime() - t0;
      }
      report("getAll(100 keys), all L1 misses, L2 hits (MGET + decode + promote)", viaCache);
      report("bare MGET of 100 entries through the shared Lettuce connection", bare);
      report("bare pipelined SET PX of the same 100 entries, until all acknowledged", writes);
    } finally {
      RedisTestSupport.deleteKeys(url, prefix);
    }
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int from = sorted.length / 10; // the first tenth is JIT warm-up
    long[] steady = Arrays.copyOfRange(nanos, from, nanos.length);
    Arrays.sort(steady);
    System.out.printf("%s: p50 %.0f us, p90 %.0f us, p99 %.0f us over %d calls%n", what,
        steady[steady.length / 2] / 1e3, steady[steady.length * 9 / 10] / 1e3, steady[steady.length * 99 / 100] / 1e3,
        steady.length);
  }

  private static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "item-" + (1000 + i);
    }
    return ids;
  }
}
