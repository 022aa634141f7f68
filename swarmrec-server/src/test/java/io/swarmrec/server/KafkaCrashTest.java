package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service consuming Kafka into SQLite, killed with SIGKILL mid-stream, twice, while events keep arriving, and
 * started again on the same store: afterwards every event is stored exactly once (against the real broker,
 * see {@link RealServers}).
 */
class KafkaCrashTest {
  private static final int EVENTS = 150_000;

  @TempDir
  Path dir;
  private Path log; // of the service process running now

  @Test
  void killedMidStreamAndRestartedStoresEveryEventExactlyOnce() throws Exception {
    try (KafkaTopics topics = new KafkaTopics(4)) {
      Thread producer = Thread.ofPlatform().name("test-producer").start(() -> {
        for (int from = 0; from < EVENTS; from += 2_000) {
          topics.sendEvents(from, from + 2_000);
          topics.flush();
          try {
            Thread.sleep(40);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      List<Long> killedAt = new ArrayList<>();
      Process service = start(topics, 1);
      try {
        for (long killAt : new long[] {EVENTS / 4, EVENTS / 2}) {
          long stored = awaitStored(n -> n >= killAt, service);
          service.destroyForcibly(); // SIGKILL: no close, no commit, a transaction cut off anywhere
          service.waitFor(30, TimeUnit.SECONDS);
          killedAt.add(stored);
          service = start(topics, killedAt.size() + 1);
        }
        producer.join();
        awaitStored(n -> n >= EVENTS, service);
        TestClient c = new TestClient(port());
        KafkaIngestTest.await("the lag at zero", () -> KafkaIngestTest.metric(c, "swarmrec_kafka_consumer_lag",
            topics.events) == 0);
        long[] end = counts("count(*), count(DISTINCT item_id)");
        assertThat(killedAt).allMatch(n -> n < EVENTS);
        assertThat(end[0]).as("events stored").isEqualTo(EVENTS);
        assertThat(end[1]).as("distinct events stored").isEqualTo(EVENTS);
      } finally {
        producer.interrupt();
        service.destroyForcibly();
        service.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private Process start(KafkaTopics topics, int run) throws IOException {
    Files.deleteIfExists(dir.resolve("port"));
    log = dir.resolve("service-" + run + ".log");
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), KafkaServiceProcess.class.getName(), dir.toString()));
    for (Map.Entry<String, String> e : KafkaIngestTest.config(topics).entrySet()) {
      cmd.add(e.getKey() + "=" + e.getValue());
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  private int port() throws IOException {
    return Integer.parseInt(Files.readString(dir.resolve("port")).trim());
  }

  /** Waits until the stored count satisfies {@code done}; returns it. */
  private long awaitStored(java.util.function.LongPredicate done, Process service) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      long[] c = counts("count(*), 0");
      if (c[0] >= 0 && done.test(c[0])) {
        return c[0];
      }
      if (!service.isAlive()) {
        throw new AssertionError("the service died:\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out at " + c[0] + " stored events");
      }
      Thread.sleep(20);
    }
  }

  /** Two figures of the stored events, read straight from the SQLite file; {-1, -1} before it can be read. */
  private long[] counts(String select) {
    Path db = dir.resolve("swarmrec.db");
    if (!Files.exists(db)) {
      return new long[] {-1, -1};
    }
    Path staged = dir.resolve("swarmrec.db.staged");
    if (!Files.exists(staged)) {
      return new long[] {-1, -1};
    }
    // the store's own view over both files: the log's partitions, and the staged rows not merged yet
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + staged + "' AS stage");
      try (ResultSet rs = s.executeQuery("SELECT " + select + " FROM (SELECT id, item_id FROM log_rows UNION ALL"
          + " SELECT id, item_id FROM stage.interactions_staged WHERE id > (SELECT last_id FROM stage_mark))")) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    } catch (SQLException e) { // not migrated yet, or busy recovering after the kill
      return new long[] {-1, -1};
    }
  }
}
