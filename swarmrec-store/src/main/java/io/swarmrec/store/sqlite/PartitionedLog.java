package io.swarmrec.store.sqlite;

import static io.swarmrec.store.internal.Jdbc.execute;
import static io.swarmrec.store.internal.Jdbc.queryLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQLite log as id-range partitions with small indexes, fed from a staging table in a database file of its own:
 * the write path that lets appends and merges run at the same time on a store of any size.
 *
 * <p><b>Why.</b> Staged appends (schema V3) took the index upkeep out of the append, but a merge still inserted each
 * chunk into the log's two secondary btrees; at 50M rows those are ~1.5 GB each, so a chunk of 100,000 events touched
 * about one random page per event again, and SQLite's one writer per file held appends while it ran (16k events/s,
 * P99 1.46 s, docs/BENCHMARKS.md). Two changes remove both costs, the two classic answers of log-structured storage
 * (O'Neil et al., "The log-structured merge-tree", Acta Informatica 1996; the size-tiered compaction of Bigtable and
 * Cassandra, Chang et al., OSDI 2006):
 * <ul>
 *   <li><b>Staging in its own file</b> ({@code <db>.staged}, table {@code interactions_staged}, primary key only).
 *       SQLite's write lock is per file, so the committer appending there never waits for a merge writing the main
 *       file. Ids come from {@code stage_seq} in that file, in the append's transaction.</li>
 *   <li><b>A merge builds a partition instead of inserting into big indexes.</b> It copies the oldest staged rows
 *       into a new table {@code interactions_p<N>} in id order (appends at the right edge of its btree), then
 *       creates its two indexes by sorting: about 2 µs per event, the same at any total size, where an insert into
 *       the 50M-row indexes cost tens. The partition is read-only from then on (only {@code forgetUser} deletes).
 *       {@code interactions}, the log of schema V1 to V3, is the oldest partition.</li>
 * </ul>
 *
 * <p><b>Reads</b> go through the TEMP view {@code interactions_all} that every connection of the store creates: the
 * main file's view {@code log_rows} (all partitions, UNION ALL) plus the staged rows above the merged mark
 * {@code stage_mark.last_id}. SQLite pushes each query's predicate into every arm (a user's rows are one probe of
 * each partition's small (user_id, created_at) index; {@code scan} is a merge of primary-key ranges). The merge
 * rewrites {@code log_rows} (and the {@code log_last_id}, {@code log_count} views) in its own transaction, so a
 * statement re-prepared after it sees the new partition list with the mark of the same commit.
 *
 * <p><b>Exactly once across two files.</b> SQLite does not commit attached WAL databases atomically together, so
 * nothing relies on it. A merge commits the new partition and the moved mark in one transaction of the main file;
 * only afterwards are the staged rows at or below the mark deleted (in small transactions of the staging file, so
 * that appends wait milliseconds, not the length of a delete). Rows at or below the mark are invisible whether or
 * not they are deleted yet, so a crash between the two steps leaves each event visible once; a reopened store deletes
 * them. A reader opens the staging file as its main database and attaches the log file: SQLite begins a statement's
 * read transactions in database order, so the staging snapshot is never newer than the log's, and a staged row can
 * vanish from the reader's view only if the mark that hides it is in the reader's log snapshot too. A merge that finds
 * ids of its chunk already in the log (a restore, a copy by hand) skips them: nothing is duplicated.
 *
 * <p><b>Compaction.</b> Each merge adds a partition, and every user lookup probes each one, so once {@code FANOUT}
 * small partitions (below half of {@code FANOUT} merge chunks) exist, the oldest of them, up to {@code FANOUT} merge
 * chunks of rows, are compacted: copied into a new table in id order, one source per transaction, its indexes built
 * by sorting, one per transaction, then swapped in for the sources in a last transaction (so no step holds the log
 * file's writer for much longer than the index build of {@code FANOUT} chunks, and merges from staging run between
 * the steps). A compaction a crash interrupts is dropped when the store opens. Partitions of half the cap or more
 * are final, so an event is rewritten at most a few times, and the number of partitions grows by one per
 * {@code FANOUT / 2} merge chunks or more (a bigger {@code mergeChunk} makes fewer, larger ones; a second level of
 * compaction is not built yet).
 *
 * <p>Internal to the SQLite store.
 */
final class PartitionedLog {
  static final String STAGED = "interactions_staged";
  static final int FANOUT = 8;
  private static final String COLUMNS = "id, user_id, item_id, type, value, created_at";
  private static final String COLUMN_TYPES = "(id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, item_id TEXT NOT NULL,"
      + " type TEXT NOT NULL, value REAL, created_at INTEGER) STRICT";

  /** The staging file's schema, created when the file is new (its own version in {@code user_version}). */
  static final List<String> STAGE_SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS " + STAGED + " " + COLUMN_TYPES,
      "CREATE TABLE IF NOT EXISTS stage_seq (only_row INTEGER PRIMARY KEY DEFAULT 1 CHECK (only_row = 1),"
          + " seq INTEGER NOT NULL) STRICT",
      "INSERT INTO stage_seq (seq) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM stage_seq)",
      // source positions recorded in the transaction of staged appends (InteractionStore.appendAsync(batch, positions))
      "CREATE TABLE IF NOT EXISTS stage_source_positions (source TEXT PRIMARY KEY, resume_at INTEGER NOT NULL) STRICT",
      "PRAGMA user_version = 1");

  /** What every connection reads: the partitions, and the staged rows not yet merged. Names resolve in either file. */
  static final String ALL_VIEW = "CREATE TEMP VIEW IF NOT EXISTS interactions_all AS SELECT " + COLUMNS
      + " FROM log_rows UNION ALL SELECT " + COLUMNS + " FROM " + STAGED + " WHERE id > (SELECT last_id FROM stage_mark)";
  static final String LAST_ID = "SELECT max(coalesce((SELECT id FROM log_last_id), 0), coalesce((SELECT max(id) FROM "
      + STAGED + "), 0))";
  static final String COUNT = "SELECT (SELECT n FROM log_count) + (SELECT count(*) FROM " + STAGED
      + " WHERE id > (SELECT last_id FROM stage_mark))";
  static final String BACKLOG = "SELECT max(0, coalesce((SELECT max(id) FROM " + STAGED
      + "), 0) - (SELECT last_id FROM stage_mark))";

  /** Rows deleted from staging per transaction after a merge: each holds the append writer a few milliseconds. */
  static final int DELETE_STEP = 20_000;

  /** A partition of the catalog. */
  record Partition(long seq, long rows) {
    String table() {
      return seq == 0 ? "interactions" : "interactions_p" + seq;
    }
  }

  /** What a merge did: the new mark and the staged rows it covered (all of them are in the log now). */
  record Merged(long mark, int moved) {}

  private PartitionedLog() {}

  /** The staging file as a path next to the database file. */
  static java.nio.file.Path stageFile(java.nio.file.Path file) {
    return file.resolveSibling(file.getFileName() + ".staged");
  }

  /** The partitions, oldest first, {@code interactions} (seq 0) included. */
  static List<Partition> partitions(Connection c) throws SQLException {
    List<Partition> out = new ArrayList<>();
    out.add(new Partition(0, -1));
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT seq, rows FROM log_partitions WHERE rows >= 0 ORDER BY seq")) {
      while (rs.next()) {
        out.add(new Partition(rs.getLong(1), rs.getLong(2)));
      }
    }
    return out;
  }

  /**
   * Deletes a user's events from every partition, from a compaction being built and from staging (merged rows
   * included, so that they stay gone whatever happens next); returns how many visible events went. On the writer,
   * which holds both files.
   */
  static int deleteEventsOf(Connection c, String user) throws SQLException {
    int deleted = 0;
    for (Partition p : partitions(c)) {
      deleted += delete(c, "DELETE FROM main." + p.table() + " WHERE user_id = ?", user);
    }
    for (long seq : building(c)) {
      delete(c, "DELETE FROM main." + new Partition(seq, 0).table() + " WHERE user_id = ?", user);
    }
    long mark = queryLong(c, "SELECT last_id FROM stage_mark");
    deleted += delete(c, "DELETE FROM stage." + STAGED + " WHERE user_id = ? AND id > " + mark, user);
    delete(c, "DELETE FROM stage." + STAGED + " WHERE user_id = ?", user);
    return deleted;
  }

  private static int delete(Connection c, String sql, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, user);
      return ps.executeUpdate();
    }
  }

  /** Partitions a compaction is building (catalogued with {@code rows = -1}, not yet in the views). */
  static List<Long> building(Connection c) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT seq FROM log_partitions WHERE rows < 0 ORDER BY seq")) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** Rewrites the views over the partitions; runs in the main file's write transaction that changed the list. */
  static void rebuildViews(Connection c) throws SQLException {
    List<Partition> parts = partitions(c);
    StringBuilder rows = new StringBuilder("CREATE VIEW log_rows AS ");
    StringBuilder last = new StringBuilder("CREATE VIEW log_last_id AS SELECT max(m) AS id FROM (");
    StringBuilder count = new StringBuilder("CREATE VIEW log_count AS SELECT 0");
    for (int i = 0; i < parts.size(); i++) {
      String t = parts.get(i).table();
      rows.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(COLUMNS).append(" FROM ").append(t);
      last.append(i == 0 ? "" : " UNION ALL ").append("SELECT max(id) AS m FROM ").append(t);
      count.append(" + (SELECT count(*) FROM ").append(t).append(')');
    }
    last.append(')');
    count.append(" AS n");
    for (String view : List.of("log_rows", "log_last_id", "log_count")) {
      execute(c, "DROP VIEW IF EXISTS main." + view);
    }
    execute(c, rows.toString());
    execute(c, last.toString());
    execute(c, count.toString());
  }

  /**
   * Moves up to {@code chunk} staged rows above the mark into a new partition; on the merge
   * connection (the log file as main, staging attached read-only as {@code stage}) inside {@code BEGIN IMMEDIATE}.
   * Returns null when nothing is staged above the mark.
   */
  static Merged merge(Connection c, int chunk) throws SQLException {
    long mark = queryLong(c, "SELECT last_id FROM stage_mark");
    long upTo;
    try (PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM (SELECT id FROM stage." + STAGED
        + " WHERE id > ? ORDER BY id LIMIT ?)")) {
      ps.setLong(1, mark);
      ps.setInt(2, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        upTo = rs.getLong(1);
        if (rs.wasNull()) {
          return null;
        }
      }
    }
    int moved = (int) count(c, "SELECT count(*) FROM stage." + STAGED + " WHERE id > ? AND id <= ?", mark, upTo);
    // ids of the chunk already in the log (never in normal operation: a copy by hand, a restore) are skipped
    boolean repair = count(c, "SELECT count(*) FROM log_rows WHERE id > ? AND id <= ?", mark, upTo) > 0;
    long seq = queryLong(c, "SELECT coalesce(max(seq), 0) + 1 FROM log_partitions");
    String table = new Partition(seq, 0).table();
    execute(c, "CREATE TABLE main." + table + " " + COLUMN_TYPES);
    long rows;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO main." + table + " (" + COLUMNS + ") SELECT " + COLUMNS
        + " FROM stage." + STAGED + " s WHERE id > ? AND id <= ?" + (repair
            ? " AND NOT EXISTS (SELECT 1 FROM log_rows l WHERE l.id = s.id)" : "") + " ORDER BY id")) {
      ps.setLong(1, mark);
      ps.setLong(2, upTo);
      rows = ps.executeUpdate();
    }
    if (rows == 0) {
      execute(c, "DROP TABLE main." + table);
    } else {
      addPartition(c, seq, rows);
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE stage_mark SET last_id = ?")) {
      ps.setLong(1, upTo);
      ps.executeUpdate();
    }
    rebuildViews(c);
    return new Merged(upTo, moved);
  }

  /** The indexes of a partition, built by sorting once its table is filled. */
  static List<String> indexDdl(String table) {
    return List.of("CREATE INDEX main." + table + "_user_time ON " + table + " (user_id, created_at)",
        "CREATE INDEX main." + table + "_item_user ON " + table + " (item_id, user_id)");
  }

  /** Indexes a filled partition table (by sorting: CREATE INDEX) and records it in the catalog. */
  private static void addPartition(Connection c, long seq, long rows) throws SQLException {
    String table = new Partition(seq, rows).table();
    for (String ddl : indexDdl(table)) {
      execute(c, ddl);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_partitions (seq, rows) VALUES (?, ?)")) {
      ps.setLong(1, seq);
      ps.setLong(2, rows);
      ps.executeUpdate();
    }
  }

  /** The most rows a compaction writes: {@code FANOUT} merge chunks (its index builds bound how long it holds the log). */
  static long compactionCap(long mergeChunk) {
    return FANOUT * mergeChunk;
  }

  /**
   * The partitions the next compaction should merge, empty when none is due or one is being built. Small partitions
   * (below half the {@link #compactionCap cap}) are the candidates; once {@code FANOUT} of them exist, the oldest are
   * taken while their rows stay within the cap (two at least, since two small ones always fit). Partitions of half
   * the cap or more are final.
   */
  static List<Partition> compactionDue(Connection c, long mergeChunk) throws SQLException {
    if (!building(c).isEmpty()) {
      return List.of();
    }
    long cap = compactionCap(mergeChunk);
    List<Partition> small = new ArrayList<>();
    List<Partition> parts = partitions(c);
    for (Partition p : parts.subList(1, parts.size())) { // interactions is never compacted
      if (p.rows() < cap / 2) {
        small.add(p);
      }
    }
    if (small.size() < FANOUT) {
      return List.of();
    }
    List<Partition> out = new ArrayList<>();
    long rows = 0;
    for (Partition p : small) {
      if (out.size() == FANOUT || (out.size() >= 2 && rows + p.rows() > cap)) {
        break;
      }
      out.add(p);
      rows += p.rows();
    }
    return out;
  }

  /** A compaction being built: the seq of its partition and the partitions it replaces. */
  record Compaction(long seq, List<Partition> sources) {}

  /**
   * When a compaction is due and none is being built, creates the compaction's (empty, not yet visible) table and
   * records it in the catalog with {@code rows = -1}, in the caller's transaction; null otherwise.
   */
  static Compaction startCompaction(Connection c, long mergeChunk) throws SQLException {
    List<Partition> sources = compactionDue(c, mergeChunk);
    if (sources.isEmpty()) {
      return null;
    }
    long seq = queryLong(c, "SELECT coalesce(max(seq), 0) + 1 FROM log_partitions");
    execute(c, "CREATE TABLE main." + new Partition(seq, 0).table() + " " + COLUMN_TYPES);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_partitions (seq, rows) VALUES (?, -1)")) {
      ps.setLong(1, seq);
      ps.executeUpdate();
    }
    return new Compaction(seq, List.copyOf(sources));
  }

  /** Copies one source partition into the compaction's table, in id order. */
  static void copyInto(Connection c, long seq, Partition source) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO main." + new Partition(seq, 0).table() + " (" + COLUMNS + ") SELECT " + COLUMNS
          + " FROM main." + source.table() + " ORDER BY id");
    }
  }

  /** The first id of a partition (a primary-key probe), to copy sources in id order. */
  static long firstId(Connection c, Partition p) throws SQLException {
    return queryLong(c, "SELECT coalesce(min(id), 0) FROM main." + p.table());
  }

  /**
   * Makes the compacted partition visible in place of its sources, in one transaction of the log file: readers see
   * either the sources or the compacted partition. {@code forgetUser} deleted from the compaction's table as well as
   * from the sources while it was built, so nothing forgotten comes back.
   */
  static void finishCompaction(Connection c, long seq, List<Partition> sources) throws SQLException {
    for (Partition p : sources) {
      execute(c, "DROP TABLE main." + p.table());
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM log_partitions WHERE seq = ?")) {
        ps.setLong(1, p.seq());
        ps.executeUpdate();
      }
    }
    long rows = queryLong(c, "SELECT count(*) FROM main." + new Partition(seq, 0).table());
    try (PreparedStatement ps = c.prepareStatement("UPDATE log_partitions SET rows = ? WHERE seq = ?")) {
      ps.setLong(1, rows);
      ps.setLong(2, seq);
      ps.executeUpdate();
    }
    rebuildViews(c);
  }

  /** Drops a compaction a crash interrupted (its sources are still the partitions). */
  static void dropUnfinishedCompactions(Connection c) throws SQLException {
    for (long seq : building(c)) {
      execute(c, "DROP TABLE IF EXISTS main." + new Partition(seq, 0).table());
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM log_partitions WHERE seq = ?")) {
        ps.setLong(1, seq);
        ps.executeUpdate();
      }
    }
  }

  /**
   * Deletes staged rows at or below {@code mark} (already in the log), {@link #DELETE_STEP} ids per call; returns
   * true when more remain. On the staging connection, in a write transaction of the staging file.
   */
  static boolean deleteMergedStep(Connection stage, long mark) throws SQLException {
    long first = queryLong(stage, "SELECT coalesce(min(id), 0) FROM " + STAGED);
    if (first == 0 || first > mark) {
      return false;
    }
    long upTo = Math.min(mark, first + DELETE_STEP - 1);
    try (PreparedStatement ps = stage.prepareStatement("DELETE FROM " + STAGED + " WHERE id <= ?")) {
      ps.setLong(1, upTo);
      ps.executeUpdate();
    }
    return upTo < mark;
  }

  private static long count(Connection c, String sql, long a, long b) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, a);
      ps.setLong(2, b);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
