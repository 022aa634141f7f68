package io.swarmrec.store.internal;

import static io.swarmrec.store.internal.Checks.requireElements;
import static io.swarmrec.store.internal.Checks.requireLimit;
import static io.swarmrec.store.internal.Checks.requireMinCommon;
import static io.swarmrec.store.internal.Checks.requireNonNull;
import static io.swarmrec.store.internal.Checks.requirePositions;
import static io.swarmrec.store.internal.Checks.since;
import static io.swarmrec.store.internal.Jdbc.each;
import static io.swarmrec.store.internal.Jdbc.queryLong;
import static io.swarmrec.store.internal.Jdbc.update;

import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.store.Event;
import io.swarmrec.store.EventSink;
import io.swarmrec.store.Follow;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import io.swarmrec.store.SimilarUser;
import io.swarmrec.store.StoreException;
import io.swarmrec.store.StoreOptions;
import io.swarmrec.store.UserProfile;
import io.swarmrec.store.internal.Jdbc.Binder;
import io.swarmrec.store.internal.Jdbc.RowHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the SQLite and PostgreSQL stores that is the same: the queries, argument checks, row
 * mapping and error translation. Both backends share one schema (see the {@code V*.sql} scripts), so
 * each query is written once here; a dialect supplies only what really differs:
 * <ul>
 *   <li>time: SQLite keeps epoch seconds in an INTEGER, PostgreSQL a {@code timestamptz}, so each dialect
 *       gives a {@link TimeSql} that converts at the SQL boundary (Java always binds and reads seconds);</li>
 *   <li>label lists: a {@code text[]} in PostgreSQL, one separator-joined TEXT in SQLite;</li>
 *   <li>connections and write serialisation ({@link #inWriteTransaction}), bulk insert (COPY) and the
 *       batch profile lookup.</li>
 * </ul>
 * Appends only insert into the log: the per-user rollup behind {@link #activeUsers} is folded lazily
 * ({@link ActivityRollup}), and a bulk {@link #importEvents import} into an empty store builds the log's
 * secondary indexes once at the end ({@link DeferredIndexes}). Concurrent appends are coalesced into one
 * transaction by a single committer ({@link GroupCommit}); each caller returns once its batch is committed.
 * The committed batch lands in an unindexed staging table that a background merger moves into the indexed log
 * in large chunks ({@link StagedLog}); every query reads both, through the view {@code interactions_all}.
 *
 * <p>Internal to the store implementations; not API.
 */
public abstract class JdbcInteractionStore implements InteractionStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcInteractionStore.class);
  /** The origin document's co-occurrence query; DISTINCT because repeated events on an item count once. */
  private static final String SIMILAR_USERS = "SELECT o.user_id, count(DISTINCT o.item_id) AS common"
      + " FROM interactions_all o WHERE o.item_id IN (SELECT item_id FROM interactions_all WHERE user_id = ?)"
      + " AND o.user_id <> ? GROUP BY o.user_id HAVING count(DISTINCT o.item_id) >= ?"
      + " ORDER BY common DESC, o.user_id LIMIT ?";

  /** Work on a connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * How a dialect binds an epoch-second parameter ({@code bind}, containing one {@code ?}) and reads a time
   * column back as epoch seconds ({@code readFormat}, a format with one {@code %s} for the column).
   */
  public record TimeSql(String bind, String readFormat) {
    String read(String column) {
      return readFormat.formatted(column);
    }
  }

  /**
   * How long one merge should hold the writer when merges keep appends waiting (see {@link #mergeChunkNow}): well
   * under the default 10 s an append may wait for the writer, long enough for chunks of ~100,000 events at a few
   * million rows. It is also how long an append may wait behind a merge on SQLite: the price of the faster merge.
   */
  static final long MERGE_BUDGET_NANOS = 3_000_000_000L;
  static final int MIN_MERGE_CHUNK = 2_000;

  protected final StoreOptions options;
  private final String backend;
  private final LongAdder appended = new LongAdder();
  private final GroupCommit commits;
  private final StagedLog.Merger merger;
  /** Imports running with deferred indexes: their appends go straight into the (then unindexed) log. */
  private final AtomicInteger directImports = new AtomicInteger();
  /** Measured cost of merging one event, averaged over recent merges (0 before the first). */
  private volatile double mergeNanosPerEvent;
  /** The staged backlog after the last group (committer thread only): tells when back-pressure must look. */
  private long stagedAfterLastGroup;
  private volatile boolean closed;
  private final String timeBind;
  private final String scanSql;
  private final String recentSql;
  private final String activeSql;
  private final String putItemSql;
  private final String itemSelect;
  private final String profileSelect;

  protected JdbcInteractionStore(String backend, StoreOptions options, TimeSql time) {
    this.backend = backend;
    this.options = options;
    this.commits = new GroupCommit("swarmrec-" + backend, this::commitGroup);
    this.merger = new StagedLog.Merger("swarmrec-" + backend, this::mergeFullChunk);
    this.timeBind = time.bind();
    scanSql = "SELECT id, user_id, item_id, type, value, " + time.read("created_at")
        + " FROM interactions_all WHERE id > ? ORDER BY id";
    recentSql = "SELECT user_id, item_id, type, value, " + time.read("created_at")
        + " FROM interactions_all WHERE user_id = ? AND created_at > " + time.bind()
        + " ORDER BY created_at DESC, id DESC LIMIT ?";
    // the literal predicate matches the partial index users_active, so the planner may use it
    activeSql = "SELECT user_id FROM user_activity WHERE event_count >= " + ACTIVE_MIN_EVENTS + " AND last_at > "
        + time.bind() + " ORDER BY last_at DESC, user_id LIMIT ?";
    putItemSql = "INSERT INTO items (item_id, categories, tags, created_at, vector, author, body) VALUES (?, ?, ?, "
        + time.bind() + ", ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET categories = excluded.categories,"
        + " tags = excluded.tags, created_at = excluded.created_at, vector = excluded.vector,"
        + " author = excluded.author, body = excluded.body WHERE NOT items.deleted";
    itemSelect = "SELECT item_id, categories, tags, " + time.read("created_at") + ", vector, author, body FROM items";
    // the origin document's batch profile query: count, mean rating, latest time, per user
    profileSelect = "SELECT user_id, count(*), avg(CASE WHEN type = '" + EventWeights.RATING + "' THEN value END), "
        + time.read("max(created_at)") + " FROM interactions_all WHERE user_id ";
  }

  // ---- dialect hooks ----

  /** Runs read-only work on a pooled connection (autocommit on when handed over and when given back). */
  protected abstract <T> T onReader(SqlWork<T> work) throws SQLException;

  /**
   * Runs work in one transaction that is serialised with every other write to the store (on all
   * instances sharing the database), committing on success and rolling back on failure. Serialising is
   * what makes sequence ids visible in id order (see {@link InteractionStore}).
   */
  protected abstract <T> T inWriteTransaction(SqlWork<T> work) throws SQLException;

  /**
   * Moves the {@code chunk} oldest staged events into the indexed log, atomically ({@link StagedLog}); returns how
   * many left staging. The default runs {@link StagedLog#mergeChunk} in a {@link #inWriteTransaction write
   * transaction}, so appends wait while a chunk moves. A dialect whose database lets writers run concurrently may
   * instead serialise merges only among themselves and with {@link #inExclusiveTransaction}, so that appends go on
   * during a merge; a merge never creates ids, so the order of ids is not at stake.
   */
  protected int mergeChunk(int chunk) throws SQLException {
    return inWriteTransaction(c -> StagedLog.mergeChunk(c, chunk));
  }

  /** {@link StagedLog#mergeChunk}, for dialects overriding {@link #mergeChunk}. */
  protected static int mergeStagedChunk(Connection c, int chunk) throws SQLException {
    return StagedLog.mergeChunk(c, chunk);
  }

  /**
   * {@link #inWriteTransaction} that also excludes merges, for work a concurrent merge would undo (forgetting a
   * user: a merge copying their staged events could put them back). The default is the write transaction, which
   * excludes merges that run under the write lock; a dialect whose merges take a lock of their own must take that
   * lock first, then the write lock (appends never wait for a merge then).
   */
  protected <T> T inExclusiveTransaction(SqlWork<T> work) throws SQLException {
    return inWriteTransaction(work);
  }

  /**
   * Runs an append into the staging table, serialised with every other append (it hands out ids). The default is
   * the {@link #inWriteTransaction write transaction}; a dialect that keeps staging in a database of its own (SQLite,
   * whose single writer per file would otherwise make appends wait for merges) writes it there instead.
   */
  protected <T> T inStageTransaction(SqlWork<T> work) throws SQLException {
    return inWriteTransaction(work);
  }

  /**
   * The table an append records source positions in: in the transaction of the append, so in the staging
   * database when the dialect stages in a database of its own. The default is {@code source_positions}.
   */
  protected String sourcePositionsTable(boolean staged) {
    return "source_positions";
  }

  /** The tables {@link #sourcePositions} reads, a later one's position of a source winning. */
  protected List<String> sourcePositionsTables() {
    return List.of("source_positions");
  }

  /** A query for the highest id stored, staged or merged (0 when empty), cheap: a few primary-key probes. */
  protected String lastIdSql() {
    return StagedLog.LAST_ID;
  }

  /** A query counting every stored event, staged or merged. */
  protected String countSql() {
    return "SELECT (SELECT count(*) FROM interactions) + (SELECT count(*) FROM " + StagedLog.TABLE + ")";
  }

  /** An upper bound on the events staged and not yet merged (see {@link StagedLog#backlog}). */
  protected long stagedBacklog(Connection c) throws SQLException {
    return StagedLog.backlog(c);
  }

  /**
   * Deletes every stored event of {@code user} (for {@link #forgetUser}, inside its exclusive transaction); returns how
   * many visible events went. The default deletes from the indexed log and the staging table.
   */
  protected int deleteEventsOf(Connection c, String user) throws SQLException {
    // the staging table has no user index: a scan of its bounded backlog
    return update(c, "DELETE FROM interactions WHERE user_id = ?", user)
        + update(c, "DELETE FROM " + StagedLog.TABLE + " WHERE user_id = ?", user);
  }

  /**
   * Inserts non-empty batches, in order, into {@code table} ({@code interactions} or {@code interactions_staged},
   * which share one sequence of ids) inside {@link #inWriteTransaction}; returns the id of each batch's last event.
   */
  protected abstract long[] insertEvents(Connection c, String table, List<List<Event>> batches) throws SQLException;

  protected abstract void bindLabels(Connection c, PreparedStatement ps, int index, List<String> labels)
      throws SQLException;

  protected abstract List<String> readLabels(ResultSet rs, int column) throws SQLException;

  /** A query listing the secondary (droppable) indexes of {@code interactions}: name, then CREATE statement. */
  protected abstract String secondaryIndexesSql();

  /** Adjusts session settings for building indexes, inside the transaction that builds them. */
  protected void beforeIndexBuild(Connection c) throws SQLException {}

  /**
   * Runs the profile query ({@link #profileSql}) for distinct ids, giving each row read by {@link #profile}
   * to the sink.
   */
  protected abstract void selectProfiles(Connection c, List<String> users, Consumer<UserProfile> sink)
      throws SQLException;

  // ---- InteractionStore ----

  /** Waits for the batch's group to commit; a failed group's error is rethrown with this caller's stack. */
  @Override
  public long append(List<Event> batch) {
    List<Event> events = requireElements("event batch", batch);
    if (events.isEmpty()) {
      return lastSequence();
    }
    CompletableFuture<Long> done = submit(events);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get(); // never abandoned: the batch may commit anyway, and the caller must know
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw new StoreException(cause.getMessage(), cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public CompletableFuture<Long> appendAsync(List<Event> batch) {
    List<Event> events = requireElements("event batch", batch);
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(lastSequence());
    }
    return submit(events).copy(); // a copy: callers cannot complete the committer's future
  }

  @Override
  public CompletableFuture<Long> appendAsync(List<Event> batch, Map<String, Long> positions) {
    List<Event> events = requireElements("event batch", batch);
    Map<String, Long> checked = requirePositions(positions);
    ensureOpen();
    return commits.submit(events, checked).copy(); // through the committer even when empty: positions stay in order
  }

  @Override
  public int follow(List<Follow> changes) {
    List<Follow> batch = requireElements("follow batch", changes);
    if (batch.isEmpty()) {
      return 0;
    }
    return write("follow", c -> {
      int changed = 0;
      try (PreparedStatement add = c.prepareStatement(
              "INSERT INTO follows (follower, followee) VALUES (?, ?) ON CONFLICT DO NOTHING");
          PreparedStatement remove = c.prepareStatement("DELETE FROM follows WHERE follower = ? AND followee = ?")) {
        for (Follow f : batch) {
          PreparedStatement ps = f.follow() ? add : remove;
          ps.setString(1, f.follower());
          ps.setString(2, f.followee());
          changed += ps.executeUpdate();
        }
      }
      return changed;
    });
  }

  @Override
  public List<String> following(String user) {
    Event.requireId("user", user);
    List<String> out = new ArrayList<>();
    read("following", c -> stream(c, "SELECT followee FROM follows WHERE follower = ? ORDER BY followee",
        ps -> ps.setString(1, user), rs -> out.add(rs.getString(1))));
    return out;
  }

  @Override
  public void scanFollows(java.util.function.BiConsumer<String, String> sink) {
    requireNonNull("sink", sink);
    read("scanFollows", c -> stream(c, "SELECT follower, followee FROM follows ORDER BY follower, followee",
        Binder.NONE, rs -> sink.accept(rs.getString(1), rs.getString(2))));
  }

  @Override
  public Map<String, Long> sourcePositions(String prefix) {
    requireNonNull("prefix", prefix);
    return read("sourcePositions", c -> SourcePositions.read(c, sourcePositionsTables(), prefix));
  }

  @Override
  public void scan(long afterSequence, EventSink sink) {
    requireNonNull("sink", sink);
    read("scan", c -> stream(c, scanSql, ps -> ps.setLong(1, afterSequence), rs -> sink.accept(rs.getLong(1),
        rs.getString(2), rs.getString(3), rs.getString(4), value(rs, 5), time(rs, 6))));
  }

  @Override
  public long lastSequence() {
    return read("lastSequence", c -> queryLong(c, lastIdSql()));
  }

  @Override
  public long count() {
    return read("count", c -> queryLong(c, countSql()));
  }

  @Override
  public int forgetUser(String user) {
    Event.requireId("user", user);
    ensureOpen();
    return transact("forgetUser", true, c -> {
      int deleted = deleteEventsOf(c, user);
      update(c, "DELETE FROM user_activity WHERE user_id = ?", user);
      update(c, "DELETE FROM follows WHERE follower = ?", user);
      update(c, "DELETE FROM follows WHERE followee = ?", user);
      return deleted;
    });
  }

  @Override
  public int putItems(List<ItemMeta> items) {
    List<ItemMeta> batch = requireElements("item batch", items);
    if (batch.isEmpty()) {
      return 0;
    }
    return write("putItems", c -> {
      try (PreparedStatement ps = c.prepareStatement(putItemSql)) {
        for (ItemMeta m : batch) {
          ps.setString(1, m.item());
          bindLabels(c, ps, 2, m.categories());
          bindLabels(c, ps, 3, m.tags());
          bindTime(ps, 4, m.createdEpochSecond());
          ps.setBytes(5, m.hasVector() ? VectorBytes.encode(m.vector()) : null);
          ps.setString(6, m.author());
          ps.setString(7, m.text());
          ps.addBatch();
        }
        int stored = 0;
        for (int n : ps.executeBatch()) {
          stored += n > 0 ? 1 : 0; // 0 rows: the item is deleted and the upsert's WHERE kept it so
        }
        return stored;
      }
    });
  }

  @Override
  public Optional<ItemMeta> getItem(String item) {
    Event.requireId("item", item);
    return read("getItem", c -> {
      try (PreparedStatement ps = c.prepareStatement(itemSelect + " WHERE item_id = ? AND NOT deleted")) {
        ps.setString(1, item);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(item(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean deleteItem(String item) {
    Event.requireId("item", item);
    return write("deleteItem", c -> update(c, "INSERT INTO items (item_id, deleted) VALUES (?, TRUE)"
        + " ON CONFLICT (item_id) DO UPDATE SET deleted = TRUE WHERE NOT items.deleted", item) > 0);
  }

  @Override
  public void scanItems(Consumer<ItemMeta> sink) {
    requireNonNull("sink", sink);
    long[] unusable = {0};
    read("scanItems", c -> stream(c, itemSelect + " WHERE NOT deleted ORDER BY item_id", Binder.NONE, rs -> {
      ItemMeta m;
      try {
        m = item(rs);
      } catch (IllegalArgumentException e) { // a row of an older version that today's rules refuse
        if (unusable[0]++ == 0) {
          LOG.warn("item rows that no longer pass the rules are left out (first: {})", e.getMessage());
        }
        return;
      }
      sink.accept(m);
    }));
  }

  @Override
  public Set<String> deletedItems() {
    Set<String> out = new HashSet<>();
    read("deletedItems", c -> stream(c, "SELECT item_id FROM items WHERE deleted", Binder.NONE,
        rs -> out.add(rs.getString(1))));
    return out;
  }

  @Override
  public List<Event> recentInteractions(String user, Duration within, int limit) {
    Event.requireId("user", user);
    long since = since(options.clock(), within);
    requireLimit(limit);
    List<Event> out = new ArrayList<>();
    read("recentInteractions", c -> stream(c, recentSql, ps -> {
      ps.setString(1, user);
      ps.setLong(2, since);
      ps.setInt(3, limit);
    }, rs -> out.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), value(rs, 4), time(rs, 5)))));
    return out;
  }

  @Override
  public List<SimilarUser> similarUsersByCooccurrence(String user, int minCommon, int limit) {
    Event.requireId("user", user);
    requireMinCommon(minCommon);
    requireLimit(limit);
    List<SimilarUser> out = new ArrayList<>();
    read("similarUsers", c -> stream(c, SIMILAR_USERS, ps -> {
      ps.setString(1, user);
      ps.setString(2, user);
      ps.setInt(3, minCommon);
      ps.setInt(4, limit);
    }, rs -> out.add(new SimilarUser(rs.getString(1), rs.getInt(2)))));
    return out;
  }

  @Override
  public List<UserProfile> userProfiles(List<String> users) {
    List<String> asked = requireElements("user list", users);
    Set<String> distinct = new LinkedHashSet<>();
    for (String u : asked) {
      distinct.add(Event.requireId("user", u));
    }
    Map<String, UserProfile> found = new HashMap<>();
    if (!distinct.isEmpty()) {
      read("userProfiles", c -> {
        selectProfiles(c, List.copyOf(distinct), p -> found.put(p.user(), p));
        return null;
      });
    }
    List<UserProfile> out = new ArrayList<>(asked.size());
    for (String u : asked) {
      out.add(found.getOrDefault(u, UserProfile.empty(u)));
    }
    return out;
  }

  @Override
  public List<String> activeUsers(Duration within, int limit) {
    long since = since(options.clock(), within);
    requireLimit(limit);
    while (write("foldActivity", c -> ActivityRollup.foldNextChunk(c, lastIdSql()))) {
      // each round holds the write lock for one chunk only
    }
    List<String> out = new ArrayList<>();
    read("activeUsers", c -> stream(c, activeSql, ps -> {
      ps.setLong(1, since);
      ps.setInt(2, limit);
    }, rs -> out.add(rs.getString(1))));
    return out;
  }

  @Override
  public long importEvents(Iterator<Event> events, int chunkSize, LongConsumer progress) {
    boolean deferred = write("importEvents", c -> DeferredIndexes.deferIfEmpty(c, secondaryIndexesSql()));
    if (deferred) {
      directImports.incrementAndGet(); // staging would only add a copy: the log has no index to spare
    }
    try {
      return InteractionStore.super.importEvents(events, chunkSize, progress);
    } finally {
      if (deferred) {
        directImports.decrementAndGet();
        restoreDeferredIndexes();
      }
    }
  }

  // ---- helpers for dialects ----

  /**
   * Moves staged events into the indexed log, {@code chunk} per transaction, until none is staged; returns how
   * many moved. The background merger does this by itself; this is for tools and tests.
   */
  public final long mergeStaged(int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
    }
    ensureOpen();
    long moved = 0;
    for (int n = mergeOnce(chunk); n > 0; n = mergeOnce(chunk)) {
      moved += n;
    }
    return moved;
  }

  /** Events waiting in staging (an upper bound: see {@link StagedLog}). */
  public final long stagedBacklog() {
    return read("stagedBacklog", this::stagedBacklog);
  }

  /**
   * Finishes opening: builds indexes a crashed import left deferred and lets the merger look for what an earlier
   * run left staged (all of it when staging is off, full chunks otherwise). Dialects call it last in their open.
   */
  protected final void afterOpen() {
    restoreDeferredIndexes();
    if (mergeDue(stagedBacklog())) {
      merger.request();
    }
  }

  /** Builds every index a bulk import deferred (after a crash, or at its end). */
  private void restoreDeferredIndexes() {
    write("restoreIndexes", c -> {
      DeferredIndexes.restore(c, t -> {
        beforeIndexBuild(t);
        return null;
      });
      return null;
    });
  }

  /** True once {@link #markClosed} ran: long background work (a compaction) should stop at its next step. */
  protected final boolean isClosing() {
    return closed;
  }

  /** Events appended through this instance. */
  protected final long appendedEvents() {
    return appended.sum();
  }

  /** Appended batches waiting for the committer (for {@link #stats}). */
  protected final int queuedAppends() {
    return commits.queued();
  }

  /**
   * Marks the store closed and commits the appends already queued; true the first time. Subclasses call it
   * first in {@link #close}, before releasing connections.
   */
  protected final boolean markClosed() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    commits.close();
    merger.close();
    return true;
  }

  /** The INSERT of one event into {@code table}, to be bound by {@link #bindEvent}; {@code id} adds a 6th column. */
  protected final PreparedStatement prepareInsert(Connection c, String table, boolean id) throws SQLException {
    return c.prepareStatement("INSERT INTO " + table + " (user_id, item_id, type, value, created_at"
        + (id ? ", id" : "") + ") VALUES (?, ?, ?, ?, " + timeBind + (id ? ", ?" : "") + ")");
  }

  /** Binds an event to a statement from {@link #prepareInsert}. */
  protected static void bindEvent(PreparedStatement ps, Event e) throws SQLException {
    ps.setString(1, e.user());
    ps.setString(2, e.item());
    ps.setString(3, e.type());
    bindValue(ps, 4, e.value());
    bindTime(ps, 5, e.epochSecond());
  }

  /** Adds the events to a prepared INSERT into {@code table} and executes it as one JDBC batch. */
  protected final void insertBatch(Connection c, String table, List<Event> events) throws SQLException {
    try (PreparedStatement ps = prepareInsert(c, table, false)) {
      for (Event e : events) {
        bindEvent(ps, e);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The profile query with {@code predicate} on {@code user_id}, e.g. {@code "= ?"}. */
  protected final String profileSql(String predicate) {
    return profileSelect + predicate + " GROUP BY user_id";
  }

  /** Reads a row of {@link #profileSql}. */
  protected static UserProfile profile(ResultSet rs) throws SQLException {
    double mean = rs.getDouble(3);
    if (rs.wasNull()) { // no rating events
      mean = Double.NaN;
    }
    return new UserProfile(rs.getString(1), rs.getLong(2), mean, time(rs, 4));
  }

  protected static void bindTime(PreparedStatement ps, int index, long epochSecond) throws SQLException {
    if (epochSecond == Event.NO_TIME) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, epochSecond);
    }
  }

  // ---- internals ----

  private <T> T read(String op, SqlWork<T> work) {
    ensureOpen();
    return query(op, work);
  }

  private <T> T query(String op, SqlWork<T> work) {
    try {
      return onReader(work);
    } catch (SQLException e) {
      throw failure(op, e);
    }
  }

  private <T> T write(String op, SqlWork<T> work) {
    ensureOpen();
    return transact(op, work);
  }

  private <T> T transact(String op, SqlWork<T> work) {
    return transact(op, false, work);
  }

  private <T> T transact(String op, boolean exclusive, SqlWork<T> work) {
    try {
      return exclusive ? inExclusiveTransaction(work) : inWriteTransaction(work);
    } catch (SQLException e) {
      throw failure(op, e);
    }
  }

  private CompletableFuture<Long> submit(List<Event> events) {
    ensureOpen();
    return commits.submit(events);
  }

  /**
   * The committer's work: one transaction for the group (it runs during {@link #markClosed} too). With staging on,
   * the group goes to the staging table, after merging chunks (each its own merge transaction, waiting for a
   * background merge in progress) while the backlog would exceed the limit: back-pressure. A full chunk staged wakes
   * the merger. The limit holds for this process's appends; another process appending to the same database can
   * overshoot it by what it stages between two looks.
   */
  private long[] commitGroup(List<List<Event>> batches, Map<String, Long> positions) {
    int events = 0;
    for (List<Event> b : batches) {
      events += b.size();
    }
    int limit = options.stagingLimit();
    boolean staged = limit > 0 && directImports.get() == 0;
    int n = events;
    if (staged && stagedAfterLastGroup + n > limit) { // back-pressure, in merge transactions of its own
      long backlog = query("stagedBacklog", this::stagedBacklog); // not read(): this also runs while closing
      while (backlog + n > limit && mergeOnce(mergeChunkNow()) > 0) {
        backlog = query("stagedBacklog", this::stagedBacklog);
      }
    }
    long[] backlogAfter = {0};
    long[] last;
    SqlWork<long[]> work = c -> {
      SourcePositions.write(c, sourcePositionsTable(staged), positions);
      if (n == 0) { // positions alone
        long[] none = new long[batches.size()];
        java.util.Arrays.fill(none, queryLong(c, lastIdSql()));
        return none;
      }
      if (!staged) {
        return insertEvents(c, "interactions", batches);
      }
      backlogAfter[0] = stagedBacklog(c) + n;
      return insertEvents(c, StagedLog.TABLE, batches);
    };
    try {
      last = staged ? inStageTransaction(work) : inWriteTransaction(work);
    } catch (SQLException e) {
      throw failure("append", e);
    }
    appended.add(events);
    stagedAfterLastGroup = backlogAfter[0];
    if (staged && backlogAfter[0] >= options.mergeChunk()) {
      merger.request();
    }
    return last;
  }

  private int mergeOnce(int chunk) {
    long t0 = System.nanoTime();
    int moved;
    try {
      moved = mergeChunk(chunk);
    } catch (SQLException e) {
      throw failure("merge", e);
    }
    if (moved > 0) {
      double perEvent = (double) (System.nanoTime() - t0) / moved;
      mergeNanosPerEvent = mergeNanosPerEvent == 0 ? perEvent : (mergeNanosPerEvent + perEvent) / 2;
    }
    return moved;
  }

  /**
   * The chunk for the next merge. Where a merge holds up appends ({@link #mergesBlockAppends}), one merge should
   * take about {@link #MERGE_BUDGET_NANOS}: the cost per event of a merge grows with the size of the indexed log
   * (from ~20 µs at 5M rows to ~40 µs at 20M on this machine), so a fixed chunk that suits a small store would hold
   * the writer for longer than appends may wait (the connection timeout) on a large one. The chunk follows the
   * measured cost of the last merges, between {@link #MIN_MERGE_CHUNK} and {@code mergeChunk}, starting small.
   */
  private int mergeChunkNow() {
    int max = options.mergeChunk();
    if (!mergesBlockAppends()) {
      return backgroundMergeChunk();
    }
    double perEvent = mergeNanosPerEvent;
    long fit = perEvent == 0 ? MIN_MERGE_CHUNK : (long) (MERGE_BUDGET_NANOS / perEvent);
    return (int) Math.max(Math.min(MIN_MERGE_CHUNK, max), Math.min(max, fit));
  }

  /**
   * True when a merge keeps appends waiting (the default, with {@link #mergeChunk} in the write transaction);
   * merges are then sized to a time budget.
   */
  protected boolean mergesBlockAppends() {
    return true;
  }

  /**
   * The chunk of a background or back-pressure merge where merges do not block appends: {@code mergeChunk} by
   * default; a dialect whose merge cost is per merge rather than per event may take more.
   */
  protected int backgroundMergeChunk() {
    return options.mergeChunk();
  }

  /** The merger's step: one chunk, only when a full one waits (or anything, with staging off). */
  private int mergeFullChunk() {
    if (closed) {
      return 0;
    }
    if (!mergeDue(read("stagedBacklog", this::stagedBacklog))) {
      return 0;
    }
    return mergeOnce(mergeChunkNow());
  }

  /** A full chunk is staged, or anything is while staging is off (left by an earlier run). */
  private boolean mergeDue(long backlog) {
    return backlog > 0 && (options.stagingLimit() == 0 || backlog >= options.mergeChunk());
  }

  /**
   * Runs a query in a read transaction with a fetch size, so that PostgreSQL streams it through a cursor
   * instead of materialising the result, and both backends read one consistent snapshot.
   */
  private static Void stream(Connection c, String sql, Binder binder, RowHandler rows) throws SQLException {
    c.setAutoCommit(false);
    try {
      each(c, sql, binder, rows);
    } finally {
      c.setAutoCommit(true); // ends the read transaction: an open one would pin SQLite's WAL
    }
    return null;
  }

  private ItemMeta item(ResultSet rs) throws SQLException {
    byte[] v = rs.getBytes(5);
    return new ItemMeta(rs.getString(1), readLabels(rs, 2), readLabels(rs, 3), rs.getString(6), time(rs, 4),
        rs.getString(7), v == null ? null : VectorBytes.decode(v));
  }

  private static float value(ResultSet rs, int column) throws SQLException {
    float v = rs.getFloat(column);
    return rs.wasNull() ? Event.NO_VALUE : v;
  }

  private static long time(ResultSet rs, int column) throws SQLException {
    long t = rs.getLong(column);
    return rs.wasNull() ? Event.NO_TIME : t;
  }

  private static void bindValue(PreparedStatement ps, int index, float value) throws SQLException {
    if (Float.isNaN(value)) {
      ps.setNull(index, Types.REAL);
    } else {
      ps.setFloat(index, value);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(backend + " store is closed");
    }
  }

  private StoreException failure(String op, SQLException e) {
    return new StoreException(backend + " " + op + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState()
        + ")", e);
  }
}
