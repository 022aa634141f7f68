package io.swarmrec.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.store.StoreException;
import io.swarmrec.store.internal.Migrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresMigrationTest {
  private PostgresTestDatabase db;

  @BeforeEach
  void createSchema() {
    db = PostgresTestDatabase.create();
  }

  @AfterEach
  void dropSchema() {
    db.close();
  }

  @Test
  void migratesAnEmptySchemaOnceAndRecordsTheVersion() throws SQLException {
    try (Connection c = db.connect()) {
      assertThat(tables(c)).isEmpty();
      assertThat(PostgresInteractionStore.migrate(c)).isEqualTo(6);
      assertThat(tables(c)).containsExactly("activity_mark", "deferred_indexes", "follows", "interactions",
          "interactions_staged", "items", "schema_version", "source_positions", "user_activity");
      assertThat(indexes(c))
          .contains("interactions_user_time", "interactions_item_user", "users_active", "items_deleted")
          .doesNotContain("interactions_user_item", "interactions_item_value");
      assertThat(versionRows(c)).containsExactly("1 interactions log, user activity rollup with the active-users"
          + " partial index, item metadata", "2 log indexes for ingest: drop (user_id, item_id), (item_id, user_id)"
          + " replaces (item_id, value)", "3 staged appends: an unindexed table merged into interactions in chunks, and"
          + " the view the queries read", "4 source positions: how far each external source (a Kafka topic partition) is"
          + " stored", "5 item authors and texts: a feed never recommends users their own items and filters or caps by author; a",
          "6 the follow graph: who follows whom, for the network candidate source of feeds");

      assertThat(PostgresInteractionStore.migrate(c)).isEqualTo(6); // a restart: nothing to do
      assertThat(versionRows(c)).hasSize(6);
    }
  }

  @Test
  void theActiveUsersIndexIsPartial() throws SQLException {
    try (Connection c = db.connect()) {
      PostgresInteractionStore.migrate(c);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'users_active'")) {
        rs.next();
        assertThat(rs.getString(1)).contains("WHERE (event_count >= 5)");
      }
    }
  }

  @Test
  void instancesStartingTogetherMigrateOnce() throws Exception {
    int instances = 4;
    CyclicBarrier start = new CyclicBarrier(instances);
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        results.add(pool.submit((Callable<Integer>) () -> {
          try (Connection c = db.connect()) {
            start.await();
            return PostgresInteractionStore.migrate(c);
          }
        }));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(6);
      }
      try (Connection c = db.connect()) {
        assertThat(versionRows(c)).hasSize(6);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSchemaFromANewerReleaseIsRefused() throws SQLException {
    try (Connection c = db.connect()) {
      PostgresInteractionStore.migrate(c);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO schema_version (version, description) VALUES (99, 'from the future')");
      }
      assertThatThrownBy(() -> PostgresInteractionStore.migrate(c)).isInstanceOf(StoreException.class)
          .hasMessageContaining("version 99");
      assertThat(Migrator.currentVersion(c)).isEqualTo(99);
    }
  }

  @Test
  void aMissingSchemaIsReportedClearly() {
    String url = db.url().replace(db.schema(), db.schema() + "_missing");
    assertThatThrownBy(() -> PostgresStores.open(url, io.swarmrec.store.StoreOptions.defaults().withPool(1, 2)))
        .isInstanceOf(StoreException.class).hasMessageContaining("no schema");
  }

  private static List<String> tables(Connection c) throws SQLException {
    return strings(c, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename");
  }

  private static List<String> indexes(Connection c) throws SQLException {
    return strings(c, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
  }

  private static List<String> versionRows(Connection c) throws SQLException {
    return strings(c, "SELECT version || ' ' || description FROM schema_version ORDER BY version");
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
