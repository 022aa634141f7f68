package io.swarmrec.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.store.StoreException;
import io.swarmrec.store.StoreOptions;
import io.swarmrec.store.StoreStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresPoolTest {
  private PostgresTestDatabase db;
  private PostgresInteractionStore store;

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.create();
    StoreOptions options = StoreOptions.defaults().withPool(2, 3)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(1500));
    store = PostgresInteractionStore.open(PostgresStores.jdbcUrl(db.url()), options);
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  @Test
  void everyPooledConnectionCarriesTheStatementTimeout() throws SQLException {
    String timeout = store.onReader(c -> query(c.createStatement(), "SHOW statement_timeout"));
    assertThat(timeout).isEqualTo("1500ms");
    assertThatThrownBy(() -> store.onReader(c -> query(c.createStatement(), "SELECT pg_sleep(3)::text")))
        .isInstanceOf(SQLException.class).hasMessageContaining("statement timeout");
  }

  @Test
  void theStatsReportThePoolWithinItsBounds() {
    StoreStats stats = store.stats();
    assertThat(stats.backend()).isEqualTo("postgresql");
    assertThat(stats.totalConnections()).isBetween(1, 3);
    assertThat(stats.activeConnections()).isZero();
    assertThat(stats.pendingThreads()).isZero();
  }

  @Test
  void anUnreachableServerIsAClearStoreException() {
    assertThatThrownBy(() -> PostgresStores.open("postgresql://127.0.0.1:1/test?user=postgres",
        StoreOptions.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1))))
        .isInstanceOf(StoreException.class).hasMessageContaining("cannot connect to PostgreSQL at");
  }

  private static String query(Statement s, String sql) throws SQLException {
    try (s; ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
