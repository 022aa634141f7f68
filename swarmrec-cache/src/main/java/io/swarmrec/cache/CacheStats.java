package io.swarmrec.cache;

/**
 * A snapshot of the cache's counters since start.
 *
 * @param l1 the in-process tier
 * @param l2 the shared tier (all zero when there is no L2)
 * @param localInvalidations users invalidated through this instance
 * @param remoteInvalidations users invalidated by other replicas, as received over pub/sub
 * @param l1WeightedBytes the estimated bytes L1 holds now
 */
public record CacheStats(TierStats l1, TierStats l2, long localInvalidations, long remoteInvalidations,
    long l1WeightedBytes) {

  /**
   * Counters of one tier. {@code evictions} are L1 removals by size or expiry; Redis evicts on the server
   * and does not tell its clients, so for L2 it stays 0 (see {@code INFO stats} there). {@code errors}
   * count calls that degraded: timeouts, connection failures, rejected commands, corrupt entries.
   * Latency is the total over {@code operations} (a batch is one operation).
   */
  public record TierStats(long hits, long misses, long puts, long errors, long evictions, long operations,
      long totalNanos) {

    public double hitRate() {
      long lookups = hits + misses;
      return lookups == 0 ? 0 : (double) hits / lookups;
    }

    public double meanLatencyNanos() {
      return operations == 0 ? 0 : (double) totalNanos / operations;
    }
  }
}
