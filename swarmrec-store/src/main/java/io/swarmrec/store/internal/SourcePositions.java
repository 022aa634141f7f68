package io.swarmrec.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code source_positions} table: how far each external source (a Kafka topic partition, say) has been
 * stored, written in the transaction of the appends that carry its records (see
 * {@code InteractionStore.appendAsync(List, Map)}). The table holds one small row per source; both dialects
 * share the SQL. Internal to the store implementations; not API.
 */
final class SourcePositions {

  private SourcePositions() {}

  /** Records the positions on {@code c}, in whatever transaction it is in. */
  static void write(Connection c, String table, Map<String, Long> positions) throws SQLException {
    if (positions.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (source, resume_at) VALUES (?, ?)"
        + " ON CONFLICT (source) DO UPDATE SET resume_at = excluded.resume_at")) {
      for (Map.Entry<String, Long> p : positions.entrySet()) {
        ps.setString(1, p.getKey());
        ps.setLong(2, p.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The positions of the sources whose names start with {@code prefix}, by name (the table is small). */
  static Map<String, Long> read(Connection c, List<String> tables, String prefix) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    for (String table : tables) { // a later table's position wins
      try (PreparedStatement ps = c.prepareStatement("SELECT source, resume_at FROM " + table);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).startsWith(prefix)) {
            out.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
    }
    return out;
  }
}
