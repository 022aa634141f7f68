package io.swarmrec.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The shared second tier as {@link TieredCache} needs it: a byte-valued key-value store with per-key time to
 * live, an atomic counter and a broadcast channel. Redis is the real one ({@link #redis}); {@link
 * InMemoryL2Store} is an in-process fake for tests that need no server.
 *
 * <p>All calls are asynchronous and must not block: the cache bounds how long it waits. A failure is a
 * stage completed exceptionally, never a thrown exception.
 */
public interface L2Store extends AutoCloseable {

  /** The values of {@code keys} in order, {@code null} where absent (Redis: one MGET). */
  CompletionStage<List<byte[]>> getAll(List<String> keys);

  /** Stores each value with its own time to live (Redis: pipelined {@code SET key value PX ttl}). */
  CompletionStage<Void> setAll(List<String> keys, List<byte[]> values, long[] ttlMillis);

  /** Adds one to the integer at {@code key} (absent = 0) and returns the result (Redis: INCR). */
  CompletionStage<Long> increment(String key);

  /** Sends {@code message} to every subscriber of {@code channel}, this store's own included. */
  CompletionStage<Void> publish(String channel, byte[] message);

  /** Delivers the messages of {@code channel} to {@code subscriber} from now on. */
  void subscribe(String channel, Subscriber subscriber);

  @Override
  void close();

  /** Receives broadcast messages; called on a store thread, so it must be quick. */
  interface Subscriber {
    void onMessage(byte[] message);

    /** The store lost its connection and has it again: messages sent in between were lost. */
    void onReconnected();
  }

  /**
   * A Redis store through one shared Lettuce connection (plus one for pub/sub). Commands time out after
   * {@code commandTimeout}; while disconnected they fail at once rather than queue; at most
   * {@code queueSize} commands are in flight. If Redis is down at start, connecting continues in the
   * background.
   */
  static L2Store redis(String url, Duration commandTimeout, int queueSize) {
    return new LettuceL2Store(url, commandTimeout, queueSize);
  }
}
