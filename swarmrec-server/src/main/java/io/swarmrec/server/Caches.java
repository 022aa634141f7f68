package io.swarmrec.server;

import io.swarmrec.cache.CacheConfig;
import io.swarmrec.cache.CacheStats;
import io.swarmrec.cache.CachedRecs;
import io.swarmrec.cache.RecKey;
import io.swarmrec.cache.TieredCache;
import io.swarmrec.server.engine.FeedRules;
import io.swarmrec.server.engine.RecCache;
import io.swarmrec.server.engine.RecRequest;
import io.swarmrec.server.engine.RecResult;
import io.swarmrec.server.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Plugs the two-level {@link TieredCache} into the engine's {@link RecCache} port, and its per-tier
 * statistics into the metrics. The tiered cache never throws for a broken Redis (it degrades to L1 and
 * counts the error), so neither does this.
 */
final class Caches implements RecCache {
  private final TieredCache cache;
  /** L2 lookups block on Redis (bounded by its command timeout), so they run here, never on an event loop. */
  private final ExecutorService l2Lookups;

  private Caches(TieredCache cache) {
    this.cache = cache;
    AtomicInteger n = new AtomicInteger();
    this.l2Lookups = cache.hasL2() ? new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
        r -> {
          Thread t = new Thread(r, "swarmrec-l2-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }) : null;
  }

  static RecCache open(ServerConfig cfg, Metrics metrics) {
    CacheConfig cc = CacheConfig.builder()
        .l1MaxBytes(Math.max(1 << 16, cfg.getLong("l1-max-bytes")))
        .ttls(Duration.ofSeconds(cfg.getLong("ttl-new-seconds")), Duration.ofSeconds(cfg.getLong("ttl-regular-seconds")),
            Duration.ofSeconds(cfg.getLong("ttl-frequent-seconds")))
        .redisUrl(cfg.redisUrl())
        .commandTimeout(Duration.ofMillis(cfg.getLong("redis-timeout-ms")))
        .keyPrefix(cfg.get("redis-prefix"))
        .build();
    TieredCache cache = TieredCache.open(cc);
    register(metrics, cache);
    return new Caches(cache);
  }

  private static void register(Metrics metrics, TieredCache cache) {
    metrics.counter("swarmrec_cache_requests", "Cache lookups by tier and result", cb -> {
      CacheStats s = cache.stats();
      cb.call(s.l1().hits(), "l1", "hit");
      cb.call(s.l1().misses(), "l1", "miss");
      cb.call(s.l2().hits(), "l2", "hit");
      cb.call(s.l2().misses(), "l2", "miss");
    }, "tier", "result");
    metrics.counter("swarmrec_cache_errors", "Cache calls that failed and degraded, by tier", cb -> {
      CacheStats s = cache.stats();
      cb.call(s.l1().errors(), "l1");
      cb.call(s.l2().errors(), "l2");
    }, "tier");
    metrics.counter("swarmrec_cache_puts", "Entries written, by tier", cb -> {
      CacheStats s = cache.stats();
      cb.call(s.l1().puts(), "l1");
      cb.call(s.l2().puts(), "l2");
    }, "tier");
    metrics.counter("swarmrec_cache_evictions", "L1 evictions by size or expiry", cb -> cb.call(cache.stats().l1().evictions()));
    metrics.counter("swarmrec_cache_lookup_seconds", "Total time spent in cache lookups, by tier", cb -> {
      CacheStats s = cache.stats();
      cb.call(s.l1().lookupNanos() / 1e9, "l1");
      cb.call(s.l2().lookupNanos() / 1e9, "l2");
    }, "tier");
    metrics.counter("swarmrec_cache_lookups", "Cache lookup calls (a batch is one), by tier", cb -> {
      CacheStats s = cache.stats();
      cb.call(s.l1().lookups(), "l1");
      cb.call(s.l2().lookups(), "l2");
    }, "tier");
    metrics.counter("swarmrec_cache_invalidations", "Users invalidated, by origin", cb -> {
      CacheStats s = cache.stats();
      cb.call(s.localInvalidations(), "local");
      cb.call(s.remoteInvalidations(), "remote");
    }, "origin");
    metrics.gauge("swarmrec_cache_l1_bytes", "Estimated bytes held by L1", cb -> cb.call(cache.stats().l1WeightedBytes()));
  }

  /** The request's key; feed rules are part of it, so an answer under one rule set never serves another. */
  private static RecKey key(RecRequest r) {
    String algo = r.rules() == FeedRules.NONE ? r.algo() : r.algo() + "?" + r.rules().canonical();
    return new RecKey(r.user(), r.k(), algo, r.scene(), r.device(), r.location());
  }

  private static CachedRecs value(RecResult r) {
    return new CachedRecs(r.items(), r.scores(), r.algo(), r.degraded(), r.modelVersion(), System.currentTimeMillis());
  }

  @Override
  public RecResult getLocal(RecRequest r) {
    CachedRecs hit = cache.getLocal(key(r));
    return hit == null ? null : answer(r.user(), hit, "l1");
  }

  @Override
  public CompletableFuture<RecResult> getShared(RecRequest r) {
    if (!cache.hasL2()) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      return CompletableFuture.supplyAsync(() -> {
        CachedRecs hit = cache.getShared(key(r));
        return hit == null ? null : answer(r.user(), hit, "l2");
      }, l2Lookups);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(null); // closed, or too many lookups waiting: a miss
    }
  }

  /**
   * A hit as an answer. Each cached list carries one {@link RecResult.Memo} (made on its first hit and hung on
   * the list), in which the transport keeps what it derives from the answer, such as its encoding.
   */
  static RecResult answer(String user, CachedRecs hit, String tier) {
    RecResult.Memo memo = hit.attachment() instanceof RecResult.Memo m ? m : null;
    if (memo == null) {
      memo = new RecResult.Memo();
      hit.attach(memo);
    }
    return new RecResult(user, hit.algorithm(), hit.degraded(), tier, hit.modelVersion(), hit.itemIds(),
        hit.scores(), memo, hit.createdAtMillis());
  }

  @Override
  public void put(RecRequest r, RecResult result) {
    cache.put(key(r), value(result));
  }

  @Override
  public void invalidateUser(String user) {
    cache.invalidate(user);
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public void warm(List<RecRequest> requests, Function<RecRequest, RecResult> compute) {
    List<RecKey> keys = new ArrayList<>(requests.size());
    java.util.Map<RecKey, RecRequest> byKey = new java.util.HashMap<>();
    for (RecRequest r : requests) {
      RecKey k = key(r);
      keys.add(k);
      byKey.put(k, r);
    }
    cache.warm(keys, k -> value(compute.apply(byKey.get(k))));
  }

  @Override
  public void close() {
    if (l2Lookups != null) {
      l2Lookups.shutdown();
    }
    cache.close();
  }
}
