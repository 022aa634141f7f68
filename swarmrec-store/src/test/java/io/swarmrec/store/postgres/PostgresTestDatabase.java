package io.swarmrec.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway schema on the test PostgreSQL server, so that parallel test runs never see each other's
 * tables. The server is {@value #DEFAULT_URL} unless the environment variable {@value #URL_ENV} names
 * another. When it cannot be reached the test is skipped with the reason, except under {@code CI=true},
 * where a missing database is a broken build and the test fails.
 */
final class PostgresTestDatabase implements AutoCloseable {
  static final String URL_ENV = "SWARMREC_TEST_PG_URL";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final String baseUrl;
  private final String schema;

  private PostgresTestDatabase(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
  }

  /** Creates a fresh empty schema, or skips (fails under CI) when the server is unreachable. */
  static PostgresTestDatabase create() {
    String env = System.getenv(URL_ENV);
    return create(env == null || env.isBlank() ? DEFAULT_URL : env, "true".equalsIgnoreCase(System.getenv("CI")));
  }

  static PostgresTestDatabase create(String url, boolean ci) {
    String base = PostgresStores.jdbcUrl(url);
    String schema = "swarmrec_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    try (Connection c = connect(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      unreachable(base, ci, e);
    }
    return new PostgresTestDatabase(base, schema);
  }

  /** The URL of the schema, for the store. */
  String url() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  String schema() {
    return schema;
  }

  /** A plain connection to the schema. */
  Connection connect() throws SQLException {
    return connect(url());
  }

  @Override
  public void close() {
    try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(url, p);
  }

  private static void unreachable(String url, boolean ci, SQLException e) {
    String why = "PostgreSQL test server unreachable at " + PostgresInteractionStore.redact(url) + " (" + e.getMessage()
        + "); set " + URL_ENV + " to point at one";
    if (ci) {
      fail(why + " -- failing because CI=true", e);
    }
    Assumptions.abort(why + " -- skipping");
  }
}
