package io.swarmrec.store.sqlite;

import io.swarmrec.store.DurableStoreContract;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends DurableStoreContract {
  @TempDir
  Path dir;

  @Override
  protected InteractionStore open(StoreOptions options) {
    return SqliteStores.open(dir, options);
  }

  @Override
  protected List<String> indexNames() {
    List<String> names = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL"
            + " ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  /** On the database file with the staging file attached, so that {@code interactions_staged} names the staged rows. */
  @Override
  protected void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + dir.resolve(SqliteStores.DEFAULT_FILE + ".staged") + "' AS stage");
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void failInsertsOf(String user) {
    for (String table : List.of("main.interactions", "stage.interactions_staged")) {
      String schema = table.substring(0, table.indexOf('.'));
      String name = table.substring(table.indexOf('.') + 1);
      execute("CREATE TRIGGER " + schema + ".fail_" + user + "_" + name + " BEFORE INSERT ON " + name
          + " WHEN NEW.user_id = '" + user + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }
  }

  /** BEGIN IMMEDIATE on the staging file: the store's committer then waits in its own (busy_timeout). */
  @Override
  protected AutoCloseable holdWriteLock() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStores.DEFAULT_FILE + ".staged"));
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
    return () -> {
      try (c; Statement s = c.createStatement()) {
        s.execute("ROLLBACK");
      }
    };
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStores.DEFAULT_FILE));
  }
}
