package io.swarmrec.store.sqlite;

import static io.swarmrec.store.internal.Jdbc.execute;
import static io.swarmrec.store.internal.Jdbc.queryLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.swarmrec.store.Event;
import io.swarmrec.store.StoreException;
import io.swarmrec.store.StoreOptions;
import io.swarmrec.store.StoreStats;
import io.swarmrec.store.UserProfile;
import io.swarmrec.store.internal.JdbcInteractionStore;
import io.swarmrec.store.internal.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default store: one SQLite database file in WAL mode.
 *
 * <p>SQLite allows one writer at a time, and in WAL mode readers neither block it nor each other: a
 * reader sees the last commit before its transaction began while the writer appends to the log. So the
 * store keeps exactly one writer connection behind a lock (waiting on a Java lock is cheaper and fairer
 * than spinning on {@code SQLITE_BUSY}) and a small pool of read-only connections for queries and scans.
 * Every write transaction starts with {@code BEGIN IMMEDIATE}, which takes SQLite's write lock up front:
 * a second process writing the same file (an import beside a running server) then waits for its turn
 * ({@code busy_timeout}) instead of failing when a deferred transaction tries to upgrade its lock. The
 * same lock makes rowids commit in order, as {@link io.swarmrec.store.InteractionStore} promises.
 *
 * <p><b>Durability.</b> {@code synchronous=NORMAL}: in WAL mode a commit is written to the log but the log
 * is fsynced only at checkpoints. A committed batch survives any crash of the application (the data is
 * in the operating system's page cache); only an OS crash or power cut can lose the last commits, and
 * it can never corrupt the database. That is the SQLite documentation's recommended setting for WAL and
 * costs no fsync per batch; {@code synchronous=FULL} ({@link StoreOptions#fullSync}) fsyncs every commit
 * for power-loss durability. Appends are batched, so even FULL costs one fsync per batch, not per event.
 */
final class SqliteInteractionStore extends JdbcInteractionStore {
  static final String MIGRATIONS = "io/swarmrec/store/sqlite";
  static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
      + " description TEXT NOT NULL, applied_at INTEGER NOT NULL DEFAULT (unixepoch())) STRICT";
  /** Joins a label list into one TEXT column; labels cannot contain control characters, so no escaping. */
  private static final String LABEL_SEPARATOR = "\u001F";

  private final Path file;
  private final Connection writer;
  /** Merges of staged events: the same lock as the writer, its own connection (see {@link #inMergeTransaction}). */
  private final Connection mergeWriter;
  /** Fair: the committer and the merger of staged events take turns, one group or one chunk each. */
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final HikariDataSource readers;

  private SqliteInteractionStore(Path file, StoreOptions options, Connection writer, Connection mergeWriter,
      HikariDataSource readers) {
    super("sqlite", options, new TimeSql("?", "%s"));
    this.file = file;
    this.writer = writer;
    this.mergeWriter = mergeWriter;
    this.readers = readers;
  }

  /** Opens (creating and migrating when needed) the database file. */
  static SqliteInteractionStore open(Path file, StoreOptions options) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    Connection writer = null;
    Connection mergeWriter = null;
    try {
      writer = writerConfig(options).createConnection(url);
      migrate(writer, options);
      mergeWriter = mergeWriterConfig(options).createConnection(url);
      execute(mergeWriter, STAGED_MOVE_TRIGGER);
      SqliteInteractionStore store = new SqliteInteractionStore(file, options, writer, mergeWriter,
          readerPool(url, options));
      store.afterOpen(); // repairs an import that died half-way, merges leftover staged events
      return store;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(mergeWriter, e);
      closeQuietly(writer, e);
      throw e instanceof SQLException s ? new StoreException("cannot open SQLite store " + file + ": " + s.getMessage(), s)
          : (RuntimeException) e;
    }
  }

  /** Applies pending migrations; returns the schema version. */
  static int migrate(Connection writer, StoreOptions options) throws SQLException {
    return inTransaction(writer, c -> Migrator.apply(c, MIGRATIONS, VERSION_TABLE));
  }

  private static SQLiteConfig writerConfig(StoreOptions options) {
    SQLiteConfig config = commonConfig(options);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(options.fullSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-65_536); // KiB: index pages of a large import stay cached between batches
    return config;
  }

  /**
   * The merge connection: autocommit, so that a merge is one statement without a statement journal (see
   * {@code StagedLog.mergeChunkInOneStatement}), with the TEMP trigger that deletes moved rows from staging, and
   * temporary files (the merge's sort) on disk. Its page cache is the writer's size.
   */
  private static SQLiteConfig mergeWriterConfig(StoreOptions options) {
    SQLiteConfig config = commonConfig(options);
    config.setSynchronous(options.fullSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setCacheSize(-65_536);
    return config;
  }

  private static HikariDataSource readerPool(String url, StoreOptions options) {
    SQLiteConfig config = commonConfig(options);
    config.setReadOnly(true);
    config.setCacheSize(-16_384);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("swarmrec-sqlite-readers");
    pool.setJdbcUrl(url);
    pool.setDataSourceProperties(config.toProperties());
    pool.setReadOnly(true); // must match the open mode, or Hikari resets it and SQLite refuses
    pool.setMaximumPoolSize(options.readConnections());
    pool.setMinimumIdle(options.readConnections());
    pool.setConnectionTimeout(options.connectionTimeout().toMillis());
    return new HikariDataSource(pool);
  }

  private static SQLiteConfig commonConfig(StoreOptions options) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.connectionTimeout().toMillis()));
    return config;
  }

  @Override
  protected <T> T onReader(SqlWork<T> work) throws SQLException {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  protected <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    acquireWriter();
    try {
      return inTransaction(writer, work);
    } finally {
      writeLock.unlock();
    }
  }

  /** Under the writer's lock (SQLite has one writer), on the merge connection, as one statement (see there). */
  @Override
  protected int mergeChunk(int chunk) throws SQLException {
    acquireWriter();
    try {
      return mergeStagedChunkInOneStatement(mergeWriter, chunk);
    } finally {
      writeLock.unlock();
    }
  }

  private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    execute(c, "BEGIN IMMEDIATE");
    try {
      T result = work.run(c);
      execute(c, "COMMIT");
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        execute(c, "ROLLBACK");
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }

  /**
   * One prepared INSERT for the whole group with explicit ids: the next ones after the AUTOINCREMENT counter of
   * {@code interactions} (its {@code sqlite_sequence} row, created by V3.sql), which then moves past them. That
   * counter is the one sequence of the log and of its staging table, never moves back (not even when the newest
   * events are forgotten), and is read and moved under the write lock, so ids are consecutive per group.
   */
  @Override
  protected long[] insertEvents(Connection c, String table, List<List<Event>> batches) throws SQLException {
    long[] last = new long[batches.size()];
    long id = queryLong(c, "SELECT seq FROM sqlite_sequence WHERE name = 'interactions'");
    try (PreparedStatement insert = prepareInsert(c, table, true)) {
      for (int i = 0; i < last.length; i++) {
        for (Event e : batches.get(i)) {
          bindEvent(insert, e);
          insert.setLong(6, ++id);
          insert.addBatch();
        }
        last[i] = id;
      }
      insert.executeBatch();
    }
    try (PreparedStatement seq = c.prepareStatement("UPDATE sqlite_sequence SET seq = ? WHERE name = 'interactions'")) {
      seq.setLong(1, id);
      seq.executeUpdate();
    }
    return last;
  }

  @Override
  protected String secondaryIndexesSql() {
    return "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL";
  }

  @Override
  protected void bindLabels(Connection c, PreparedStatement ps, int index, List<String> labels) throws SQLException {
    ps.setString(index, String.join(LABEL_SEPARATOR, labels));
  }

  @Override
  protected List<String> readLabels(ResultSet rs, int column) throws SQLException {
    String joined = rs.getString(column);
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(LABEL_SEPARATOR, -1));
  }

  /** One indexed lookup per user: in-process SQLite has no round trip to save by batching them. */
  @Override
  protected void selectProfiles(Connection c, List<String> users, Consumer<UserProfile> sink) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(profileSql("= ?"))) {
      for (String user : users) {
        ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            sink.accept(profile(rs));
          }
        }
      }
    }
  }

  @Override
  public StoreStats stats() {
    HikariPoolMXBean pool = readers.getHikariPoolMXBean();
    int writing = writeLock.isLocked() ? 1 : 0;
    return new StoreStats("sqlite", pool.getActiveConnections() + writing, pool.getIdleConnections() + 1 - writing,
        pool.getTotalConnections() + 1, pool.getThreadsAwaitingConnection() + writeLock.getQueueLength()
            + queuedAppends(), appendedEvents());
  }

  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    readers.close();
    writeLock.lock(); // let a running write finish
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA optimize"); // refreshes planner statistics, as SQLite advises before closing
    } catch (SQLException ignored) {
      // statistics are an optimisation; closing must not fail because of them
    } finally {
      closeQuietly(mergeWriter, null);
      closeQuietly(writer, null);
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteInteractionStore[" + file + "]";
  }

  private void acquireWriter() {
    try {
      if (!writeLock.tryLock(options.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StoreException("sqlite writer busy for more than " + options.connectionTimeout().toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the sqlite writer", e);
    }
  }

  private static void closeQuietly(Connection c, Exception into) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      if (into != null) {
        into.addSuppressed(e);
      }
    }
  }
}
