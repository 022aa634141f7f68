package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-level recommendation cache: L1 in process (Caffeine, bounded by bytes), L2 shared by all
 * replicas (Redis), with TTLs that adapt to how often each user is seen, invalidation when a user acts
 * that reaches every replica, and warm-up after a model swap. Thread-safe; never throws because a tier
 * failed: a Redis outage degrades to L1 only, and is counted.
 *
 * <h2>Lookups</h2>
 * A lookup tries L1, then sends every L1 miss of the call to Redis in one MGET, and promotes what it
 * finds into L1. {@link #get(RecKey, Function)} and {@link #getAll(List, Function)} also compute what is
 * missing and store it in both tiers; computing is the caller's business and happens on the caller's
 * thread. L2 writes are pipelined and not waited for: a request does not pay a Redis round trip to store
 * its answer.
 *
 * <h2>Invalidation</h2>
 * When a user acts, all of that user's entries (any k, algorithm or context) must become invisible on
 * every replica. Finding them is never needed:
 * <ul>
 *   <li><b>L1</b> entries carry their user's stamp from a small local generation map (a hashed array
 *       of counters, 4 bytes per expected user); {@link #invalidate(String)} increments the stamp and
 *       every entry of the user stops matching at once.
 *   <li><b>L2</b> entries carry the user's <i>generation token</i> as it was when they were computed. The
 *       token lives in Redis at {@code sr:g:{user}}; invalidating writes a fresh random token there. A
 *       lookup reads the tokens in the same MGET as the entries (the hash tag {@code {user}} keeps both in
 *       one cluster slot), so an entry under an old token is a miss on every replica at once, even one
 *       that missed the broadcast below. The token is in the value, not in the key, so an invalidation
 *       leaves no orphan: the user's next answer overwrites the same key. (Tokens in keys would strand
 *       one copy of every entry per action until its TTL, which for agents acting every step of a
 *       simulation multiplies Redis memory.) Tokens are random rather than INCR-ed so that one that
 *       expired (they live one TTL longer than any entry) can never be reissued and revive old entries.
 *   <li><b>Other replicas' L1</b> learn of it from a pub/sub message on {@code sr:inval} and bump their
 *       local stamps. Pub/sub is at-most-once: a replica whose subscription drops flushes its whole L1
 *       when it is back, since it cannot know what it missed.
 *   <li><b>Races</b>: {@code get(key, compute)} captures the stamps and token before it reads L2 or
 *       computes; if the user acts meanwhile, the result is returned but stored under the old
 *       generation, so it is never served again. Plain {@link #put} stores under the current generation
 *       and cannot know when the caller read the user's history: prefer the computing variants.
 *   <li><b>{@link #invalidateAll()}</b> (after a model swap) advances a global epoch ({@code sr:epoch},
 *       INCR, broadcast); values written under an older epoch are stale everywhere, and a replica that
 *       reads a newer epoch in a value adopts it, so a missed broadcast heals on the next L2 hit.
 * </ul>
 * <b>While Redis is down</b>, invalidation stays local: this replica's L1 is correct, but other replicas
 * keep serving what their L1 holds until their TTLs run out (they cannot be told), and the shared tier
 * cannot be updated. This replica remembers the users it could not invalidate in Redis (up to 100,000,
 * beyond that it falls back to invalidateAll), treats their L2 entries as stale meanwhile, and replays
 * the invalidations when Redis is back.
 *
 * <h2>Adaptive TTL</h2>
 * The "smart cache manager" of the origin document: each lookup counts a sighting of its user in a
 * count-min sketch (constant memory, fading with a half-life), and an entry lives for the new,
 * regular or frequent TTL by that count when it is stored (degraded lists at most the degraded TTL). An
 * L2 hit is promoted into L1 only for the time the L2 entry has left. The same counts name the most
 * active users for {@link #warm}.
 *
 * <pre>{@code
 * TieredCache cache = TieredCache.open(CacheConfig.builder().redisUrl("redis://127.0.0.1:6379").build());
 * CachedRecs recs = cache.get(new RecKey(user, 10, "itemknn", scene, device, null), key -> compute(key));
 * cache.invalidate(user);      // the user acted: next request recomputes, on every replica
 * cache.invalidateAll();       // a new model is live
 * List<RecKey> hot = new ArrayList<>();
 * for (String u : cache.mostActiveUsers(10_000)) {
 *   for (int k : new int[] {5, 10, 20}) {
 *     hot.add(RecKey.of(u, k, "itemknn"));
 *   }
 * }
 * cache.warm(hot, key -> compute(key));
 * }</pre>
 */
public final class TieredCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TieredCache.class);
  private static final int WARM_BATCH = 256;

  private final CacheConfig config;
  private final Meter meter;
  private final StripedGenerations generations;
  private final AccessTracker access;
  private final CaffeineL1 l1;
  private final GenerationalL2 l2; // null: L1 only
  private final L2Store ownedStore; // closed with the cache: the store it opened from the Redis URL

  private TieredCache(Builder b) {
    config = b.config;
    meter = new Meter(b.listener);
    generations = new StripedGenerations(config.expectedUsers());
    access = new AccessTracker(config, b.ticker);
    l1 = new CaffeineL1(config.l1MaxBytes(), b.ticker, generations, meter);
    L2Store store = b.store;
    ownedStore = store == null && config.redisUrl() != null
        ? L2Store.redis(config.redisUrl(), config.commandTimeout(), config.redisQueueSize()) : null;
    store = store != null ? store : ownedStore;
    long wallAtStart = System.currentTimeMillis();
    long tickAtStart = b.ticker.read();
    l2 = store == null ? null : new GenerationalL2(store, config, generations, this::flushL1, meter, b.ticker,
        () -> wallAtStart + (b.ticker.read() - tickAtStart) / 1_000_000);
  }

  /** A cache on Redis at {@code config.redisUrl()}, or on L1 alone when there is none. */
  public static TieredCache open(CacheConfig config) {
    return builder(config).build();
  }

  public static Builder builder(CacheConfig config) {
    return new Builder(config);
  }

  /** The cached list for {@code key}, from L1 or else L2, or null. Counts a sighting of the user. */
  public CachedRecs getIfPresent(RecKey key) {
    return get(key, null);
  }

  /**
   * The cached list for {@code key}, or else {@code compute}'s answer, which is then stored in both tiers
   * (unless it is null, or the user was invalidated while it was computed; it is returned either way).
   */
  public CachedRecs get(RecKey key, Function<? super RecKey, ? extends CachedRecs> compute) {
    CachedRecs hit = getLocal(key);
    if (hit != null) {
      return hit;
    }
    Map<RecKey, CachedRecs> found = new HashMap<>(2);
    fillMisses(List.of(key), found, compute == null ? null : one(compute), true, false);
    return found.get(key);
  }

  /**
   * The first half of {@link #getIfPresent}: L1 only, so it never waits for I/O (an event loop may call it).
   * Counts a sighting of the user and the L1 lookup. On a miss, {@link #getShared} asks L2.
   */
  public CachedRecs getLocal(RecKey key) {
    access.seen(key.user());
    long t0 = System.nanoTime();
    CachedRecs hit = l1.get(key);
    meter.lookup(Tier.L1, 1, hit == null ? 0 : 1, System.nanoTime() - t0);
    return hit;
  }

  /**
   * The second half of {@link #getIfPresent} after {@link #getLocal} missed: L2 (a Redis round trip, so not
   * on an event loop), promoting a hit into L1; null on a miss or without L2.
   */
  public CachedRecs getShared(RecKey key) {
    if (l2 == null) {
      return null;
    }
    Map<RecKey, CachedRecs> found = new HashMap<>(2);
    fillMisses(List.of(key), found, null, true, false);
    return found.get(key);
  }

  /** The cached lists among {@code keys}: L1 first, then one MGET for the rest. */
  public Map<RecKey, CachedRecs> getAll(List<RecKey> keys) {
    return getAll(keys, null);
  }

  /**
   * The cached lists for {@code keys}, computing the missing ones in one call of {@code computeMissing}
   * (which may leave out keys it could not compute) and storing its answers in both tiers.
   */
  public Map<RecKey, CachedRecs> getAll(List<RecKey> keys,
      Function<? super List<RecKey>, ? extends Map<RecKey, CachedRecs>> computeMissing) {
    Map<RecKey, CachedRecs> found = HashMap.newHashMap(keys.size());
    long t0 = System.nanoTime();
    List<RecKey> missing = new ArrayList<>();
    for (RecKey k : keys) {
      access.seen(k.user());
      CachedRecs hit = l1.get(k);
      if (hit != null) {
        found.put(k, hit);
      } else {
        missing.add(k);
      }
    }
    meter.lookup(Tier.L1, keys.size(), keys.size() - missing.size(), System.nanoTime() - t0);
    fillMisses(missing, found, computeMissing, true, false);
    return found;
  }

  /** Stores {@code recs} in both tiers, under the user's current generation (see the class comment). */
  public void put(RecKey key, CachedRecs recs) {
    putAll(Map.of(key, recs));
  }

  public void putAll(Map<RecKey, CachedRecs> entries) {
    long era = generations.era();
    long epoch = generations.epoch();
    List<RecKey> ks = new ArrayList<>(entries.size());
    List<CachedRecs> vs = new ArrayList<>(entries.size());
    long[] ttls = new long[entries.size()];
    entries.forEach((k, v) -> {
      if (v == null) {
        throw new IllegalArgumentException("null value for " + k);
      }
      ttls[ks.size()] = access.ttlNanosOnStore(k.user(), v.degraded());
      storeL1(k, v, generations.stamp(k.user()), era, ttls[ks.size()]);
      ks.add(k);
      vs.add(v);
    });
    if (l2 != null && !ks.isEmpty()) {
      l2.writeReadingTokens(ks, vs, ttls, epoch);
    }
  }

  /** Makes every entry of {@code user} invisible here at once, and on the other replicas shortly. */
  public void invalidate(String user) {
    invalidate(List.of(user));
  }

  /** {@link #invalidate(String)} for many users, in one pipelined write and one broadcast. */
  public void invalidate(Collection<String> users) {
    meter.invalidated(users.size(), false);
    if (l2 != null) {
      l2.invalidate(users);
    } else {
      users.forEach(generations::bump);
    }
  }

  /** Makes every entry invisible, here and on every replica (after a model swap). */
  public void invalidateAll() {
    if (l2 != null) {
      l2.invalidateAll();
    } else {
      flushL1();
    }
  }

  /**
   * Computes and stores the entries among {@code keys} that neither tier holds, in batches whose L2 writes
   * are pipelined and awaited (so warming many keys does not flood Redis). Meant to run after each model
   * swap for {@link #mostActiveUsers} at k = 5, 10 and 20. A key whose computation throws is skipped.
   * Warm-up traffic does not count in the hit statistics or as sightings of the users.
   *
   * @return how many entries were computed
   */
  public int warm(Collection<RecKey> keys, Function<? super RecKey, ? extends CachedRecs> compute) {
    List<RecKey> all = List.copyOf(keys);
    int[] computed = new int[2]; // computed, failed
    for (int from = 0; from < all.size(); from += WARM_BATCH) {
      List<RecKey> missing = new ArrayList<>();
      for (RecKey k : all.subList(from, Math.min(all.size(), from + WARM_BATCH))) {
        if (l1.get(k) == null) {
          missing.add(k);
        }
      }
      fillMisses(missing, new HashMap<>(), batch -> computeEach(batch, compute, computed), false, true);
    }
    if (computed[1] > 0) {
      log.warn("warm-up: {} of {} entries could not be computed", computed[1], all.size());
    }
    return computed[0];
  }

  /** Up to {@code n} of the users seen most often lately, most active first: whom to {@link #warm}. */
  public List<String> mostActiveUsers(int n) {
    return access.mostActive(n);
  }

  /** How many times {@code user} was seen lately (an estimate that fades with the configured half-life). */
  public int frequency(String user) {
    return access.frequency(user);
  }

  public boolean hasL2() {
    return l2 != null;
  }

  public CacheConfig config() {
    return config;
  }

  public CacheStats stats() {
    return meter.snapshot(l1.weightedBytes());
  }

  /** Closes the Redis connections this cache opened; a store given to the builder stays open. */
  @Override
  public void close() {
    if (ownedStore != null) {
      ownedStore.close();
    }
  }

  /**
   * The second half of every lookup: L2 for the L1 misses, then computation of what is still missing.
   * Stamps, era, epoch and tokens are captured before L2 is read, so that an invalidation landing while
   * this runs leaves what it stores invisible.
   */
  private void fillMisses(List<RecKey> missing, Map<RecKey, CachedRecs> found,
      Function<? super List<RecKey>, ? extends Map<RecKey, CachedRecs>> compute, boolean record, boolean awaitWrites) {
    if (missing.isEmpty()) {
      return;
    }
    long era = generations.era();
    long epoch = generations.epoch();
    int[] stamps = new int[missing.size()];
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = generations.stamp(missing.get(i).user());
    }
    GenerationalL2.Found fromL2 = l2 == null ? null : l2.lookup(missing, record);
    int[] still = new int[stamps.length];
    int stillCount = 0;
    for (int i = 0; i < stamps.length; i++) {
      CachedRecs r = fromL2 == null ? null : fromL2.recs()[i];
      if (r == null) {
        still[stillCount++] = i;
        continue;
      }
      RecKey k = missing.get(i);
      found.put(k, r);
      long ttl = Math.min(access.ttlNanosOnStore(k.user(), r.degraded()),
          TimeUnit.MILLISECONDS.toNanos(fromL2.remainingMillis()[i]));
      storeL1(k, r, stamps[i], era, ttl);
    }
    if (compute == null || stillCount == 0) {
      return;
    }
    List<RecKey> asked = new ArrayList<>(stillCount);
    for (int j = 0; j < stillCount; j++) {
      asked.add(missing.get(still[j]));
    }
    Map<RecKey, CachedRecs> computed = compute.apply(Collections.unmodifiableList(asked));
    if (computed == null) {
      return;
    }
    PendingWrite w = new PendingWrite(stillCount);
    for (int j = 0; j < stillCount; j++) {
      int i = still[j];
      RecKey k = missing.get(i);
      CachedRecs v = computed.get(k);
      if (v != null) {
        found.put(k, v);
        long ttl = access.ttlNanosOnStore(k.user(), v.degraded());
        storeL1(k, v, stamps[i], era, ttl);
        if (fromL2 != null) {
          w.add(k, v, fromL2.generations()[i], ttl);
        }
      }
    }
    w.send(epoch, awaitWrites);
  }

  /** The L2 half of storing computed entries, gathered into one pipelined write. */
  private final class PendingWrite {
    final List<RecKey> keys;
    final List<CachedRecs> values;
    final long[] tokens;
    final long[] ttls;

    PendingWrite(int capacity) {
      keys = new ArrayList<>(capacity);
      values = new ArrayList<>(capacity);
      tokens = new long[capacity];
      ttls = new long[capacity];
    }

    void add(RecKey k, CachedRecs v, long token, long ttlNanos) {
      tokens[keys.size()] = token;
      ttls[keys.size()] = ttlNanos;
      keys.add(k);
      values.add(v);
    }

    void send(long epoch, boolean await) {
      if (keys.isEmpty()) {
        return;
      }
      CompletableFuture<Void> written = l2.write(keys, values, tokens, ttls, epoch);
      if (await) { // bounded: Lettuce times each command out, and this caps a store that never answers
        written.completeOnTimeout(null, 10 * config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
      }
    }
  }

  private void storeL1(RecKey k, CachedRecs v, int stamp, long era, long ttlNanos) {
    if (l1.put(k, v, stamp, era, ttlNanos)) {
      meter.write(Tier.L1, 1, 0);
    }
  }

  private void flushL1() {
    generations.bumpEra();
    l1.clearInBackground();
  }

  private static Function<List<RecKey>, Map<RecKey, CachedRecs>> one(
      Function<? super RecKey, ? extends CachedRecs> compute) {
    return keys -> {
      CachedRecs v = compute.apply(keys.get(0));
      return v == null ? Map.of() : Map.of(keys.get(0), v);
    };
  }

  private static Map<RecKey, CachedRecs> computeEach(List<RecKey> keys,
      Function<? super RecKey, ? extends CachedRecs> compute, int[] counts) {
    Map<RecKey, CachedRecs> out = HashMap.newHashMap(keys.size());
    for (RecKey k : keys) {
      try {
        CachedRecs v = compute.apply(k);
        if (v != null) {
          out.put(k, v);
          counts[0]++;
        }
      } catch (RuntimeException e) {
        counts[1]++;
        log.debug("warm-up of {} failed", k, e);
      }
    }
    return out;
  }

  // --- package-private views for tests

  CaffeineL1 l1() {
    return l1;
  }

  /** Configures and builds a {@link TieredCache}. */
  public static final class Builder {
    private final CacheConfig config;
    private L2Store store;
    private Ticker ticker = Ticker.systemTicker();
    private CacheListener listener = CacheListener.NONE;

    private Builder(CacheConfig config) {
      this.config = nonNull(config, "config");
    }

    /** Uses {@code store} as L2 instead of the configured Redis URL; the cache will not close it. */
    public Builder l2(L2Store store) {
      this.store = store;
      return this;
    }

    /** The clock for TTLs and frequency aging; tests pass a manual one. */
    public Builder ticker(Ticker ticker) {
      this.ticker = nonNull(ticker, "ticker");
      return this;
    }

    public Builder listener(CacheListener listener) {
      this.listener = nonNull(listener, "listener");
      return this;
    }

    public TieredCache build() {
      return new TieredCache(this);
    }

    private static <T> T nonNull(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
