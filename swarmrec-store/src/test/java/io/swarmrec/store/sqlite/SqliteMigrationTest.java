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
      assertThat(SqliteInteractionStore.migrate(c, StoreOptions.defaults())).isEqualTo(1);
      assertThat(SqliteInteractionStore.migrate(c, StoreOptions.defaults())).isEqualTo(1);
      assertThat(Migrator.currentVersion(c)).isEqualTo(1);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
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
      assertThat(Migrator.currentVersion(c)).isEqualTo(1);
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
