package io.swarmrec.store.postgres;

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
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The shared store: PostgreSQL behind a HikariCP pool (5 to 20 connections by default, as the origin
 * document asks), with a connection timeout and a server-side {@code statement_timeout} on every pooled
 * connection, and a socket timeout a little above it as the backstop for a dead network.
 *
 * <p><b>Ingest.</b> Concurrent appends are grouped into one transaction (group commit, see
 * {@code JdbcInteractionStore}); a group of at least {@link StoreOptions#copyThreshold} events is streamed with
 * {@code COPY ... FROM STDIN} ({@link CopyTextEncoder}); smaller ones go as one batched INSERT, which
 * pgjdbc pipelines in a single round trip. A commit waits for the WAL flush ({@code synchronous_commit} is the
 * server's, {@code on} by default), once per group. Nothing else is written per batch (see the schema script on
 * why the per-user rollup is folded lazily).
 *
 * <p><b>Order.</b> A bigserial hands out ids when rows are inserted, not when they commit: two concurrent
 * transactions can commit ids 11..20 before 1..10, and a reader that saw 20 would skip 1..10 for good.
 * So every write transaction first takes a transaction-scoped advisory lock (per schema), which makes
 * writers, on every instance sharing the database, take turns: ids then become visible in id order and
 * catching up by "id greater than the last one seen" is exact. The price: ingest cannot go faster than
 * one server backend, about 30 microseconds of server CPU per event while the three log indexes are
 * maintained (measured at a million rows), about 10 for a bulk import that builds them at the end.
 * Migrations take the same lock, so two instances starting together apply them once.
 */
final class PostgresInteractionStore extends JdbcInteractionStore {
  static final String MIGRATIONS = "io/swarmrec/store/postgres";
  static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
      + " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";
  /** Per-schema lock: stores in different schemas of one database do not wait for each other. */
  static final String WRITE_LOCK_KEYS = "hashtext(current_schema()), 1398231629";
  private static final String WRITE_LOCK = "SELECT pg_advisory_xact_lock(" + WRITE_LOCK_KEYS + ")";
  /** Serialises merges of staged events among themselves and with forgetUser, not with appends. */
  private static final String MERGE_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema()), 1398231630)";
  private static final String LAST_ID = "SELECT currval('interactions_id_seq')";
  /** The value the next nextval will return (the sequence is non-transactional: this is its current state). */
  private static final String NEXT_ID = "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END"
      + " FROM interactions_id_seq";

  private final HikariDataSource pool;

  private PostgresInteractionStore(HikariDataSource pool, StoreOptions options) {
    super("postgresql", options, new TimeSql("to_timestamp(?)", "extract(epoch from %s)::int8"));
    this.pool = pool;
  }

  /** Connects, checks the schema exists and applies pending migrations. */
  static PostgresInteractionStore open(String jdbcUrl, StoreOptions options) {
    HikariDataSource pool = pool(jdbcUrl, options);
    try (Connection c = pool.getConnection()) {
      requireSchema(c);
      migrate(c);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e instanceof SQLException s ? new StoreException("cannot open PostgreSQL store: " + s.getMessage(), s)
          : (RuntimeException) e;
    }
    PostgresInteractionStore store = new PostgresInteractionStore(pool, options);
    try {
      store.afterOpen(); // repairs an import that died half-way, merges leftover staged events
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** Applies pending migrations under the write lock, without the statement timeout; returns the version. */
  static int migrate(Connection c) throws SQLException {
    return inTransaction(c, t -> {
      execute(t, "SET LOCAL statement_timeout = 0"); // an index build on a big table may take a while
      return Migrator.apply(t, MIGRATIONS, VERSION_TABLE);
    });
  }

  private static HikariDataSource pool(String jdbcUrl, StoreOptions options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("swarmrec-postgres");
    config.setJdbcUrl(jdbcUrl);
    config.setMinimumIdle(options.poolMinIdle());
    config.setMaximumPoolSize(options.poolMaxSize());
    config.setConnectionTimeout(options.connectionTimeout().toMillis());
    long statementMs = options.statementTimeout().toMillis();
    config.addDataSourceProperty("options", "-c statement_timeout=" + statementMs);
    config.addDataSourceProperty("socketTimeout", Long.toString(statementMs / 1000 + 30));
    config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, options.connectionTimeout().toSeconds())));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "swarmrec");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) { // Hikari fails fast when the first connection cannot be made
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreException("cannot connect to PostgreSQL at " + redact(jdbcUrl) + ": " + cause.getMessage(), e);
    }
  }

  private static void requireSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
      rs.next();
      if (rs.getString(1) == null) {
        throw new StoreException("PostgreSQL has no schema to create tables in: the search_path (or currentSchema"
            + " in the URL) names no existing schema; create it first");
      }
    }
  }

  @Override
  protected <T> T onReader(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  protected <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return inTransaction(c, work);
    }
  }

  /**
   * Merges take their own lock, not the write lock: appends go on while a chunk moves (MVCC: readers see the
   * chunk in one table or the other, and the rows it moves are committed, below every id still being written).
   */
  @Override
  protected int mergeChunk(int chunk) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return inTransaction(c, MERGE_LOCK, t -> {
        // a chunk of 100,000 events into indexes of tens of millions of rows may outlast the statement timeout
        execute(t, "SET LOCAL statement_timeout = 0");
        return mergeStagedChunk(t, chunk);
      });
    }
  }

  @Override
  protected boolean mergesBlockAppends() {
    return false;
  }

  /** The merge lock first, then the write lock: a running merge delays this work but never an append. */
  @Override
  protected <T> T inExclusiveTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return inTransaction(c, MERGE_LOCK, t -> {
        execute(t, WRITE_LOCK);
        return work.run(t);
      });
    }
  }

  private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    return inTransaction(c, WRITE_LOCK, work);
  }

  private static <T> T inTransaction(Connection c, String lock, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      execute(c, lock); // held until commit or rollback
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * The whole group as one COPY (or one pipelined batched INSERT when small). The ids of a group are
   * consecutive: every {@code nextval} of the log's sequence happens under the write lock, so none can
   * interleave. That is checked rather than assumed: the sequence's next value is read before the insert
   * and its last value after, and a gap (someone inserting without the lock) fails the transaction instead
   * of handing out wrong ids.
   */
  @Override
  protected long[] insertEvents(Connection c, String table, List<List<Event>> batches) throws SQLException {
    long first = queryLong(c, NEXT_ID);
    List<Event> events = batches.size() == 1 ? batches.getFirst() : concat(batches);
    if (events.size() >= options.copyThreshold()) {
      copy(c, table, events);
    } else {
      insertBatch(c, table, events);
    }
    long lastId = queryLong(c, LAST_ID); // the session's last nextval: the group's highest id
    if (lastId - first + 1 != events.size()) {
      throw new SQLException("interactions ids " + first + ".." + lastId + " are not consecutive for " + events.size()
          + " events: another writer used the sequence without the store's lock", "55000");
    }
    long[] last = new long[batches.size()];
    long id = first - 1;
    for (int i = 0; i < last.length; i++) {
      id += batches.get(i).size();
      last[i] = id;
    }
    return last;
  }

  private static List<Event> concat(List<List<Event>> batches) {
    int n = 0;
    for (List<Event> b : batches) {
      n += b.size();
    }
    List<Event> all = new ArrayList<>(n);
    for (List<Event> b : batches) {
      all.addAll(b);
    }
    return all;
  }

  private void copy(Connection c, String table, List<Event> batch) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(CopyTextEncoder.copySql(table));
    try {
      // a fresh encoder per COPY: its 128 KiB buffer is small beside the batch it encodes
      new CopyTextEncoder().write(batch, copy);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  @Override
  protected String secondaryIndexesSql() {
    return "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        + " WHERE x.indrelid = 'interactions'::regclass AND NOT x.indisprimary AND NOT x.indisunique";
  }

  /** No statement timeout for an index build, and room to sort in memory rather than in temporary files. */
  @Override
  protected void beforeIndexBuild(Connection c) throws SQLException {
    execute(c, "SET LOCAL statement_timeout = 0");
    execute(c, "SET LOCAL maintenance_work_mem = '256MB'");
  }

  @Override
  protected void bindLabels(Connection c, PreparedStatement ps, int index, List<String> labels) throws SQLException {
    ps.setArray(index, c.createArrayOf("text", labels.toArray(String[]::new)));
  }

  @Override
  protected List<String> readLabels(ResultSet rs, int column) throws SQLException {
    Array a = rs.getArray(column);
    return a == null ? List.of() : List.of((String[]) a.getArray());
  }

  /** One query for the whole list: {@code = ANY(array)} probes the user index once per distinct user. */
  @Override
  protected void selectProfiles(Connection c, List<String> users, Consumer<UserProfile> sink) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(profileSql("= ANY(?)"))) {
      ps.setArray(1, c.createArrayOf("text", users.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(profile(rs));
        }
      }
    }
  }

  @Override
  public StoreStats stats() {
    HikariPoolMXBean p = pool.getHikariPoolMXBean();
    return new StoreStats("postgresql", p.getActiveConnections(), p.getIdleConnections(), p.getTotalConnections(),
        p.getThreadsAwaitingConnection() + queuedAppends(), appendedEvents());
  }

  @Override
  public void close() {
    if (markClosed()) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresInteractionStore[" + redact(pool.getJdbcUrl()) + "]";
  }

  /** The URL without its password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
