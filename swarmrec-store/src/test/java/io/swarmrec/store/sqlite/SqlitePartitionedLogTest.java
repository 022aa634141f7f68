package io.swarmrec.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;
import io.swarmrec.store.internal.JdbcInteractionStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partitioned write path of the SQLite store: crashes, compaction, concurrent readers, V3 files. */
class SqlitePartitionedLogTest {
  private static final long NOW = 1_700_000_000L;

  @TempDir
  Path dir;

  /**
   * A process appending from four threads (with merges, deletes from staging and compactions running all the time) is
   * killed with SIGKILL: every batch it had acknowledged is in the store after reopening, exactly once, and nothing
   * that was never submitted appears. Repeated a few times on the same files, so later kills meet partitions,
   * compactions and leftover staged rows of earlier ones.
   */
  @Test
  void killingTheProcessMidIngestLosesNoAcknowledgedEventAndDuplicatesNone() throws Exception {
    Path db = dir.resolve("crash.db");
    Set<String> acknowledged = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          CrashingAppender.class.getName(), db.toString(), "r" + round).redirectErrorStream(false).start();
      int acks = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("ack ")) {
            acknowledged.add(line.substring(4)); // a batch key: its events are users key#0..key#9
            if (++acks == 150 + 50 * round) {
              p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
              break;
            }
          }
        }
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acks).isEqualTo(150 + 50 * round);
      try (InteractionStore store = SqliteStores.open(db, options())) {
        Map<String, Integer> seen = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        store.scan(0, (seq, user, item, type, value, time) -> {
          ids.add(seq);
          seen.merge(user, 1, Integer::sum);
        });
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(store.count()).isEqualTo(ids.size());
        for (String batch : acknowledged) {
          for (int i = 0; i < 10; i++) {
            assertThat(seen).containsKey(batch + "#" + i);
          }
        }
        // a batch is atomic: all of its events or none
        Map<String, Integer> perBatch = new HashMap<>();
        seen.keySet().forEach(u -> perBatch.merge(u.substring(0, u.indexOf('#')), 1, Integer::sum));
        assertThat(perBatch.values()).allSatisfy(n -> assertThat(n).isEqualTo(10));
      }
    }
  }

  /** Tiny chunks, so the crash test meets merges, compactions and deletes from staging all the time. */
  static StoreOptions options() {
    return StoreOptions.defaults().withStaging(400, 40);
  }

  /** The process that is killed: four threads append batches of 10 events and print each acknowledged one. */
  static final class CrashingAppender {
    public static void main(String[] args) throws Exception {
      InteractionStore store = SqliteStores.open(Path.of(args[0]), options());
      String prefix = args[1];
      AtomicLong next = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(Thread.ofPlatform().start(() -> {
          while (true) {
            String key = prefix + "-" + next.getAndIncrement();
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              batch.add(Event.of(key + "#" + i, "i" + (i % 3), "view", NOW + i));
            }
            store.append(batch);
            synchronized (System.out) {
              System.out.println("ack " + key);
              System.out.flush();
            }
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  /**
   * Merges into partitions, with compactions of the small ones: the number of partitions stays well below the number
   * of merges, and every read answers the same as before any merge.
   */
  @Test
  void compactionBoundsThePartitionsAndChangesNoAnswer() throws SQLException {
    Path db = dir.resolve("c.db");
    try (InteractionStore store = SqliteStores.open(db, StoreOptions.defaults().withStaging(1_000_000, 4))) {
      JdbcInteractionStore jdbc = (JdbcInteractionStore) store;
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        events.add(Event.of("u" + i % 7, "i" + i % 13, i % 3 == 0 ? "like" : "view", NOW + i));
      }
      store.append(events);
      List<Object> before = reads(store);
      int maxPartitions = 0;
      while (jdbc.stagedBacklog() > 0) {
        jdbc.mergeStaged(4); // one chunk of 4 per call until the backlog is gone
        maxPartitions = Math.max(maxPartitions, partitions(db));
      }
      assertThat(reads(store)).isEqualTo(before);
      // 150 merges of 4 rows: partitions below 16 rows compact, eight or up to 32 rows at a time; 16 or more stay
      assertThat(maxPartitions).isLessThanOrEqualTo(600 / 16 + PartitionedLog.FANOUT);
      assertThat(partitions(db)).isLessThan(150 / 2);
    }
    try (InteractionStore store = SqliteStores.open(db, StoreOptions.defaults())) {
      assertThat(store.count()).isEqualTo(600);
    }
  }

  /**
   * Readers racing merges, compactions and deletes from staging: each scan sees every event acknowledged before it
   * started, none twice, and agrees with the count taken in the same pass.
   */
  @Test
  void readersSeeEveryAcknowledgedEventOnceWhileMergesRun() throws Exception {
    try (InteractionStore store = SqliteStores.open(dir.resolve("r.db"), StoreOptions.defaults().withStaging(60, 6))) {
      AtomicLong acknowledged = new AtomicLong();
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = Thread.ofPlatform().start(() -> {
        try {
          for (int b = 0; b < 300; b++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              batch.add(Event.of("u" + (b * 5 + i) % 11, "i" + i, "view", NOW + b));
            }
            acknowledged.set(store.append(batch));
          }
        } catch (Throwable e) {
          failure.set(e);
        } finally {
          done.set(true);
        }
      });
      int scans = 0;
      while (!done.get()) {
        long before = acknowledged.get();
        List<Long> ids = new ArrayList<>();
        store.scan(0, (seq, u, i, t, v, ts) -> ids.add(seq));
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        for (long id = 1; id <= before; id++) {
          assertThat(ids.get((int) id - 1)).isEqualTo(id); // ids are 1..n without holes: nothing is forgotten here
        }
        assertThat(store.recentInteractions("u3", java.time.Duration.ofDays(100_000), 10_000)).hasSizeGreaterThanOrEqualTo(
            (int) (before / 11));
        scans++;
      }
      writer.join();
      assertThat(failure.get()).isNull();
      assertThat(scans).isPositive();
      assertThat(store.count()).isEqualTo(1500);
    }
  }

  /**
   * A version-3 file with merged and staged events (and a forgotten newest id) opens as version 4: every event is
   * read, the staged ones from the partition the old staging table became, and ids go on past the old counter.
   */
  @Test
  void aVersion3FileWithStagedEventsKeepsEveryEvent() throws Exception {
    Path file = dir.resolve("v3.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute(SqliteInteractionStore.VERSION_TABLE);
      for (int v = 1; v <= 3; v++) {
        String script;
        try (var in = getClass().getClassLoader().getResourceAsStream(SqliteInteractionStore.MIGRATIONS + "/V" + v
            + ".sql")) {
          script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String sql : io.swarmrec.store.internal.MigratorAccess.statements(script)) {
          s.execute(sql);
        }
        s.execute("INSERT INTO schema_version (version, description) VALUES (" + v + ", 'v" + v + "')");
      }
      s.execute("INSERT INTO interactions (id, user_id, item_id, type, created_at) VALUES (1, 'u1', 'i1', 'view', 1),"
          + " (2, 'u2', 'i1', 'view', 2)");
      s.execute("INSERT INTO interactions_staged (id, user_id, item_id, type, created_at) VALUES (3, 'u1', 'i2', 'view',"
          + " 3), (4, 'u3', 'i2', 'like', 4)");
      s.execute("UPDATE sqlite_sequence SET seq = 5 WHERE name = 'interactions'"); // id 5 was forgotten
    }
    try (InteractionStore store = SqliteStores.open(file, StoreOptions.defaults())) {
      assertThat(store.count()).isEqualTo(4);
      List<Long> ids = new ArrayList<>();
      store.scan(0, (seq, u, i, t, v, ts) -> ids.add(seq));
      assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
      assertThat(store.userProfiles(List.of("u1")).getFirst().events()).isEqualTo(2);
      assertThat(store.append(List.of(Event.of("u4", "i1", "view", 6)))).isEqualTo(6);
      assertThat(store.lastSequence()).isEqualTo(6);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
  }

  private static List<Object> reads(InteractionStore store) {
    List<String> rows = new ArrayList<>();
    store.scan(0, (seq, u, i, t, v, ts) -> rows.add(seq + " " + u + " " + i + " " + t + " " + ts));
    return List.of(rows, store.count(), store.lastSequence(),
        store.recentInteractions("u3", java.time.Duration.ofDays(100_000), 1000),
        store.similarUsersByCooccurrence("u1", 2, 10), store.userProfiles(List.of("u0", "u1", "u6", "zz")));
  }

  private static int partitions(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM log_partitions")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
