package io.swarmrec.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;
import io.swarmrec.store.internal.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMigrationTest {
  @TempDir
  Path dir;

  @Test
  void migratesAnEmptyFileOnceAndRecordsTheVersion() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"))) {
      assertThat(SqliteInteractionStore.migrate(c, StoreOptions.defaults())).isEqualTo(7);
      assertThat(SqliteInteractionStore.migrate(c, StoreOptions.defaults())).isEqualTo(7);
      assertThat(Migrator.currentVersion(c)).isEqualTo(7);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT sql FROM sqlite_master WHERE name = 'users_active'")) {
        rs.next();
        assertThat(rs.getString(1)).contains("WHERE event_count >= 5");
      }
    }
  }

  @Test
  void opensInWalModeAndReopensWithoutMigratingAgain() throws SQLException {
    try (InteractionStore store = SqliteStores.open(dir, StoreOptions.defaults())) {
      store.append(List.of(Event.of("u", "i", "view", 1)));
    }
    try (InteractionStore store = SqliteStores.open(dir.resolve(SqliteStores.DEFAULT_FILE), StoreOptions.defaults())) {
      assertThat(store.count()).isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStores.DEFAULT_FILE));
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
      assertThat(Migrator.currentVersion(c)).isEqualTo(7);
    }
  }

  /**
   * A version-1 file holding events, with one index left deferred by a crashed import: version 2 replaces the
   * log's indexes, the stale deferred definition does not come back, and the events stay.
   */
  @Test
  void version2ReplacesTheLogIndexesOfAVersion1FileWithEvents() throws Exception {
    Path file = dir.resolve("v1.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute(SqliteInteractionStore.VERSION_TABLE);
      String v1;
      try (var in = getClass().getClassLoader().getResourceAsStream(SqliteInteractionStore.MIGRATIONS + "/V1.sql")) {
        v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      for (String sql : v1.split(";\n")) {
        if (!sql.strip().isEmpty()) {
          s.execute(sql);
        }
      }
      s.execute("INSERT INTO schema_version (version, description) VALUES (1, 'v1')");
      s.execute("INSERT INTO interactions (user_id, item_id, type, created_at) VALUES ('u1', 'i1', 'view', 1),"
          + " ('u2', 'i1', 'view', 2)");
      s.execute("DROP INDEX interactions_item_value");
      s.execute("INSERT INTO deferred_indexes (name, ddl) VALUES ('interactions_item_value',"
          + " 'CREATE INDEX interactions_item_value ON interactions (item_id, value)')");
    }
    try (InteractionStore store = SqliteStores.open(file, StoreOptions.defaults())) {
      assertThat(store.count()).isEqualTo(2);
      assertThat(store.append(List.of(Event.of("u3", "i1", "view", 3)))).isEqualTo(3);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      assertThat(Migrator.currentVersion(c)).isEqualTo(7);
      List<String> indexes = new java.util.ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
          + " AND tbl_name = 'interactions' AND sql IS NOT NULL ORDER BY name")) {
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
      }
      assertThat(indexes).containsExactly("interactions_item_user", "interactions_user_time");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM deferred_indexes")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  /** The co-occurrence query reads the users of the user's items from the (item_id, user_id) index alone. */
  @Test
  void similarUsersScansTheItemIndexWithoutRowLookups() throws SQLException {
    try (InteractionStore store = SqliteStores.open(dir, StoreOptions.defaults())) {
      store.append(List.of(Event.of("u", "i", "view", 1)));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStores.DEFAULT_FILE));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT o.user_id,"
            + " count(DISTINCT o.item_id) AS common FROM interactions o WHERE o.item_id IN (SELECT item_id FROM"
            + " interactions WHERE user_id = 'u') AND o.user_id <> 'u' GROUP BY o.user_id")) {
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(4)).append('\n');
      }
      assertThat(plan.toString()).contains("COVERING INDEX interactions_item_user");
    }
  }

  @Test
  void aDirectoryOrAnExtensionlessPathHoldsTheDefaultFile() {
    assertThat(SqliteStores.databaseFile(dir)).isEqualTo(dir.resolve("swarmrec.db"));
    assertThat(SqliteStores.databaseFile(dir.resolve("new/store"))).isEqualTo(dir.resolve("new/store/swarmrec.db"));
    assertThat(Files.isDirectory(dir.resolve("new/store"))).isTrue();
    assertThat(SqliteStores.databaseFile(dir.resolve("other/events.sqlite"))).isEqualTo(dir.resolve("other/events.sqlite"));
  }
}
