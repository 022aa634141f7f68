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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded default store: one SQLite database file in WAL mode holding the partitioned log, and beside it a second
 * file, {@code <db>.staged}, where appends are staged (see {@link PartitionedLog} for the write path; back both files
 * up together).
 *
 * <p>SQLite allows one writer per file, and in WAL mode readers neither block it nor each other: a reader sees the
 * last commit before its transaction began. So the store keeps one writer connection per job, each behind a Java
 * lock (waiting on a Java lock is cheaper and fairer than spinning on {@code SQLITE_BUSY}), and a small pool of
 * read-only connections for queries and scans:
 * <ul>
 *   <li>the <b>stage writer</b> (the staging file, the log attached read-only): the committer's appends, and the
 *       deletes of merged rows, under {@code stageLock};</li>
 *   <li>the <b>merge writer</b> (the log file, staging attached read-only): merges and compactions, under
 *       {@code writeLock}; a merge never holds the staging file's lock, so appends go on while it runs;</li>
 *   <li>the <b>writer</b> (the log file, staging attached): everything else that writes (items, the activity rollup,
 *       forgetting a user, migrations, appends while staging is off or a bulk import runs), under both locks, always
 *       taken log first.</li>
 * </ul>
 * Every write transaction starts with {@code BEGIN IMMEDIATE}, which takes SQLite's write lock of every file attached
 * read-write up front: a second process writing the same files (an import beside a running server) then waits for its
 * turn ({@code busy_timeout}) instead of failing when a deferred transaction tries to upgrade its lock. Ids are handed
 * out under the staging file's lock ({@code stage_seq}), which makes them commit in order, as
 * {@link io.swarmrec.store.InteractionStore} promises.
 *
 * <p><b>Durability.</b> {@code synchronous=NORMAL} on both files: in WAL mode a commit is written to the log but the
 * log is fsynced only at checkpoints. A committed batch survives any crash of the application (the data is in the
 * operating system's page cache); only an OS crash or power cut can lose the last commits, and it can never corrupt
 * the database. That is the SQLite documentation's recommended setting for WAL and costs no fsync per batch;
 * {@code synchronous=FULL} ({@link StoreOptions#fullSync}) fsyncs every commit for power-loss durability. Appends are
 * batched, so even FULL costs one fsync per group, not per event.
 */
final class SqliteInteractionStore extends JdbcInteractionStore {
  static final String MIGRATIONS = "io/swarmrec/store/sqlite";
  static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
      + " description TEXT NOT NULL, applied_at INTEGER NOT NULL DEFAULT (unixepoch())) STRICT";
  /** Joins a label list into one TEXT column; labels cannot contain control characters, so no escaping. */
  private static final String LABEL_SEPARATOR = "\u001F";

  private final Path file;
  private final Connection writer;
  private final Connection mergeWriter;
  private final Connection stageWriter;
  /** The log file's writer: fair, so that merges and other writes take turns. */
  private final ReentrantLock writeLock = new ReentrantLock(true);
  /** The staging file's writer: fair, so that the committer and the deletes of merged rows take turns. */
  private final ReentrantLock stageLock = new ReentrantLock(true);
  private final HikariDataSource readers;

  private SqliteInteractionStore(Path file, StoreOptions options, Connection writer, Connection mergeWriter,
      Connection stageWriter, HikariDataSource readers) {
    super("sqlite", options, new TimeSql("?", "%s"));
    this.file = file;
    this.writer = writer;
    this.mergeWriter = mergeWriter;
    this.stageWriter = stageWriter;
    this.readers = readers;
  }

  /** Opens (creating and migrating when needed) the database file and its staging file. */
  static SqliteInteractionStore open(Path file, StoreOptions options) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    Path stage = PartitionedLog.stageFile(file.toAbsolutePath());
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writer = connect(writerConfig(options), url, opened);
      migrate(writer, options);
      Connection stageWriter = connect(writerConfig(options), "jdbc:sqlite:" + stage, opened);
      inTransaction(stageWriter, c -> {
        for (String sql : PartitionedLog.STAGE_SCHEMA) {
          execute(c, sql);
        }
        return null;
      });
      execute(stageWriter, "ATTACH DATABASE '" + readOnlyUri(file) + "' AS log");
      // no checkpoint in the committer's commits: the merger checkpoints the staging file (see checkpointStage)
      execute(stageWriter, "PRAGMA wal_autocheckpoint = 0");
      execute(writer, "ATTACH DATABASE '" + quote(stage.toString()) + "' AS stage");
      execute(writer, "PRAGMA stage.synchronous = " + (options.fullSync() ? "FULL" : "NORMAL"));
      execute(writer, PartitionedLog.ALL_VIEW);
      Connection mergeWriter = connect(mergeWriterConfig(options), url, opened);
      execute(mergeWriter, "ATTACH DATABASE '" + readOnlyUri(stage) + "' AS stage");
      execute(mergeWriter, PartitionedLog.ALL_VIEW);
      SqliteInteractionStore store = new SqliteInteractionStore(file, options, writer, mergeWriter, stageWriter,
          readerPool("jdbc:sqlite:" + stage, file, options));
      store.reconcile();
      store.afterOpen(); // repairs an import that died half-way, merges leftover staged events
      return store;
    } catch (SQLException | RuntimeException e) {
      for (Connection c : opened.reversed()) {
        closeQuietly(c, e);
      }
      throw e instanceof SQLException s ? new StoreException("cannot open SQLite store " + file + ": " + s.getMessage(), s)
          : (RuntimeException) e;
    }
  }

  private static Connection connect(SQLiteConfig config, String url, List<Connection> opened) throws SQLException {
    Connection c = config.createConnection(url);
    opened.add(c);
    return c;
  }

  /**
   * Repairs what a crash between the two files can leave, before anything else runs: the id sequence moves past every
   * id either file holds (and past the log's own AUTOINCREMENT counter of schema V3 and bulk imports); when nothing is
   * staged above the merge mark the mark moves up to the sequence; partitions left empty go; staged rows already
   * merged are deleted.
   */
  private void reconcile() {
    writeTransaction("open", c -> {
      long seq = Math.max(queryLong(c, "SELECT seq FROM stage_seq"), queryLong(c, PartitionedLog.LAST_ID));
      seq = Math.max(seq, queryLong(c,
          "SELECT coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'interactions'), 0)"));
      update(c, "UPDATE stage_seq SET seq = ?", seq);
      PartitionedLog.dropUnfinishedCompactions(c);
      if (queryLong(c, PartitionedLog.BACKLOG) == 0) {
        update(c, "UPDATE stage_mark SET last_id = max(last_id, ?)", seq);
      }
      boolean changed = false;
      for (PartitionedLog.Partition p : PartitionedLog.partitions(c)) {
        if (p.seq() > 0 && queryLong(c, "SELECT count(*) FROM (SELECT 1 FROM main." + p.table() + " LIMIT 1)") == 0) {
          execute(c, "DROP TABLE main." + p.table());
          update(c, "DELETE FROM log_partitions WHERE seq = ?", p.seq());
          changed = true;
        }
      }
      if (changed) {
        PartitionedLog.rebuildViews(c);
      }
      return null;
    });
    deleteMerged(writeTransaction("merge mark", c -> queryLong(c, "SELECT last_id FROM stage_mark")));
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
   * The merge connection: the sorts that build a partition's indexes spill to temporary files rather than memory (a
   * compaction sorts millions of keys); its page cache is the writer's size.
   */
  private static SQLiteConfig mergeWriterConfig(StoreOptions options) {
    SQLiteConfig config = commonConfig(options);
    config.setSynchronous(options.fullSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setCacheSize(-65_536);
    return config;
  }

  /**
   * Readers open the staging file as their main database and attach the log: SQLite starts a statement's read
   * transactions in database order, so the staging snapshot is taken first (see {@link PartitionedLog}).
   */
  private static HikariDataSource readerPool(String stageUrl, Path logFile, StoreOptions options) {
    SQLiteConfig config = commonConfig(options);
    config.setReadOnly(true);
    config.setCacheSize(-16_384);
    String attach = "ATTACH DATABASE '" + quote(logFile.toAbsolutePath().toString()) + "' AS log";
    SQLiteDataSource source = new SQLiteDataSource(config) {
      @Override
      public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection c = super.getConnection(username, password);
        try {
          execute(c, attach);
          execute(c, PartitionedLog.ALL_VIEW);
        } catch (SQLException e) {
          closeQuietly(c, e);
          throw e;
        }
        return c;
      }
    };
    source.setUrl(stageUrl);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("swarmrec-sqlite-readers");
    pool.setDataSource(source);
    pool.setReadOnly(true); // must match the open mode, or Hikari resets it and SQLite refuses
    pool.setMaximumPoolSize(options.readConnections());
    pool.setMinimumIdle(options.readConnections());
    pool.setConnectionTimeout(options.connectionTimeout().toMillis());
    return new HikariDataSource(pool);
  }

  private static SQLiteConfig commonConfig(StoreOptions options) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.connectionTimeout().toMillis()));
    config.setOpenMode(SQLiteOpenMode.OPEN_URI); // for read-only attachments
    return config;
  }

  /** A file URI opening {@code file} read-only, quoted for an ATTACH statement. */
  private static String readOnlyUri(Path file) {
    String path = file.toAbsolutePath().toString().replace("%", "%25").replace("?", "%3f").replace("#", "%23");
    return quote("file:" + path + "?mode=ro");
  }

  private static void update(Connection c, String sql, long value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, value);
      ps.executeUpdate();
    }
  }

  private static String quote(String s) {
    return s.replace("'", "''");
  }

  @Override
  protected <T> T onReader(SqlWork<T> work) throws SQLException {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    }
  }

  /** On the writer, holding both files' locks (log first). */
  @Override
  protected <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    acquire(writeLock, "writer");
    try {
      acquire(stageLock, "staging writer");
      try {
        return inTransaction(writer, work);
      } finally {
        stageLock.unlock();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Staged appends commit in the staging file, so the source positions they carry are recorded there, in
   * the same transaction; appends straight into the log record them in the log file.
   */
  @Override
  protected String sourcePositionsTable(boolean staged) {
    return staged ? "stage_source_positions" : "source_positions";
  }

  /** Both files' positions; the staging file's, written by every staged append, win. */
  @Override
  protected java.util.List<String> sourcePositionsTables() {
    return java.util.List.of("source_positions", "stage_source_positions");
  }

  /** On the staging file's writer only: a merge running on the log file does not hold it up. */
  @Override
  protected <T> T inStageTransaction(SqlWork<T> work) throws SQLException {
    acquire(stageLock, "staging writer");
    try {
      return inTransaction(stageWriter, work);
    } finally {
      stageLock.unlock();
    }
  }

  /**
   * A new partition from up to {@code chunk} staged events, in a transaction of the log file (see
   * {@link PartitionedLog#merge}), then the deletes of the merged rows from staging, in short transactions of their own.
   */
  @Override
  protected int mergeChunk(int chunk) throws SQLException {
    int moved = mergeIntoPartition(chunk);
    if (moved > 0) {
      compactWhileDue();
    }
    return moved;
  }

  /** One merge from staging into a new partition, then the deletes of the merged rows; returns the rows moved. */
  private int mergeIntoPartition(int chunk) throws SQLException {
    PartitionedLog.Merged merged;
    acquire(writeLock, "writer");
    try {
      merged = inTransaction(mergeWriter, c -> PartitionedLog.merge(c, chunk));
    } finally {
      writeLock.unlock();
    }
    if (merged == null) {
      return 0;
    }
    deleteMerged(merged.mark());
    checkpointStage();
    return merged.moved();
  }

  /**
   * Before each compaction step: merges what is staged once a chunk's worth waits, so that a compaction (seconds of
   * the log file's writer) does not let the backlog run into the staging limit, where appends would wait. False when
   * the store is closing: the compaction stops there.
   */
  private boolean mergeBetweenSteps() {
    if (isClosing()) { // stop: the unfinished compaction is dropped when the store opens next
      return false;
    }
    try {
      if (onReader(this::stagedBacklog) >= options.mergeChunk()) {
        mergeIntoPartition(backgroundMergeChunk());
      }
    } catch (SQLException e) {
      throw new StoreException("sqlite merge failed: " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * Runs the compactions that are due, step by step, each step a transaction of its own (see PartitionedLog), with
   * merges from staging between the steps.
   */
  private void compactWhileDue() {
    long mergeChunk = options.mergeChunk();
    while (true) {
      PartitionedLog.Compaction started = mergeTransaction(c -> PartitionedLog.startCompaction(c, mergeChunk));
      if (started == null) {
        return; // none due, or another thread is building one
      }
      long seq = started.seq();
      List<PartitionedLog.Partition> sources = started.sources();
      List<PartitionedLog.Partition> inIdOrder = new ArrayList<>(sources);
      java.util.Map<Long, Long> first = new java.util.HashMap<>();
      for (PartitionedLog.Partition p : sources) {
        first.put(p.seq(), mergeTransaction(c -> PartitionedLog.firstId(c, p)));
      }
      inIdOrder.sort(java.util.Comparator.comparing(p -> first.get(p.seq())));
      for (PartitionedLog.Partition p : inIdOrder) {
        if (!mergeBetweenSteps()) {
          return;
        }
        mergeTransaction(c -> {
          PartitionedLog.copyInto(c, seq, p);
          return null;
        });
      }
      for (String ddl : PartitionedLog.indexDdl(new PartitionedLog.Partition(seq, 0).table())) {
        if (!mergeBetweenSteps()) {
          return;
        }
        mergeTransaction(c -> {
          execute(c, ddl);
          return null;
        });
      }
      if (!mergeBetweenSteps()) {
        return;
      }
      mergeTransaction(c -> {
        PartitionedLog.finishCompaction(c, seq, sources);
        return null;
      });
    }
  }

  /** Work on the merge connection in a transaction of the log file, under its lock. */
  private <T> T mergeTransaction(SqlWork<T> work) {
    acquire(writeLock, "writer");
    try {
      return inTransaction(mergeWriter, work);
    } catch (SQLException e) {
      throw new StoreException("sqlite compaction failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Copies the staging file's WAL back into the file, after a merge, from the writer connection rather than in the
   * committer's commits: a checkpoint syncs the WAL and the file, and one that a reader keeps from finishing (a merge
   * reading staging) would otherwise be tried, with its syncs, after every commit, in the path of acknowledgements.
   * PASSIVE: it never waits for, or holds up, the committer. The writer connection is used under the log's lock only
   * here, which is enough to have it alone (every other use takes that lock first).
   */
  private void checkpointStage() {
    acquire(writeLock, "writer");
    try {
      execute(writer, "PRAGMA stage.wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      throw new StoreException("sqlite checkpoint of the staging file failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Deletes staged rows at or below the merge mark, a step per staging transaction. */
  private void deleteMerged(long mark) {
    while (stageTransaction("delete merged", c -> PartitionedLog.deleteMergedStep(c, mark))) {
      // appends queued behind the staging lock get their turn between steps
    }
  }

  /** Merges do not hold the staging file: appends go on while a partition is built. */
  @Override
  protected boolean mergesBlockAppends() {
    return false;
  }

  /**
   * Everything staged: each merge adds a partition, so one merge of all that accumulated while the last one ran
   * makes fewer, larger partitions than several of one chunk each. Back-pressure bounds it: the backlog exceeds the
   * staging limit by one commit group at most.
   */
  @Override
  protected int backgroundMergeChunk() {
    return Integer.MAX_VALUE;
  }

  @Override
  protected String lastIdSql() {
    return PartitionedLog.LAST_ID;
  }

  @Override
  protected String countSql() {
    return PartitionedLog.COUNT;
  }

  @Override
  protected long stagedBacklog(Connection c) throws SQLException {
    return queryLong(c, PartitionedLog.BACKLOG);
  }

  @Override
  protected int deleteEventsOf(Connection c, String user) throws SQLException {
    return PartitionedLog.deleteEventsOf(c, user);
  }

  private <T> T writeTransaction(String op, SqlWork<T> work) {
    try {
      return inWriteTransaction(work);
    } catch (SQLException e) {
      throw new StoreException("sqlite " + op + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T stageTransaction(String op, SqlWork<T> work) {
    try {
      return inStageTransaction(work);
    } catch (SQLException e) {
      throw new StoreException("sqlite " + op + " failed: " + e.getMessage(), e);
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
   * One prepared INSERT for the whole group with explicit ids: the next ones after {@code stage_seq} in the staging
   * file, which then moves past them. That counter is the one sequence of the log and of its staging table, never
   * moves back (not even when the newest events are forgotten), and is read and moved under the staging file's write
   * lock (held by both connections that append), so ids are consecutive per group.
   */
  @Override
  protected long[] insertEvents(Connection c, String table, List<List<Event>> batches) throws SQLException {
    long[] last = new long[batches.size()];
    long id = queryLong(c, "SELECT seq FROM stage_seq");
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
    try (PreparedStatement seq = c.prepareStatement("UPDATE stage_seq SET seq = ?")) {
      seq.setLong(1, id);
      seq.executeUpdate();
    }
    return last;
  }

  @Override
  protected String secondaryIndexesSql() {
    return "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'interactions'"
        + " AND sql IS NOT NULL";
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
    int writing = (writeLock.isLocked() ? 1 : 0) + (stageLock.isLocked() ? 1 : 0);
    return new StoreStats("sqlite", pool.getActiveConnections() + writing, pool.getIdleConnections() + 2 - writing,
        pool.getTotalConnections() + 2, pool.getThreadsAwaitingConnection() + writeLock.getQueueLength()
            + stageLock.getQueueLength() + queuedAppends(), appendedEvents());
  }

  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    readers.close();
    writeLock.lock(); // let a running write finish
    stageLock.lock();
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA optimize"); // refreshes planner statistics, as SQLite advises before closing
    } catch (SQLException ignored) {
      // statistics are an optimisation; closing must not fail because of them
    } finally {
      closeQuietly(mergeWriter, null);
      closeQuietly(writer, null);
      closeQuietly(stageWriter, null);
      stageLock.unlock();
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteInteractionStore[" + file + "]";
  }

  private void acquire(ReentrantLock lock, String what) {
    try {
      if (!lock.tryLock(options.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StoreException("sqlite " + what + " busy for more than " + options.connectionTimeout().toMillis()
            + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the sqlite " + what, e);
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
