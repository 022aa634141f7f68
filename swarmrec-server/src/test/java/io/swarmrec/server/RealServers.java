package io.swarmrec.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL, Redis and Kafka the integration tests use: 127.0.0.1:5432 (database test, user postgres),
 * 127.0.0.1:6379 and 127.0.0.1:9092, unless SWARMREC_TEST_PG_URL / SWARMREC_TEST_REDIS_URL /
 * SWARMREC_TEST_KAFKA say otherwise. When one is
 * unreachable the test is skipped with the reason, except under CI=true, where it fails.
 */
final class RealServers {
  static final String PG = env("SWARMREC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String REDIS = env("SWARMREC_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  static final String KAFKA = env("SWARMREC_TEST_KAFKA", "127.0.0.1:9092");

  private RealServers() {}

  private static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? def : v;
  }

  static void unavailable(String what) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(what + " -- failing because CI=true");
    }
    Assumptions.abort(what + " -- skipping");
  }

  /** A fresh schema on the test PostgreSQL; close() drops it. */
  static final class Schema implements AutoCloseable {
    final String name = "swarmrec_srv_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    Schema() {
      try (Connection c = connect(PG); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
      } catch (SQLException e) {
        unavailable("PostgreSQL unreachable at " + PG + ": " + e.getMessage());
      }
    }

    String url() {
      return PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() throws SQLException {
      try (Connection c = connect(PG); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
      }
    }

    private static Connection connect(String url) throws SQLException {
      Properties p = new Properties();
      p.setProperty("connectTimeout", "3");
      return DriverManager.getConnection(url, p);
    }
  }

  /** Skips (fails under CI) unless the shared Redis answers. */
  static void requireRedis() {
    java.net.URI u = java.net.URI.create(REDIS);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort()), 2000);
    } catch (IOException e) {
      unavailable("Redis unreachable at " + REDIS + ": " + e.getMessage());
    }
  }

  /** Skips (fails under CI) unless the Kafka broker answers (scripts/services.sh starts one). */
  static void requireKafka() {
    String[] hp = KAFKA.split(",")[0].trim().split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 2000);
    } catch (IOException e) {
      unavailable("Kafka unreachable at " + KAFKA + " (bash scripts/services.sh starts one): " + e.getMessage());
    }
  }

  /** A throwaway redis-server of this test's own, so it can be stopped mid-run. */
  static final class OwnRedis implements AutoCloseable {
    final int port;
    private Process process;

    OwnRedis() throws IOException, InterruptedException {
      String bin = findOnPath("redis-server");
      if (bin == null) {
        unavailable("redis-server is not on the PATH");
      }
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      start(bin);
    }

    private void start(String bin) throws IOException, InterruptedException {
      process = new ProcessBuilder(bin, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
          "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return;
        } catch (IOException e) {
          Thread.sleep(20);
        }
      }
      throw new IOException("redis-server did not start on port " + port);
    }

    String url() {
      return "redis://127.0.0.1:" + port;
    }

    void stop() throws InterruptedException {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }

    private static String findOnPath(String name) {
      for (String dir : (System.getenv("PATH") + ":/usr/bin:/usr/sbin:/usr/local/bin").split(":")) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
      return null;
    }
  }
}
