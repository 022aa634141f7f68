package io.swarmrec.store.internal;

import static io.swarmrec.store.internal.Jdbc.queryLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Staged appends: a two-level log in the spirit of the log-structured merge tree (O'Neil et al., "The
 * log-structured merge-tree", Acta Informatica 1996) and of PostgreSQL's GIN "fast update" pending list.
 *
 * <p><b>Why.</b> Appending to {@code interactions} costs, per event, one insert at a random place in each of its
 * two secondary btrees. Once those indexes outgrow the caches (tens of millions of rows), nearly every such
 * insert reads and dirties a page of its own: measured at 50M rows, a 100-event request cost ~130 ms of the single
 * writer's time. Appends therefore go to {@code interactions_staged}, a table with the same columns whose only
 * index is its primary key on increasing ids (every insert lands on the right edge, which stays cached), in the
 * same transaction and with the same sequence ids as before: committed there is durable, and that is when the
 * caller is acknowledged. {@code interactions_all} (a UNION ALL view of both tables) is what every query reads.
 *
 * <p><b>Merge.</b> A background thread ({@link Merger}) wakes once a chunk's worth ({@code mergeChunk}) is staged
 * and moves the oldest staged rows into {@code interactions}, one transaction per chunk: insert them with their ids,
 * sorted by user and time (so the (user_id, created_at) index is written in key order, each of its pages touched
 * once per chunk rather than once per event), then delete them from staging. Both steps commit together, so after
 * a crash each row is in exactly one table; and the insert skips ids already present, so a merge repeated over rows
 * that are somehow in both (a non-transactional copy, a restore) cannot duplicate them. A reader's snapshot sees a
 * chunk on one side or the other, never both or neither. Ids keep their meaning: sequence order and visibility are
 * decided when rows are staged, under the write lock, and a merge only moves committed rows.
 *
 * <p><b>Who waits for whom.</b> On PostgreSQL a merge takes a lock of its own, not the write lock: appends go on
 * while a chunk moves (MVCC), and only {@code forgetUser}, which a concurrent merge could undo, waits for it. SQLite
 * has one writer per file, so it stages in a second file and merges by building partitions instead
 * ({@code sqlite.PartitionedLog}, SQLite schema V6); this class's merge is then only the default for dialects without one. A
 * dialect whose merges hold up appends ({@code mergesBlockAppends}) has its chunk sized to about three seconds of work
 * from the measured cost of the previous merges ({@code JdbcInteractionStore}).
 *
 * <p><b>What it buys.</b> A merge writes an index page once per chunk instead of once per commit group, a gain
 * wherever a chunk holds several events per index page. With the indexes at 5M rows (IngestBenchmark, 64 threads,
 * batches of 100) the sustained rate, staging and merging together, was 2.9x that of appending straight into the
 * indexed log, and 2.2x at 20M rows; the gain shrinks as the indexes grow beyond what one chunk covers (see
 * docs/BENCHMARKS.md, "Staged appends"). Until {@code stagingLimit} events are staged, bursts are acknowledged at
 * the staging rate.
 *
 * <p><b>Back-pressure.</b> If the merger falls behind, staging would grow without bound, and with it the cost
 * of the queries that scan it (it has no user or item index). So when a group would take the staged backlog
 * above {@code stagingLimit}, the committer first runs merges itself (each in a merge transaction of its own)
 * until the group fits: acknowledged ingest then runs at the merge rate, never faster for long. The backlog is
 * estimated from the ends of the primary key (max - min + 1), two index probes, an upper bound on the count
 * (forgotten users leave holes).
 *
 * <p>Internal to the store implementations; not API.
 */
final class StagedLog {
  static final String TABLE = "interactions_staged";
  /** The highest id in either table (each max is one probe of a primary key). */
  static final String LAST_ID = "SELECT coalesce(max(m), 0) FROM (SELECT max(id) AS m FROM interactions"
      + " UNION ALL SELECT max(id) FROM " + TABLE + ") t";
  private static final String COLUMNS = "id, user_id, item_id, type, value, created_at";
  // WHERE before ON CONFLICT: SQLite needs it to parse an upsert after a SELECT
  private static final String MOVE = "INSERT INTO interactions (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + TABLE
      + " WHERE id <= ? ORDER BY user_id, created_at ON CONFLICT (id) DO NOTHING";
  private static final String DROP = "DELETE FROM " + TABLE + " WHERE id <= ?";
  private static final String CHUNK_END = "SELECT max(id) FROM (SELECT id FROM " + TABLE + " ORDER BY id LIMIT ?) t";
  private static final String BACKLOG = "SELECT coalesce((SELECT max(id) FROM " + TABLE + ") - (SELECT min(id) FROM "
      + TABLE + ") + 1, 0)";

  private StagedLog() {}

  /** An upper bound on the staged rows: the span of their ids (two primary-key probes). */
  static long backlog(Connection c) throws SQLException {
    return queryLong(c, BACKLOG);
  }

  /** The id of the {@code chunk}-th oldest staged row (or of the newest, when fewer are staged); -1 when none. */
  private static long chunkEnd(Connection c, int chunk) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CHUNK_END)) {
      ps.setInt(1, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long upTo = rs.getLong(1);
        return rs.wasNull() ? -1 : upTo;
      }
    }
  }

  /**
   * Moves the {@code chunk} oldest staged rows (fewer when fewer are staged) into the indexed log; returns the
   * rows that left staging. Runs inside a write transaction, which makes the move atomic.
   */
  static int mergeChunk(Connection c, int chunk) throws SQLException {
    long upTo = chunkEnd(c, chunk);
    if (upTo < 0) {
      return 0;
    }
    try (PreparedStatement move = c.prepareStatement(MOVE); PreparedStatement drop = c.prepareStatement(DROP)) {
      move.setLong(1, upTo);
      move.executeUpdate();
      drop.setLong(1, upTo);
      return drop.executeUpdate();
    }
  }

  /**
   * The background merger: one daemon thread per store, started by the first {@link #request}, that merges
   * chunks while a full one is staged, then sleeps until asked again. Errors are retried after a pause (the
   * committer's back-pressure reports a merge that keeps failing to the appenders).
   */
  static final class Merger {
    /** One merge transaction; returns the rows moved, 0 when less than a chunk is staged. */
    @FunctionalInterface
    interface Step {
      int mergeOnce();
    }

    private static final long RETRY_MILLIS = 1_000;

    private final String name;
    private final Step step;
    private Thread thread; // guarded by this
    private boolean requested; // guarded by this
    private boolean closed; // guarded by this
    private volatile RuntimeException lastFailure;

    Merger(String name, Step step) {
      this.name = name;
      this.step = step;
    }

    /** Asks for a merge round; starts the thread the first time. */
    synchronized void request() {
      if (closed) {
        return;
      }
      requested = true;
      if (thread == null) {
        thread = Thread.ofPlatform().name(name + "-merger").daemon(true).start(this::run);
      }
      notifyAll();
    }

    /** The last merge failure, if the last round failed (for diagnostics and tests). */
    RuntimeException lastFailure() {
      return lastFailure;
    }

    /** Stops the thread after the chunk it is merging, if any; staged rows stay staged, durably. */
    void close() {
      Thread t;
      synchronized (this) {
        closed = true;
        t = thread;
        notifyAll();
      }
      if (t == null) {
        return;
      }
      GroupCommit.joinUninterruptibly(t);
    }

    private void run() {
      while (awaitRequest()) {
        try {
          while (!isClosed() && step.mergeOnce() > 0) {
            // one chunk per transaction: appends queued behind the write lock get their turn in between
          }
          lastFailure = null;
        } catch (RuntimeException e) {
          lastFailure = e;
          pauseThenRetry();
        }
      }
    }

    private synchronized boolean awaitRequest() {
      while (!requested && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          // only close() stops the merger
        }
      }
      requested = false;
      return !closed;
    }

    private synchronized boolean isClosed() {
      return closed;
    }

    private synchronized void pauseThenRetry() {
      long until = System.currentTimeMillis() + RETRY_MILLIS;
      for (long left = RETRY_MILLIS; left > 0 && !closed; left = until - System.currentTimeMillis()) {
        try {
          wait(left);
        } catch (InterruptedException e) {
          // only close() stops the merger
        }
      }
      requested = true;
    }
  }
}
