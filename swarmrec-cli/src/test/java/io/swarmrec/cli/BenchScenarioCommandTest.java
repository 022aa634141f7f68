package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench scenario} end to end at a tiny scale: the report's structure and its internal consistency,
 * never its speed (the latency objectives are set loose on purpose, so that a busy machine cannot fail it).
 */
class BenchScenarioCommandTest {
  private static final int AGENTS = 2_000;
  private static final int ITEMS = 500;
  private static final int EVENTS = 20_000;
  private static final int K = 10;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void tinyScenarioOnTheDefaultSqliteStoreGivesAConsistentJsonReport() throws Exception {
    assertThat(execute(tiny("--json", "--repeat", "2"))).as(err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString());

    assertThat(r.path("scenario").path("agents").asInt()).isEqualTo(AGENTS);
    assertThat(r.path("scenario").path("interactions").asLong()).isEqualTo(EVENTS);
    assertThat(r.path("machine").path("cores").asInt()).isPositive();
    assertThat(r.path("machine").path("jvm").asText()).isNotBlank();

    JsonNode bulk = r.path("bulk_ingest");
    assertThat(bulk.path("events").asLong()).isEqualTo(EVENTS);
    assertThat(bulk.path("store_count").asLong()).isEqualTo(EVENTS);
    assertThat(bulk.path("events_per_second").asLong()).isPositive()
        .isLessThanOrEqualTo(bulk.path("append_events_per_second").asLong());
    assertThat(bulk.path("appends_done_seconds").asDouble()).isPositive()
        .isLessThanOrEqualTo(bulk.path("seconds").asDouble());

    JsonNode model = r.path("model");
    assertThat(model.path("users").asInt()).isEqualTo(AGENTS); // every generated agent has events
    assertThat(model.path("items").asInt()).isBetween(1, ITEMS);
    assertThat(model.path("interactions").asLong()).isBetween(1L, (long) EVENTS); // repeats merge
    assertThat(model.path("build_seconds").asDouble()).isPositive();

    JsonNode mem = r.path("memory");
    for (String when : List.of("after_build", "at_end")) {
      assertThat(mem.path(when).path("heap_after_gc_mb").asLong()).as(when).isPositive()
          .isLessThanOrEqualTo(mem.path(when).path("heap_committed_mb").asLong());
      assertThat(mem.path(when).path("rss_mb").asLong()).as(when)
          .isLessThanOrEqualTo(mem.path(when).path("peak_rss_mb").asLong());
      assertThat(mem.path(when).path("rss_anon_mb").asLong() + mem.path(when).path("rss_file_mb").asLong()).as(when)
          .isPositive().isLessThanOrEqualTo(mem.path(when).path("peak_rss_mb").asLong() + 1);
    }
    assertThat(mem.path("heap_bytes_per_interaction").asDouble()).isPositive();
    assertThat(r.path("peak_rss_mb").asLong()).isGreaterThanOrEqualTo(mem.path("after_build").path("rss_mb").asLong());

    JsonNode batch = r.path("batch");
    assertThat(batch.path("agents").asInt()).isEqualTo(model.path("users").asInt());
    assertThat(batch.path("agents_per_second").asLong()).isPositive();
    assertThat(batch.path("items_returned").asLong()).isPositive().isLessThanOrEqualTo((long) AGENTS * K);
    assertThat(batch.path("full_lists").asLong()).isPositive().isLessThanOrEqualTo(AGENTS);

    JsonNode http = r.path("http");
    for (String name : List.of("cached", "computed", "ceiling")) {
      JsonNode s = http.path(name);
      assertThat(s.path("max_rate").asDouble()).as(name).isPositive();
      assertThat(s.path("p50_ms").asDouble()).as(name).isPositive().isLessThanOrEqualTo(s.path("p99_ms").asDouble());
      assertThat(s.path("p99_ms").asDouble()).as(name).isLessThanOrEqualTo(s.path("max_ms").asDouble());
      assertThat(s.path("steps").size()).as(name).isPositive();
      assertThat(s.path("attempts_per_rate").asInt()).as(name).isEqualTo(2);
      JsonNode overall = s.path("report").path("overall");
      assertThat(overall.path("requests").asLong()).as(name).isEqualTo(overall.path("successes").asLong());
      assertThat(overall.path("throughput").asDouble()).as(name).isPositive();
    }
    JsonNode cached = http.path("cached");
    assertThat(cached.path("l1_hit_rate").asDouble()).as("warmed hot agents come from L1").isGreaterThan(0.5);
    assertThat(cached.path("report").path("server").path("answers").has("l1")).isTrue();
    assertThat(cached.path("runs").asInt()).isEqualTo(2);
    assertThat(cached.path("max_rate_of_each_run")).hasSize(2);
    assertThat(cached.path("max_rate").asDouble()).isBetween(cached.path("max_rate_min").asDouble(),
        cached.path("max_rate_max").asDouble());
    assertThat(http.path("cached_fraction_of_ceiling_each_run")).hasSize(2);
    assertThat(r.path("machine").path("cpu").asText()).isNotBlank();
    JsonNode computed = http.path("computed");
    assertThat(computed.path("l1_hit_rate").asDouble()).as("fresh scenes never hit").isZero();
    assertThat(computed.path("degraded_share").asDouble()).isBetween(0.0, 1.0);
    assertThat(computed.path("report").path("miss_cache").asBoolean()).isTrue();
    assertThat(http.path("ceiling").path("report").path("server").isNull()).as("no swarmrec counters").isTrue();
    assertThat(http.path("cached_fraction_of_ceiling").asDouble()).isPositive();

    JsonNode ingest = http.path("ingest");
    assertThat(ingest.path("events_per_second").asLong()).isPositive();
    assertThat(ingest.path("errors").asLong()).isZero();
    assertThat(ingest.path("report").path("endpoints").path("events").path("successes").asLong())
        .isEqualTo(ingest.path("requests").asLong());

    Matcher dir = Pattern.compile("sqlite \\(temporary, (.+)\\)").matcher(r.path("scenario").path("store").asText());
    assertThat(dir.matches()).isTrue();
    assertThat(Path.of(dir.group(1))).as("the temporary store is removed").doesNotExist();
    assertThat(err.toString()).contains("scenario: imported 20,000 events");
  }

  @Test
  void tableNamesEveryFigureAndSkippedStepsShowAsDashes() {
    assertThat(execute(tiny("--store", "memory", "--skip-http", "--skip-batch"))).as(err.toString()).isZero();
    String table = out.toString();
    assertThat(table).contains("2,000 agents, 500 items, 20,000 interactions", "store memory",
        "Cached recs over HTTP", "Top-10 for every agent, in process", "RSS after build", "Durable ingest, bulk import",
        "events/s", "cores");
    assertThat(table).containsPattern("\\| Cached recs over HTTP +\\| +- \\|");
    assertThat(table).doesNotContain("CPU, L1 hit rate");
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    assertThat(execute("--store", "mongodb://x")).isEqualTo(2);
    assertThat(err.toString()).contains("--store must be sqlite");
    assertThat(execute("--duration", "3 fortnights")).isEqualTo(2);
    assertThat(err.toString()).contains("not a duration");
    assertThat(execute("--agents", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("agents");
    assertThat(execute("--k", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--k must be");
    Path notEmpty = Files.createTempDirectory("swarmrec-scenario-test");
    try {
      assertThat(execute(tiny("--store", "sqlite:" + notEmpty, "--skip-http", "--skip-batch"))).isZero();
      assertThat(execute(tiny("--store", "sqlite:" + notEmpty))).isEqualTo(1);
      assertThat(err.toString()).contains("already holds 20000 events");
    } finally {
      try (var files = Files.walk(notEmpty)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static String[] tiny(String... extra) {
    List<String> a = new ArrayList<>(List.of("--agents", "" + AGENTS, "--items", "" + ITEMS, "--interactions",
        "" + EVENTS, "--k", "" + K, "--duration", "300ms", "--warmup", "100ms", "--prime", "200ms", "--start-rate", "200",
        "--max-rate", "400", "--precision", "0.5", "--p99", "2s", "--computed-p99", "2s", "--connections", "4",
        "--cached-users", "200", "--ingest-batch", "10", "--ingest-connections", "2"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private int execute(String... args) {
    out.getBuffer().setLength(0);
    CommandLine cli = Main.commandLine(ModelTrainer.REGISTRY);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 2];
    full[0] = "bench";
    full[1] = "scenario";
    System.arraycopy(args, 0, full, 2, args.length);
    return cli.execute(full);
  }
}
