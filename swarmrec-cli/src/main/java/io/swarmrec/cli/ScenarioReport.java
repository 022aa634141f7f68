package io.swarmrec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swarmrec.eval.synthetic.SyntheticScenario;
import io.swarmrec.load.LoadReport;
import io.swarmrec.load.MaxRateSearch;
import io.swarmrec.load.ServerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of {@code bench scenario} as they are measured, printed as one table in the spirit of the
 * origin document's (P50, P99, max sustainable QPS, memory, CPU, cache hit rate, degraded share, batch time,
 * ingest rate) next to the targets, or as one JSON object. Figures not measured (a skipped step)
 * are absent from the JSON and shown as "-" in the table.
 */
final class ScenarioReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Object> http = new LinkedHashMap<>();
  private final Map<String, Search> searches = new LinkedHashMap<>();
  private String storeLabel = "";

  /** One max-rate search: its objective, its outcome and the CPU use of each of its steps, in order. */
  record Search(Duration p99Limit, int attempts, MaxRateSearch.Result result, List<Double> cpuPerStep) {
    /** CPU of the step at the maximum rate; NaN when no step passed. */
    double cpuAtMax() {
      for (int i = result.steps().size() - 1; i >= 0; i--) {
        MaxRateSearch.Step s = result.steps().get(i);
        if (s.passed() && s.rate() == result.maxRate()) {
          return cpuPerStep.get(i);
        }
      }
      return Double.NaN;
    }
  }

  void scenario(SyntheticScenario s, String store, String algos, int k) {
    storeLabel = store;
    root.put("scenario", map("agents", s.agents(), "items", s.items(), "interactions", s.interactions(),
        "seed", s.seed(), "communities", s.communities(), "store", store, "algos", algos, "k", k));
  }

  String storeLabel() {
    return storeLabel;
  }

  void machine(int cores, long maxHeapMb, String jvm, double loadAverage) {
    root.put("machine", map("cores", cores, "max_heap_mb", maxHeapMb, "jvm", jvm,
        "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"), "load_average_start",
        round(loadAverage, 2)));
  }

  void bulkIngest(long events, double seconds, double appendsDoneSeconds, double generatorWaitSeconds, long stored) {
    root.put("bulk_ingest", map("events", events, "seconds", round(seconds, 3), "events_per_second",
        Math.round(events / seconds), "appends_done_seconds", round(appendsDoneSeconds, 3),
        "append_events_per_second", Math.round(events / Math.max(appendsDoneSeconds, 1e-9)),
        "generator_wait_seconds", round(generatorWaitSeconds, 3), "store_count", stored));
  }

  void model(double serviceStartSeconds, double buildSeconds, int users, int items, long interactions) {
    root.put("model", map("service_start_seconds", round(serviceStartSeconds, 3), "build_seconds",
        round(buildSeconds, 3), "users", users, "items", items, "interactions", interactions));
  }

  void memory(String when, long rssMb, long heapAfterGcMb, long heapCommittedMb, long peakRssMb) {
    @SuppressWarnings("unchecked")
    Map<String, Object> mem = (Map<String, Object>) root.computeIfAbsent("memory", x -> new LinkedHashMap<>());
    Map<String, Object> m = map("rss_mb", rssMb, "heap_after_gc_mb", heapAfterGcMb, "heap_committed_mb",
        heapCommittedMb, "peak_rss_mb", peakRssMb);
    m.put("rss_anon_mb", ProcessStats.procStatus("RssAnon") >> 10); // heap, C heap, stacks
    m.put("rss_file_mb", ProcessStats.procStatus("RssFile") >> 10); // mapped files: jars, libraries, SQLite's -shm
    mem.put(when, m);
  }

  void bytesPer(long heapBytes, long interactions, int users) {
    @SuppressWarnings("unchecked")
    Map<String, Object> mem = (Map<String, Object>) root.computeIfAbsent("memory", x -> new LinkedHashMap<>());
    mem.put("heap_bytes_per_interaction", round((double) heapBytes / Math.max(1, interactions), 1));
    mem.put("heap_bytes_per_agent", round((double) heapBytes / Math.max(1, users), 1));
  }

  void batch(String algo, int agents, double seconds, long returned, long fullLists) {
    root.put("batch", map("algo", algo, "agents", agents, "seconds", round(seconds, 3), "agents_per_second",
        Math.round(agents / seconds), "items_returned", returned, "full_lists", fullLists));
  }

  void search(String name, Search s) {
    searches.put(name, s);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p99_objective_ms", s.p99Limit.toNanos() / 1e6);
    m.put("max_rate", s.result.maxRate());
    m.put("attempts_per_rate", s.attempts);
    m.put("generator_limited", s.result.generatorLimited());
    LoadReport best = s.result.best();
    if (best != null) {
      LoadReport.Latency l = best.overall().latency();
      m.put("p50_ms", l.p50());
      m.put("p90_ms", l.p90());
      m.put("p99_ms", l.p99());
      m.put("p999_ms", l.p999());
      m.put("max_ms", l.max());
      m.put("throughput", round(best.overall().throughput(), 1));
      putNumber(m, "cpu_percent", round(s.cpuAtMax(), 1));
      ServerMetrics sm = best.server();
      if (sm != null) {
        putNumber(m, "l1_hit_rate", round(sm.hitRate("l1"), 4));
        putNumber(m, "l2_hit_rate", round(sm.hitRate("l2"), 4));
        putNumber(m, "degraded_share", round(sm.degradedShare(), 4));
        m.put("shed", sm.shed());
      }
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    for (int i = 0; i < s.result.steps().size(); i++) {
      MaxRateSearch.Step st = s.result.steps().get(i);
      Map<String, Object> x = map("rate", st.rate(), "passed", st.passed(), "verdict", st.verdict());
      putNumber(x, "p50_ms", st.report().overall().latency().p50());
      putNumber(x, "p99_ms", st.report().overall().latency().p99());
      putNumber(x, "cpu_percent", round(s.cpuPerStep.get(i), 1));
      steps.add(x);
    }
    m.put("steps", steps);
    if (best != null) {
      m.put("report", raw(best.toJson()));
    }
    http.put(name, m);
    root.put("http", http);
    if (searches.containsKey("cached") && searches.containsKey("ceiling")) {
      double ceiling = searches.get("ceiling").result.maxRate();
      if (ceiling > 0) {
        http.put("cached_fraction_of_ceiling", round(searches.get("cached").result.maxRate() / ceiling, 3));
      }
    }
  }

  void httpIngest(double eventsPerSecond, int perRequest, int connections, double cpuPercent, LoadReport r) {
    Map<String, Object> m = map("events_per_second", Math.round(eventsPerSecond), "events_per_request", perRequest,
        "connections", connections, "requests", r.overall().requests(), "errors", r.overall().errorCount());
    putNumber(m, "p50_ms", r.overall().latency().p50());
    putNumber(m, "p99_ms", r.overall().latency().p99());
    putNumber(m, "cpu_percent", round(cpuPercent, 1));
    m.put("report", raw(r.toJson()));
    http.put("ingest", m);
    root.put("http", http);
  }

  void end(double wallSeconds, double loadAverage, long peakRssMb) {
    @SuppressWarnings("unchecked")
    Map<String, Object> machine = (Map<String, Object>) root.get("machine");
    machine.put("load_average_end", round(loadAverage, 2));
    root.put("peak_rss_mb", peakRssMb);
    root.put("wall_seconds", round(wallSeconds, 1));
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  // ---- table

  String toTable() {
    StringBuilder sb = new StringBuilder(2048);
    Map<String, Object> sc = section("scenario");
    Map<String, Object> mc = section("machine");
    sb.append(String.format(Locale.ROOT, "swarmrec bench scenario: %,d agents, %,d items, %,d interactions (seed %s),"
            + " store %s, algos %s, top-%s%n", sc.get("agents"), sc.get("items"), sc.get("interactions"),
        sc.get("seed"), sc.get("store"), sc.get("algos"), sc.get("k")));
    sb.append(String.format(Locale.ROOT, "machine: %s cores, %s, max heap %,d MB, %s; load average %s at start, %s at"
            + " end; wall time %s s%n%n", mc.get("cores"), mc.get("jvm"), (Long) mc.get("max_heap_mb"), mc.get("os"),
        mc.get("load_average_start"), mc.get("load_average_end"), root.get("wall_seconds")));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Figure", "Measured", "Target (1M agents, docs/ARCHITECTURE.md)"});
    searchRows(rows, "cached", "Cached recs over HTTP", ">= 50,000 req/s, P99 <= 10 ms");
    searchRows(rows, "computed", "Computed recs over HTTP (cache bypassed)", ">= 15,000 req/s, P99 <= 20 ms");
    searchRows(rows, "ceiling", "Bare Netty server, fixed body (ceiling)", "");
    Object fraction = http.get("cached_fraction_of_ceiling");
    rows.add(new String[] {"Cached as a share of the ceiling",
        fraction == null ? "-" : fmt("%.0f %%", 100 * ((Number) fraction).doubleValue()), ""});
    Map<String, Object> batch = section("batch");
    rows.add(new String[] {"Top-" + sc.get("k") + " for every agent, in process",
        batch.isEmpty() ? "-" : fmt("%.1f s (%,d agents/s)", batch.get("seconds"), batch.get("agents_per_second")),
        "<= 15 s"});
    Map<String, Object> model = section("model");
    rows.add(new String[] {"Model build (read store + train)", fmt("%.1f s", model.get("build_seconds")), ""});
    Map<String, Object> mem = section("memory");
    Map<String, Object> built = sub(mem, "after_build");
    rows.add(new String[] {"RSS after build (heap committed) / peak of the run",
        fmt("%,d MB (%,d MB) / %,d MB", built.get("rss_mb"), built.get("heap_committed_mb"), root.get("peak_rss_mb")),
        "<= 700 MB (item-kNN + pop + caches)"});
    rows.add(new String[] {"Heap after GC (data + models)", fmt("%,d MB, %.1f B per interaction, %.0f B per agent",
        built.get("heap_after_gc_mb"), mem.get("heap_bytes_per_interaction"), mem.get("heap_bytes_per_agent")), ""});
    Map<String, Object> bulk = section("bulk_ingest");
    rows.add(new String[] {"Durable ingest, bulk import (" + storeLabel.split(" ")[0] + ")",
        fmt("%,d events/s (%,d until the last append, then indexes)", bulk.get("events_per_second"),
            bulk.get("append_events_per_second")), ">= 100,000 events/s"});
    Map<String, Object> ingest = sub(http, "ingest");
    rows.add(new String[] {"Durable ingest, POST /v1/events",
        ingest.isEmpty() ? "-" : fmt("%,d events/s (%s per request, P99 %s ms)", ingest.get("events_per_second"),
            ingest.get("events_per_request"), ingest.get("p99_ms")), ">= 100,000 events/s"});
    table(sb, rows);
    sb.append(String.format(Locale.ROOT, "%nCPU is the whole process (service and load generator) as a share of all"
        + " cores; hit rate is L1's over the measured step; max rate is the highest with no errors and P99 within"
        + " the objective%s.%n", searches.isEmpty() ? "" : " (a failing rate was run up to "
        + searches.values().iterator().next().attempts + " times, the best attempt counting)"));
    for (Map.Entry<String, Search> e : searches.entrySet()) {
      if (e.getValue().result.generatorLimited()) {
        sb.append(String.format(Locale.ROOT, "Note: in the %s search the generator fell behind schedule just above"
            + " the maximum: that ceiling may be the generator's or the machine's.%n", e.getKey()));
      }
    }
    return sb.toString();
  }

  private void searchRows(List<String[]> rows, String name, String title, String target) {
    Search s = searches.get(name);
    if (s == null) {
      rows.add(new String[] {title, "-", target});
      return;
    }
    LoadReport best = s.result.best();
    String head = fmt("%,.0f req/s at P99 <= %d ms", s.result.maxRate(), s.p99Limit.toMillis());
    if (best == null) {
      rows.add(new String[] {title, head + " (no rate passed)", target});
      return;
    }
    LoadReport.Latency l = best.overall().latency();
    rows.add(new String[] {title, head, target});
    rows.add(new String[] {"  P50 / P99 / max at that rate", fmt("%.2f / %.2f / %.1f ms", l.p50(), l.p99(), l.max()),
        ""});
    StringBuilder more = new StringBuilder(fmt("%.0f %%", s.cpuAtMax()));
    ServerMetrics sm = best.server();
    if (sm != null) {
      more.append(fmt(", %.1f %%, %.2f %%", 100 * zeroIfNaN(sm.hitRate("l1")), 100 * zeroIfNaN(sm.degradedShare())));
    }
    rows.add(new String[] {sm != null ? "  CPU, L1 hit rate, degraded" : "  CPU", more.toString(),
        name.equals("cached") ? "CPU < 70 %, hit rate >= 78 %" : ""});
  }

  private static void table(StringBuilder sb, List<String[]> rows) {
    int[] w = new int[3];
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (int j = 0; j < rows.size(); j++) {
      String[] r = rows.get(j);
      sb.append(String.format(Locale.ROOT, "| %-" + w[0] + "s | %" + w[1] + "s | %-" + w[2] + "s |%n", r[0], r[1], r[2]));
      if (j == 0) {
        sb.append("|").append("-".repeat(w[0] + 2)).append("|").append("-".repeat(w[1] + 1)).append(":|")
            .append("-".repeat(w[2] + 2)).append("|\n");
      }
    }
  }

  // ---- helpers

  private Map<String, Object> section(String name) {
    return sub(root, name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sub(Map<String, Object> m, String name) {
    Object v = m.get(name);
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  private static String fmt(String format, Object... args) {
    for (Object a : args) {
      if (a == null) {
        return "-";
      }
    }
    return String.format(Locale.ROOT, format, args);
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static Object raw(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("load report is not valid JSON", e);
    }
  }

  private static void putNumber(Map<String, Object> m, String key, double v) {
    if (!Double.isNaN(v) && !Double.isInfinite(v)) {
      m.put(key, v);
    }
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Double.isNaN(v) || Double.isInfinite(v) ? v : Math.round(v * f) / f;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
