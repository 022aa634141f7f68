package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process stand-in for Redis, for tests: one instance shared by several {@link TieredCache}s behaves
 * like one Redis shared by several replicas (values, TTLs on the given ticker, INCR, pub/sub delivered
 * synchronously). {@link #setAvailable(boolean)} simulates an outage: calls fail, messages are dropped,
 * and coming back notifies subscribers as a reconnect would.
 */
public final class InMemoryL2Store implements L2Store {
  private static final long NEVER = Long.MAX_VALUE;

  private record Stored(byte[] value, long expiresAtNanos) {
    boolean expired(long now) {
      return expiresAtNanos != NEVER && expiresAtNanos - now <= 0;
    }
  }

  private record Subscription(String channel, Subscriber subscriber) {}

  private final Map<String, Stored> data = new ConcurrentHashMap<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final LongAdder calls = new LongAdder();
  private final Ticker ticker;
  private volatile boolean available = true;

  public InMemoryL2Store() {
    this(Ticker.systemTicker());
  }

  /** A store whose TTLs run on {@code ticker}, so tests can move time. */
  public InMemoryL2Store(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Simulates Redis going down ({@code false}) or coming back ({@code true}). */
  public void setAvailable(boolean up) {
    boolean wasDown = !available;
    available = up;
    if (up && wasDown) {
      subscriptions.forEach(s -> s.subscriber().onReconnected());
    }
  }

  /** Commands received so far (a batch call counts once), so tests can check batching. */
  public long calls() {
    return calls.sum();
  }

  /** Live keys, expired ones excluded. */
  public int size() {
    long now = ticker.read();
    return (int) data.values().stream().filter(s -> !s.expired(now)).count();
  }

  /** Milliseconds {@code key} has left to live, or -1 when absent. */
  public long remainingTtlMillis(String key) {
    Stored s = live(key);
    if (s == null) {
      return -1;
    }
    return s.expiresAtNanos() == NEVER ? Long.MAX_VALUE : (s.expiresAtNanos() - ticker.read()) / 1_000_000;
  }

  @Override
  public CompletionStage<List<byte[]>> getAll(List<String> keys) {
    return call(() -> {
      List<byte[]> values = new ArrayList<>(keys.size());
      for (String k : keys) {
        Stored s = live(k);
        values.add(s == null ? null : s.value());
      }
      return values;
    });
  }

  @Override
  public CompletionStage<Void> setAll(List<String> keys, List<byte[]> values, long[] ttlMillis) {
    return call(() -> {
      long now = ticker.read();
      for (int i = 0; i < keys.size(); i++) {
        data.put(keys.get(i), new Stored(values.get(i).clone(), now + ttlMillis[i] * 1_000_000));
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Long> increment(String key) {
    return call(() -> {
      Stored s = data.compute(key, (k, old) -> {
        boolean absent = old == null || old.expired(ticker.read());
        long next = (absent ? 0 : Long.parseLong(new String(old.value(), StandardCharsets.US_ASCII))) + 1;
        return new Stored(Long.toString(next).getBytes(StandardCharsets.US_ASCII),
            absent ? NEVER : old.expiresAtNanos()); // like INCR, keep the key's TTL
      });
      return Long.parseLong(new String(s.value(), StandardCharsets.US_ASCII));
    });
  }

  @Override
  public CompletionStage<Void> publish(String channel, byte[] message) {
    return call(() -> {
      for (Subscription s : subscriptions) {
        if (s.channel().equals(channel)) {
          s.subscriber().onMessage(message.clone());
        }
      }
      return null;
    });
  }

  @Override
  public void subscribe(String channel, Subscriber subscriber) {
    subscriptions.add(new Subscription(channel, subscriber));
  }

  @Override
  public void close() {
    subscriptions.clear();
  }

  private Stored live(String key) {
    Stored s = data.get(key);
    return s == null || s.expired(ticker.read()) ? null : s;
  }

  private <T> CompletionStage<T> call(java.util.function.Supplier<T> command) {
    calls.increment();
    if (!available) {
      return CompletableFuture.failedFuture(new IllegalStateException("in-memory L2 is unavailable (simulated)"));
    }
    return CompletableFuture.completedFuture(command.get());
  }
}
