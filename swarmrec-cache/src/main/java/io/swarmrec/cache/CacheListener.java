package io.swarmrec.cache;

/**
 * Receives each cache operation as it happens, for latency histograms and error counts by type (the
 * server maps these to Prometheus; this module does not depend on it). Counters are also available as a
 * snapshot from {@link TieredCache#stats()}. Called synchronously on the calling thread or on a Redis I/O
 * thread: implementations must be fast and must not throw.
 */
public interface CacheListener {
  CacheListener NONE = new CacheListener() {};

  /** A lookup of {@code keys} keys on one tier, of which {@code hits} were found, took {@code nanos}. */
  default void onLookup(Tier tier, int keys, int hits, long nanos) {}

  /**
   * {@code keys} entries were stored in one tier; for L2, {@code nanos} is the time until Redis
   * acknowledged the pipelined write; an L1 put is a memory write and is not timed (0).
   */
  default void onWrite(Tier tier, int keys, long nanos) {}

  /** A tier failed (timeout, connection, corrupt entry); the call degraded instead of throwing. */
  default void onError(Tier tier, Throwable cause) {}
}
