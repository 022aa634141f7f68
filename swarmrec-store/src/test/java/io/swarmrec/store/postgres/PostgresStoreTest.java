package io.swarmrec.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.DurableStoreContract;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends DurableStoreContract {
  private PostgresTestDatabase db;

  @Override
  protected InteractionStore open(StoreOptions options) {
    if (db == null) {
      db = PostgresTestDatabase.create();
    }
    return PostgresStores.open(db.url(), options.withPool(1, 6));
  }

  @Override
  protected void cleanUp() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected List<String> indexNames() {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'interactions'"
            + " AND indexname <> 'interactions_pkey' ORDER BY indexname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  @Override
  protected void failInsertsOf(String user) {
    execute("CREATE FUNCTION fail_" + user + "() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN IF NEW.user_id = ''"
        + user + "'' THEN RAISE EXCEPTION ''injected failure''; END IF; RETURN NEW; END'");
    for (String table : List.of("interactions", "interactions_staged")) {
      execute("CREATE TRIGGER fail_" + user + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION fail_"
          + user + "()");
    }
  }

  /** The store's advisory write lock, taken at session level on a second connection. */
  @Override
  protected AutoCloseable holdWriteLock() throws SQLException {
    Connection c = db.connect();
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + PostgresInteractionStore.WRITE_LOCK_KEYS + ")");
    }
    return c; // closing the session releases the lock
  }

  /** While a merge holds its lock, appends commit (they take only the write lock) and forgetUser waits. */
  @Test
  void appendsDoNotWaitForAMergeButForgettingAUserDoes() throws Exception {
    store.append(FIXTURE.subList(0, 5));
    CompletableFuture<Integer> forgotten;
    try (Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_lock(hashtext(current_schema()), 1398231630)"); // as a running merge does
      }
      long last = store.append(FIXTURE.subList(5, 10));
      assertThat(store.count()).isEqualTo(10);
      forgotten = CompletableFuture.supplyAsync(() -> store.forgetUser("alice"));
      Thread.sleep(200);
      assertThat(forgotten).isNotDone();
      assertThat(store.append(FIXTURE.subList(10, 12))).isEqualTo(last + 2); // not behind forgetUser's wait
      assertThat(forgotten).isNotDone();
    }
    assertThat(forgotten.get()).isEqualTo(7);
    assertThat(store.count()).isEqualTo(5); // 12 appended, alice's 7 forgotten
  }

  @Override
  protected void execute(String sql) {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
