package io.swarmrec.store.internal;

import static io.swarmrec.store.internal.Jdbc.each;
import static io.swarmrec.store.internal.Jdbc.execute;
import static io.swarmrec.store.internal.Jdbc.queryLong;
import static io.swarmrec.store.internal.Jdbc.update;

import io.swarmrec.store.internal.Jdbc.Binder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops the log's secondary indexes for a bulk load into an empty store and builds them once at the end,
 * the classic bulk-loading advice of both databases. A btree built by sorting all keys costs a fraction
 * of one maintained row by row with random keys: on PostgreSQL, about 28 of the 30 microseconds of
 * server CPU per event at a million rows went to the three indexes, against about 3 for building them
 * afterwards. A store that already holds events keeps its indexes, since a rebuild would cost in
 * proportion to all it holds rather than to what is imported.
 *
 * <p>Each definition (its CREATE statement, read from the catalogue, so the schema scripts stay the only
 * place indexes are declared) is saved in {@code deferred_indexes} in the transaction that drops it;
 * {@link #restore} runs at the end of the import and whenever a store opens, so an import that dies half
 * way leaves a slower next start, never a missing index.
 */
final class DeferredIndexes {
  private DeferredIndexes() {}

  /**
   * Drops and records the secondary indexes when the log is empty; true when any were dropped.
   *
   * @param listSql the dialect's catalogue query: name and CREATE statement of each secondary index
   */
  static boolean deferIfEmpty(Connection c, String listSql) throws SQLException {
    if (queryLong(c, "SELECT count(*) FROM (SELECT 1 FROM interactions_all LIMIT 1) AS t") > 0) {
      return false;
    }
    Map<String, String> indexes = read(c, listSql);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO deferred_indexes (name, ddl) VALUES (?, ?)")) {
      for (Map.Entry<String, String> index : indexes.entrySet()) {
        ps.setString(1, index.getKey());
        ps.setString(2, index.getValue());
        ps.executeUpdate();
        execute(c, "DROP INDEX " + index.getKey());
      }
    }
    return !indexes.isEmpty();
  }

  /** Builds every deferred index and refreshes the planner's statistics; nothing when none is deferred. */
  static void restore(Connection c, JdbcInteractionStore.SqlWork<Void> beforeBuild) throws SQLException {
    Map<String, String> deferred = read(c, "SELECT name, ddl FROM deferred_indexes ORDER BY name");
    if (deferred.isEmpty()) {
      return;
    }
    beforeBuild.run(c);
    for (Map.Entry<String, String> index : deferred.entrySet()) {
      execute(c, index.getValue());
      update(c, "DELETE FROM deferred_indexes WHERE name = ?", index.getKey());
    }
    execute(c, "ANALYZE interactions"); // statistics gathered on an empty table would mislead the planner
  }

  private static Map<String, String> read(Connection c, String sql) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    each(c, sql, Binder.NONE, rs -> out.put(rs.getString(1), rs.getString(2)));
    return out;
  }
}
