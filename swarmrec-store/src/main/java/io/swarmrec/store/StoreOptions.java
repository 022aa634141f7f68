package io.swarmrec.store;

import java.time.Clock;
import java.time.Duration;

/**
 * Tuning of a store, validated in one place (here) so that a bad setting fails at start-up with a clear
 * message instead of surfacing later as a pool or driver error. Defaults follow the origin document:
 * a PostgreSQL pool of 5 to 20 connections with a command timeout.
 *
 * @param clock             "now" for the time-window queries ({@link InteractionStore#recentInteractions},
 *                          {@link InteractionStore#activeUsers}); a fixed clock makes them reproducible
 * @param poolMinIdle       PostgreSQL: connections kept open when idle
 * @param poolMaxSize       PostgreSQL: most connections open at once
 * @param connectionTimeout longest wait for a pooled connection (and for the SQLite writer)
 * @param statementTimeout  PostgreSQL {@code statement_timeout}: longest run of one statement (one fetch of a
 *                          streamed scan counts as one); the socket timeout is set a little above it
 * @param copyThreshold     PostgreSQL: batches of at least this many events are written with COPY, smaller
 *                          ones with a batched INSERT (COPY costs an extra round trip to set up)
 * @param readConnections   SQLite: read-only connections that serve queries beside the single writer
 * @param fullSync          SQLite: {@code synchronous=FULL} instead of {@code NORMAL} (see the SQLite store)
 * @param stagingLimit      SQL stores: most appended events kept in the unindexed staging table before appends
 *                          wait for the merge into the indexed log (back-pressure); 0 appends straight into the
 *                          indexed log (the store then holds no staged events after its first merge)
 * @param mergeChunk        SQL stores: the merger starts once this many events are staged. PostgreSQL moves this
 *                          many into the indexed log per merge transaction (larger chunks merge faster per event
 *                          but hold the merge lock longer); SQLite moves everything staged into a new partition of
 *                          the log and compacts partitions below four chunks, up to eight chunks at a time
 */
public record StoreOptions(Clock clock, int poolMinIdle, int poolMaxSize, Duration connectionTimeout,
    Duration statementTimeout, int copyThreshold, int readConnections, boolean fullSync, int stagingLimit,
    int mergeChunk) {

  public StoreOptions {
    if (clock == null) {
      throw new IllegalArgumentException("clock is null");
    }
    if (poolMinIdle < 0 || poolMaxSize < 1 || poolMinIdle > poolMaxSize) {
      throw new IllegalArgumentException("pool sizes must satisfy 0 <= minIdle <= maxSize and maxSize >= 1, got minIdle "
          + poolMinIdle + ", maxSize " + poolMaxSize);
    }
    requirePositive("connectionTimeout", connectionTimeout, Duration.ofMillis(250));
    requirePositive("statementTimeout", statementTimeout, Duration.ofMillis(1));
    if (copyThreshold < 1) {
      throw new IllegalArgumentException("copyThreshold must be >= 1, got " + copyThreshold);
    }
    if (readConnections < 1 || readConnections > 64) {
      throw new IllegalArgumentException("readConnections must be in 1..64, got " + readConnections);
    }
    if (mergeChunk < 1 || stagingLimit < 0 || (stagingLimit > 0 && stagingLimit < mergeChunk)) {
      throw new IllegalArgumentException("staging needs mergeChunk >= 1 and stagingLimit 0 (off) or >= mergeChunk, got"
          + " stagingLimit " + stagingLimit + ", mergeChunk " + mergeChunk);
    }
  }

  /** Default {@code stagingLimit}: a few seconds of ingest at full speed; staged scans stay in the tens of ms. */
  public static final int DEFAULT_STAGING_LIMIT = 1_000_000;
  /** Default {@code mergeChunk} (see docs/BENCHMARKS.md, "Staged appends", for the measurements behind it). */
  public static final int DEFAULT_MERGE_CHUNK = 100_000;

  public static StoreOptions defaults() {
    return new StoreOptions(Clock.systemUTC(), 5, 20, Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 4, false,
        DEFAULT_STAGING_LIMIT, DEFAULT_MERGE_CHUNK);
  }

  public StoreOptions withClock(Clock c) {
    return new StoreOptions(c, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, fullSync, stagingLimit, mergeChunk);
  }

  public StoreOptions withPool(int minIdle, int maxSize) {
    return new StoreOptions(clock, minIdle, maxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, fullSync, stagingLimit, mergeChunk);
  }

  public StoreOptions withTimeouts(Duration connection, Duration statement) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connection, statement, copyThreshold, readConnections,
        fullSync, stagingLimit, mergeChunk);
  }

  public StoreOptions withCopyThreshold(int events) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, events,
        readConnections, fullSync, stagingLimit, mergeChunk);
  }

  public StoreOptions withReadConnections(int n) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold, n,
        fullSync, stagingLimit, mergeChunk);
  }

  public StoreOptions withFullSync(boolean on) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, on, stagingLimit, mergeChunk);
  }

  /** Staging of appends (see {@code stagingLimit}, {@code mergeChunk}); {@code limit} 0 turns it off. */
  public StoreOptions withStaging(int limit, int chunk) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, fullSync, limit, chunk);
  }

  private static void requirePositive(String name, Duration d, Duration min) {
    if (d == null || d.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be at least " + min.toMillis() + " ms, got " + d);
    }
  }
}
