package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier with generation-checked values, and the replicas' invalidation protocol (the why is in
 * {@link TieredCache}'s class comment). Every Redis call is bounded by the command timeout and guarded by
 * a {@link ConsecutiveFailureBreaker}; a failure is counted and reported as "no answer", never thrown.
 */
final class GenerationalL2 implements L2Store.Subscriber {
  private static final Logger log = LoggerFactory.getLogger(GenerationalL2.class);
  /** A generation token that matches no entry: the user's token could not be read. */
  static final long UNKNOWN = -1;
  private static final int USERS_PER_MESSAGE = 1000;
  private static final int MAX_PENDING_USERS = 100_000;
  private static final RuntimeException SKIPPED = new SkippedException();

  /** One lookup's answer, aligned with the keys asked for; {@code recs[i]} is null on a miss. */
  record Found(CachedRecs[] recs, long[] remainingMillis, long[] generations) {}

  private final L2Store store;
  private final RedisKeys keys;
  private final StripedGenerations generations;
  private final Runnable flushL1;
  private final Meter meter;
  private final LongSupplier wallMillis;
  private final long timeoutNanos;
  private final long generationTtlMillis;
  private final ConsecutiveFailureBreaker breaker;
  private final long sender = ThreadLocalRandom.current().nextLong();
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>(); // user -> invalidations in flight
  private final Set<String> pendingUsers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pendingAll = new AtomicBoolean();
  private final AtomicBoolean resyncNeeded = new AtomicBoolean();
  private final AtomicBoolean resyncing = new AtomicBoolean();

  GenerationalL2(L2Store store, CacheConfig config, StripedGenerations generations, Runnable flushL1, Meter meter,
      Ticker ticker, LongSupplier wallMillis) {
    this.store = store;
    this.keys = new RedisKeys(config.keyPrefix());
    this.generations = generations;
    this.flushL1 = flushL1;
    this.meter = meter;
    this.wallMillis = wallMillis;
    this.timeoutNanos = config.commandTimeout().toNanos();
    // a token must outlive every entry written under it, or an expired token could come back as "absent"
    // while such an entry still lives; one minute more than the longest TTL covers clock drift
    this.generationTtlMillis = config.frequentTtl().toMillis() + 60_000;
    this.breaker = new ConsecutiveFailureBreaker(3, TimeUnit.SECONDS.toNanos(1), ticker);
    store.subscribe(keys.channel(), this);
    List<byte[]> epoch = awaitCall(() -> store.getAll(List.of(keys.epoch())));
    if (epoch != null) {
      advanceEpoch(token(epoch.get(0)));
    }
  }

  /**
   * One MGET of the users' generation tokens and the entries; null when L2 did not answer. {@code record}
   * false keeps warm-up lookups out of the hit statistics.
   */
  Found lookup(List<RecKey> wanted, boolean record) {
    Map<String, Integer> userSlot = new HashMap<>();
    List<String> redisKeys = new ArrayList<>(2 * wanted.size());
    for (RecKey k : wanted) {
      if (userSlot.putIfAbsent(k.user(), redisKeys.size()) == null) {
        redisKeys.add(keys.generation(k.user()));
      }
    }
    int entriesFrom = redisKeys.size();
    for (RecKey k : wanted) {
      redisKeys.add(keys.entry(k));
    }
    long t0 = System.nanoTime();
    List<byte[]> values = awaitCall(() -> store.getAll(redisKeys));
    if (values == null) {
      return null;
    }
    int n = wanted.size();
    Found found = new Found(new CachedRecs[n], new long[n], new long[n]);
    int hits = 0;
    for (int i = 0; i < n; i++) {
      RecKey k = wanted.get(i);
      long token = token(values.get(userSlot.get(k.user())));
      found.generations()[i] = token;
      byte[] raw = values.get(entriesFrom + i);
      if (raw != null && accept(k, raw, token, found, i)) {
        hits++;
      }
    }
    if (record) {
      meter.lookup(Tier.L2, n, hits, System.nanoTime() - t0);
    }
    return found;
  }

  /**
   * Writes entries computed (or looked up) under the given generation tokens and epoch; keys whose token
   * is unknown are skipped. Completes when Redis has acknowledged, never exceptionally.
   */
  CompletableFuture<Void> write(List<RecKey> ks, List<CachedRecs> values, long[] tokens, long[] ttlNanos,
      long epoch) {
    List<String> redisKeys = new ArrayList<>(ks.size());
    List<byte[]> bytes = new ArrayList<>(ks.size());
    long[] ttlMillis = new long[ks.size()];
    long now = wallMillis.getAsLong();
    for (int i = 0; i < ks.size(); i++) {
      long ttl = Math.max(1, ttlNanos[i] / 1_000_000);
      if (tokens[i] != UNKNOWN) {
        ttlMillis[redisKeys.size()] = ttl;
        redisKeys.add(keys.entry(ks.get(i)));
        bytes.add(VarintEntryCodec.encode(new VarintEntryCodec.Entry(tokens[i], epoch, now + ttl, values.get(i))));
      }
    }
    if (redisKeys.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long t0 = System.nanoTime();
    long[] ttls = Arrays.copyOf(ttlMillis, redisKeys.size());
    return call(() -> store.setAll(redisKeys, bytes, ttls)).handle((ok, failure) -> {
      if (failure == null) {
        meter.write(Tier.L2, redisKeys.size(), System.nanoTime() - t0);
      }
      return null;
    });
  }

  /** Like {@link #write} for callers without tokens: reads them first, without blocking. */
  CompletableFuture<Void> writeReadingTokens(List<RecKey> ks, List<CachedRecs> values, long[] ttlNanos,
      long epoch) {
    List<String> tokenKeys = new ArrayList<>(ks.size());
    for (RecKey k : ks) {
      tokenKeys.add(keys.generation(k.user()));
    }
    return call(() -> store.getAll(tokenKeys)).thenCompose(raw -> {
      long[] tokens = new long[raw.size()];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = token(raw.get(i));
      }
      return write(ks, values, tokens, ttlNanos, epoch);
    }).exceptionally(failure -> null);
  }

  /**
   * Invalidates the users here at once, then gives each a fresh generation token in Redis and tells the
   * other replicas. If Redis does not take it, the users are remembered and sent again when it answers;
   * until then this replica treats their L2 entries as stale. Past {@link #MAX_PENDING_USERS}, it falls
   * back to invalidating everything.
   *
   * <p>Until Redis has the new tokens, a lookup here could still read an old entry under the old token
   * and promote it under the new local stamp; so the users count as in flight (their L2 entries are
   * not accepted) from before the local bump until the write completes, and their stamps are bumped
   * once more then, which voids anything stored meanwhile from an old read. Other replicas bump only
   * on the broadcast, which follows the write, so they need none of this.
   */
  void invalidate(Collection<String> users) {
    List<String> batch = List.copyOf(users);
    batch.forEach(u -> inFlight.merge(u, 1, Integer::sum));
    batch.forEach(generations::bump);
    send(batch).whenComplete((ok, failure) -> {
      if (failure != null) {
        remember(batch); // pending from here on, so never unprotected
      }
      batch.forEach(generations::bump);
      batch.forEach(u -> inFlight.computeIfPresent(u, (user, n) -> n == 1 ? null : n - 1));
    });
  }

  /** Moves every replica to a new epoch: all entries written before become stale. */
  void invalidateAll() {
    long local = generations.epoch() + 1;
    advanceEpoch(local);
    call(() -> store.increment(keys.epoch())).whenComplete((remote, failure) -> {
      if (failure != null) {
        pendingAll.set(true);
        resyncNeeded.set(true);
        return;
      }
      long epoch = Math.max(remote, local); // Redis may have restarted empty and be behind us
      advanceEpoch(epoch);
      call(() -> store.publish(keys.channel(), InvalidationMessage.all(sender, epoch)));
    });
  }

  @Override
  public void onMessage(byte[] raw) {
    InvalidationMessage m;
    try {
      m = InvalidationMessage.decode(raw);
    } catch (IllegalArgumentException e) {
      meter.error(Tier.L2, e);
      flushL1.run(); // something was invalidated, we cannot tell what
      return;
    }
    if (m.sender() == sender) {
      return;
    }
    if (m.kind() == InvalidationMessage.ALL) {
      advanceEpoch(m.epoch());
    } else {
      m.users().forEach(generations::bump);
      meter.invalidated(m.users().size(), true);
    }
  }

  @Override
  public void onReconnected() {
    breaker.reset();
    flushL1.run(); // invalidations sent while we were away were lost
    resyncNeeded.set(true);
    resync();
  }

  /**
   * Re-reads the epoch and replays the invalidations Redis did not take. Runs after a reconnect and after
   * any successful call while something is pending, since a reconnect notice can arrive before the
   * connection accepts commands; one at a time.
   */
  private void resync() {
    if (!resyncing.compareAndSet(false, true)) {
      return;
    }
    resyncNeeded.set(false);
    if (pendingAll.getAndSet(false)) {
      invalidateAll(); // on failure it marks itself pending again
    }
    List<String> users = List.copyOf(pendingUsers);
    CompletableFuture<Void> epoch = call(() -> store.getAll(List.of(keys.epoch())))
        .thenAccept(v -> advanceEpoch(token(v.get(0))));
    CompletableFuture<Void> replay = users.isEmpty() ? CompletableFuture.completedFuture(null)
        : send(users).thenRun(() -> {
          users.forEach(generations::bump); // as in invalidate: void what an old read stored meanwhile
          users.forEach(pendingUsers::remove);
        });
    CompletableFuture.allOf(epoch, replay).whenComplete((ok, failure) -> {
      resyncing.set(false);
      if (failure != null) {
        resyncNeeded.set(true);
      }
    });
  }

  private CompletableFuture<Void> send(List<String> users) {
    List<String> tokenKeys = new ArrayList<>(users.size());
    List<byte[]> tokens = new ArrayList<>(users.size());
    long[] ttl = new long[users.size()];
    Arrays.fill(ttl, generationTtlMillis);
    for (String u : users) {
      tokenKeys.add(keys.generation(u));
      tokens.add(Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))
          .getBytes(StandardCharsets.US_ASCII));
    }
    return call(() -> store.setAll(tokenKeys, tokens, ttl)).thenCompose(ok -> {
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int from = 0; from < users.size(); from += USERS_PER_MESSAGE) {
        List<String> part = users.subList(from, Math.min(users.size(), from + USERS_PER_MESSAGE));
        sent.add(call(() -> store.publish(keys.channel(), InvalidationMessage.users(sender, part))));
      }
      return CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0]));
    });
  }

  private void remember(List<String> users) {
    if (pendingUsers.size() + users.size() > MAX_PENDING_USERS) {
      log.warn("more than {} invalidations wait for Redis; invalidating everything instead", MAX_PENDING_USERS);
      pendingUsers.clear();
      invalidateAll();
    } else {
      pendingUsers.addAll(users);
      resyncNeeded.set(true);
    }
  }

  private boolean accept(RecKey k, byte[] raw, long token, Found found, int i) {
    VarintEntryCodec.Entry e;
    try {
      e = VarintEntryCodec.decode(raw);
    } catch (IllegalArgumentException corrupt) {
      meter.error(Tier.L2, corrupt);
      return false;
    }
    advanceEpoch(e.epoch()); // a replica wrote under a newer epoch: we missed an invalidateAll
    long remaining = e.expiresAtMillis() - wallMillis.getAsLong();
    if (e.userGeneration() != token || e.epoch() < generations.epoch() || remaining <= 0 || unsettled(k.user())) {
      return false;
    }
    found.recs()[i] = e.recs();
    found.remainingMillis()[i] = remaining;
    return true;
  }

  /** Invalidated here, but Redis may not know yet: its entries there cannot be trusted. */
  private boolean unsettled(String user) {
    return (!inFlight.isEmpty() && inFlight.containsKey(user))
        || (!pendingUsers.isEmpty() && pendingUsers.contains(user));
  }

  private void advanceEpoch(long epoch) {
    if (generations.advanceEpoch(epoch)) {
      flushL1.run();
    }
  }

  /** A token is ASCII decimal, absent = 0; anything else matches nothing (and is counted). */
  private long token(byte[] raw) {
    try {
      return parseLong(raw);
    } catch (IllegalArgumentException e) {
      meter.error(Tier.L2, e);
      return UNKNOWN;
    }
  }

  private static long parseLong(byte[] ascii) {
    if (ascii == null) {
      return 0;
    }
    long v = 0;
    for (byte b : ascii) {
      if (b < '0' || b > '9' || v > (Long.MAX_VALUE - 9) / 10) {
        throw new IllegalArgumentException("corrupt generation token: " + new String(ascii, StandardCharsets.US_ASCII));
      }
      v = 10 * v + (b - '0');
    }
    return v;
  }

  /**
   * Runs a Redis call through the breaker and accounts for its outcome once: success closes the breaker,
   * failure (including a timeout forced by {@link #awaitCall}) is counted. The returned stage fails too.
   */
  private <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> command) {
    if (!breaker.allow()) {
      meter.error(Tier.L2, SKIPPED);
      return CompletableFuture.failedFuture(SKIPPED);
    }
    CompletableFuture<T> f = command.get().toCompletableFuture();
    f.whenComplete((v, failure) -> {
      if (failure == null) {
        if (breaker.success()) {
          log.info("Redis answers again; L2 back in use");
        }
        if (resyncNeeded.get()) {
          resync();
        }
      } else {
        failed(failure);
      }
    });
    return f;
  }

  /** Waits at most the command timeout; null when the call failed, timed out or was skipped. */
  private <T> T awaitCall(Supplier<CompletionStage<T>> command) {
    CompletableFuture<T> f = call(command);
    try {
      return f.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | CancellationException e) {
      return null; // counted by call()
    } catch (TimeoutException e) { // Lettuce times commands out too; whichever is first is counted
      f.completeExceptionally(new TimeoutException("no answer from Redis within " + timeoutNanos / 1_000_000 + " ms"));
      return null;
    }
  }

  private void failed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    meter.error(Tier.L2, cause);
    if (breaker.failure()) {
      log.warn("Redis failing ({}); serving from L1, retrying L2 every second", cause.toString());
    }
  }

  private static final class SkippedException extends RuntimeException {
    SkippedException() {
      super("L2 skipped: Redis failed repeatedly, waiting before the next try", null, false, false);
    }
  }
}
