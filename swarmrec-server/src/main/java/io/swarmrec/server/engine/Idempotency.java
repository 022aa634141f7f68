package io.swarmrec.server.engine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Retried writes are not stored twice: a write sent with an idempotency key (the {@code Idempotency-Key}
 * header over HTTP) is done once; a retry with the same key and the same content gets the first attempt's
 * answer (waiting for it while it is still in flight), a retry with the same key and other content is
 * refused. The same for single events that carry an {@code id}: an event whose id was stored within the
 * window is left out of a later batch.
 *
 * <p>Keys are remembered in process for {@code windowMillis} and at most {@code maxKeys} of each kind (the
 * oldest are dropped first when full), as Stripe's API does for 24 hours: the window covers a client's
 * retries, not a replay days later. A failed attempt is forgotten at once, so that it can be retried.
 */
final class Idempotency {
  private record Entry(long fingerprint, CompletableFuture<Long> result, long atMillis) {}

  private final long windowMillis;
  private final int maxKeys;
  private final LongSupplier clock;
  private final Map<String, Entry> batches = new ConcurrentHashMap<>();
  private final Map<String, Long> eventIds = new ConcurrentHashMap<>();
  private final AtomicInteger sweeps = new AtomicInteger();

  Idempotency(long windowMillis, int maxKeys, LongSupplier clock) {
    this.windowMillis = windowMillis;
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  /**
   * Runs {@code write} once per key: returns the first attempt's result for a repeated key and content,
   * fails with {@link Refusal.Conflict} for a repeated key with other content. A null key runs it.
   */
  CompletableFuture<Long> once(String key, long fingerprint, Supplier<CompletableFuture<Long>> write) {
    if (key == null) {
      return write.get();
    }
    long now = clock.getAsLong();
    CompletableFuture<Long> mine = new CompletableFuture<>();
    Entry fresh = new Entry(fingerprint, mine, now);
    Entry prev = batches.compute(key, (k, e) -> e == null || now - e.atMillis > windowMillis ? fresh : e);
    if (prev != fresh) {
      if (prev.fingerprint != fingerprint) {
        return CompletableFuture.failedFuture(new Refusal.Conflict("idempotency_key_reused",
            "Idempotency-Key '" + clip(key) + "' was used for a different request"));
      }
      return prev.result;
    }
    sweep(batches, now);
    CompletableFuture<Long> done;
    try {
      done = write.get();
    } catch (RuntimeException e) {
      batches.remove(key, fresh);
      throw e;
    }
    done.whenComplete((seq, t) -> {
      if (t != null) {
        batches.remove(key, fresh); // nothing was stored: a retry must be able to store it
        mine.completeExceptionally(t);
      } else {
        mine.complete(seq);
      }
    });
    return mine;
  }

  /** Which of these event ids (null entries have none) were stored within the window. */
  boolean[] seen(String[] ids) {
    long now = clock.getAsLong();
    boolean[] out = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      Long at = ids[i] == null ? null : eventIds.get(ids[i]);
      out[i] = at != null && now - at <= windowMillis;
    }
    return out;
  }

  /** Records stored event ids. */
  void stored(String[] ids) {
    long now = clock.getAsLong();
    for (String id : ids) {
      if (id != null) {
        eventIds.put(id, now);
      }
    }
    sweep(eventIds, now);
  }

  /** Drops expired entries, and the oldest when over capacity; runs now and then, not on every call. */
  private <V> void sweep(Map<String, V> map, long now) {
    if (map.size() <= maxKeys && (sweeps.incrementAndGet() & 1023) != 0) {
      return;
    }
    for (Iterator<Map.Entry<String, V>> it = map.entrySet().iterator(); it.hasNext(); ) {
      if (now - at(it.next().getValue()) > windowMillis) {
        it.remove();
      }
    }
    int over = map.size() - maxKeys;
    if (over > 0) {
      long[] times = map.values().stream().mapToLong(Idempotency::at).toArray();
      Arrays.sort(times);
      long cut = times[Math.min(times.length - 1, over)];
      map.values().removeIf(v -> at(v) < cut);
    }
  }

  private static long at(Object v) {
    return v instanceof Entry e ? e.atMillis : (Long) v;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
