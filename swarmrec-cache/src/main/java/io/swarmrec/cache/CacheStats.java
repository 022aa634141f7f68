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
   * Counters of one tier. {@code hits} and {@code misses} count keys; {@code lookups} counts calls (a batch
   * of keys is one lookup, one MGET for L2) and {@code lookupNanos} is their total time. {@code puts}
   * counts entries stored (for L2, acknowledged by Redis). {@code errors} count calls that degraded:
   * timeouts, connection failures, rejected or skipped commands, corrupt entries. {@code evictions} are
   * L1 removals by size or expiry; Redis evicts on the server without telling clients, so for L2 it
   * stays 0 (see {@code INFO stats} there).
   */
  public record TierStats(long hits, long misses, long puts, long errors, long evictions, long lookups,
      long lookupNanos) {

    public double hitRate() {
      long keys = hits + misses;
      return keys == 0 ? 0 : (double) hits / keys;
    }

    public double meanLookupNanos() {
      return lookups == 0 ? 0 : (double) lookupNanos / lookups;
    }
  }
}
