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
 */
public record StoreOptions(Clock clock, int poolMinIdle, int poolMaxSize, Duration connectionTimeout,
    Duration statementTimeout, int copyThreshold, int readConnections, boolean fullSync) {

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
  }

  public static StoreOptions defaults() {
    return new StoreOptions(Clock.systemUTC(), 5, 20, Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 4, false);
  }

  public StoreOptions withClock(Clock c) {
    return new StoreOptions(c, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, fullSync);
  }

  public StoreOptions withPool(int minIdle, int maxSize) {
    return new StoreOptions(clock, minIdle, maxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, fullSync);
  }

  public StoreOptions withTimeouts(Duration connection, Duration statement) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connection, statement, copyThreshold, readConnections,
        fullSync);
  }

  public StoreOptions withCopyThreshold(int events) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, events,
        readConnections, fullSync);
  }

  public StoreOptions withReadConnections(int n) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold, n,
        fullSync);
  }

  public StoreOptions withFullSync(boolean on) {
    return new StoreOptions(clock, poolMinIdle, poolMaxSize, connectionTimeout, statementTimeout, copyThreshold,
        readConnections, on);
  }

  private static void requirePositive(String name, Duration d, Duration min) {
    if (d == null || d.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be at least " + min.toMillis() + " ms, got " + d);
    }
  }
}
