package io.swarmrec.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small statement helpers shared by the SQL stores. Internal to the store implementations; not API. */
public final class Jdbc {
  /** Rows per round trip when streaming. */
  static final int FETCH_ROWS = 10_000;

  /** Binds the parameters of a prepared statement. */
  @FunctionalInterface
  interface Binder {
    Binder NONE = ps -> {};

    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Receives one row of a result. */
  @FunctionalInterface
  interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  private Jdbc() {}

  public static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of the single row {@code sql} returns. */
  public static long queryLong(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static int update(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      return ps.executeUpdate();
    }
  }

  /** Runs a query and hands each row to {@code rows}, in whatever transaction the connection is in. */
  static void each(Connection c, String sql, Binder binder, RowHandler rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(FETCH_ROWS);
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.row(rs);
        }
      }
    }
  }
}
