package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The in-process tier: a Caffeine cache (W-TinyLFU admission and eviction, Einziger, Friedman and Manes,
 * "TinyLFU: a highly efficient cache admission policy", 2017) bounded by the estimated bytes of its entries
 * rather than their number, since a top-100 list weighs twenty times a top-5, and expiring each entry after
 * its own TTL (chosen per user by the access tracker) through a Caffeine {@link Expiry}.
 *
 * <p>Each entry carries the user stamp and era it was produced under ({@link StripedGenerations}); a hit
 * whose stamps no longer match is a miss, so invalidation never has to find entries.
 */
final class CaffeineL1 {
  /** Node, key and entry objects around the value, roughly. */
  private static final int OVERHEAD_BYTES = 160;

  record Entry(CachedRecs recs, int stamp, long era, long ttlNanos, int weight) {}

  private final Cache<RecKey, Entry> cache;
  private final StripedGenerations generations;

  CaffeineL1(long maxBytes, Ticker ticker, StripedGenerations generations, Meter meter) {
    this.generations = generations;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((RecKey k, Entry e) -> e.weight())
        .expireAfter(new PerEntryTtl())
        .ticker(ticker)
        .evictionListener((RecKey k, Entry e, RemovalCause cause) -> meter.eviction())
        .build();
  }

  /** The live value under {@code key}, or null when absent, expired or invalidated. */
  CachedRecs get(RecKey key) {
    // Stamps first: the load (often a cache miss in a large table) then overlaps the hash-table walk
    // instead of waiting behind it. Reading them first is also a valid order: the lookup takes effect
    // at that read, before any invalidation that lands during it.
    int stamp = generations.stamp(key.user());
    long era = generations.era();
    Entry e = cache.getIfPresent(key);
    if (e == null) {
      return null;
    }
    if (e.stamp() != stamp || e.era() != era) {
      cache.asMap().remove(key, e); // dead weight: make room now rather than when it expires
      return null;
    }
    return e.recs();
  }

  /**
   * Stores {@code recs} as produced under {@code stamp} and {@code era}; skipped when an invalidation has
   * already overtaken it (a later one is caught by {@link #get}).
   */
  boolean put(RecKey key, CachedRecs recs, int stamp, long era, long ttlNanos) {
    if (ttlNanos <= 0 || stamp != generations.stamp(key.user()) || era != generations.era()) {
      return false;
    }
    int weight = recs.estimatedBytes() + keyBytes(key) + OVERHEAD_BYTES;
    cache.put(key, new Entry(recs, stamp, era, ttlNanos, weight));
    return true;
  }

  /** Frees the memory of every entry; callers make them invisible first by bumping the era. */
  void clearInBackground() {
    ForkJoinPool.commonPool().execute(cache::invalidateAll);
  }

  long weightedBytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  /** Runs pending maintenance (evictions, expirations) now; for tests and measurements. */
  void cleanUp() {
    cache.cleanUp();
  }

  /** The time to live left for {@code key}, or -1 when absent; for tests. */
  long remainingTtlNanos(RecKey key) {
    return cache.policy().expireVariably().orElseThrow().getExpiresAfter(key, TimeUnit.NANOSECONDS).orElse(-1);
  }

  private static int keyBytes(RecKey k) {
    return 40 + CachedRecs.stringBytes(k.user()) + CachedRecs.stringBytes(k.algorithm())
        + optionalBytes(k.scene()) + optionalBytes(k.device()) + optionalBytes(k.location());
  }

  private static int optionalBytes(String s) {
    return s == null ? 0 : CachedRecs.stringBytes(s);
  }

  private static final class PerEntryTtl implements Expiry<RecKey, Entry> {
    @Override
    public long expireAfterCreate(RecKey key, Entry e, long now) {
      return e.ttlNanos();
    }

    @Override
    public long expireAfterUpdate(RecKey key, Entry e, long now, long remaining) {
      return e.ttlNanos();
    }

    @Override
    public long expireAfterRead(RecKey key, Entry e, long now, long remaining) {
      return remaining;
    }
  }
}
