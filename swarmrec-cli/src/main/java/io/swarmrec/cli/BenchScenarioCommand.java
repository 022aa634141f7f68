package io.swarmrec.cli;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.eval.synthetic.SyntheticScenario;
import io.swarmrec.load.Endpoint;
import io.swarmrec.load.FixedResponseServer;
import io.swarmrec.load.LoadGenerator;
import io.swarmrec.load.LoadReport;
import io.swarmrec.load.LoadSpec;
import io.swarmrec.load.MaxRateSearch;
import io.swarmrec.load.Mix;
import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.SwarmrecServer;
import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.RecRequest;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec bench scenario}: the million-agent scenario of docs/ARCHITECTURE.md ("Targets"), end to end
 * in one JVM, with every figure of its targets table measured in the same run.
 *
 * <ol>
 *   <li>Generate the synthetic population ({@link SyntheticScenario}, as {@code swarmrec generate}) and
 *       bulk-import it into an empty store through the store's own import path (COPY on PostgreSQL,
 *       deferred indexes on an empty store): durable events per second.</li>
 *   <li>Start the service ({@link SwarmrecServer#start}) on that store: it reads the log and builds the
 *       models, exactly as {@code swarmrec serve} would. Resident memory and the heap after a full GC are
 *       taken now, with data, models and (empty) caches in place.</li>
 *   <li>Top-k for every agent in process, on every core ({@link Engine#recommendEveryone}).</li>
 *   <li>Over HTTP on loopback, with the open-loop load generator of swarmrec-load in this same process:
 *       the highest rate whose P99 stays within the objective, found by {@link MaxRateSearch}, for cached
 *       answers (a hot set of agents warmed into the cache first), for computed answers (every request
 *       carries a fresh {@code scene}, so the cache cannot answer), and for a bare Netty server returning a
 *       fixed body (the ceiling of this machine, client and HTTP stack); then durable ingest through
 *       {@code POST /v1/events} in a closed loop.</li>
 * </ol>
 *
 * The load generator shares the machine (and the JVM) with the service, as the targets specify; CPU
 * figures are therefore the whole process's. Every step can be bounded or skipped so that small scales
 * finish in a couple of minutes.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The million-agent scenario end to end in one JVM: generate, import, build, batch for every"
        + " agent, then max sustainable QPS over HTTP (cached, computed, bare-server ceiling) and ingest rates.",
        "Prints one table (or JSON with --json); progress goes to stderr."})
final class BenchScenarioCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ScenarioSize size;

  @Option(names = "--store", defaultValue = "sqlite", paramLabel = "STORE",
      description = "sqlite (a temporary directory, deleted afterwards), sqlite:DIR, memory, postgres"
          + " (postgresql://127.0.0.1:5432/test?user=postgres) or a postgresql:// URL; must be empty"
          + " (default ${DEFAULT-VALUE})")
  String store;

  @Option(names = "--algos", defaultValue = "itemknn",
      description = "served algorithms, the first answers requests and the batch (default ${DEFAULT-VALUE})")
  String algos;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a service setting (repeatable), e.g. param.itemknn.neighbors=50")
  List<String> set = new ArrayList<>();

  @Option(names = "--k", defaultValue = "10", description = "list length (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "measured time of each load step, e.g. 500ms, 3s, 1m (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
      description = "unrecorded lead-in of each load step (default ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--prime", defaultValue = "2s", converter = DurationConverter.class,
      description = "unrecorded closed-loop run before each search, to compile the hot paths (default ${DEFAULT-VALUE})")
  Duration prime;

  @Option(names = "--p99", defaultValue = "10ms", converter = DurationConverter.class,
      description = "latency objective of the cached and ceiling searches (default ${DEFAULT-VALUE})")
  Duration p99;

  @Option(names = "--computed-p99", defaultValue = "20ms", converter = DurationConverter.class,
      description = "latency objective of the computed search (default ${DEFAULT-VALUE})")
  Duration computedP99;

  @Option(names = "--start-rate", defaultValue = "1000", description = "first rate of each search (default ${DEFAULT-VALUE})")
  double startRate;

  @Option(names = "--max-rate", defaultValue = "1000000", description = "highest rate tried (default ${DEFAULT-VALUE})")
  double maxRate;

  @Option(names = "--precision", defaultValue = "0.1",
      description = "a search stops when its bracket is this narrow, relatively (default ${DEFAULT-VALUE})")
  double precision;

  @Option(names = "--attempts", defaultValue = "2",
      description = "runs of a failing rate before it counts as failed; >1 tolerates stalls caused by other"
          + " jobs on a shared machine (default ${DEFAULT-VALUE})")
  int attempts;

  @Option(names = "--repeat", defaultValue = "3",
      description = "runs of the HTTP searches; the report gives each search's median and spread (default ${DEFAULT-VALUE})")
  int repeat;

  @Option(names = "--no-confirm", description = "report a search's maximum without running it a second time")
  boolean noConfirm;

  @Option(names = "--connections", defaultValue = "64", description = "load generator connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--load-threads", defaultValue = "1", description = "load generator event loops (default ${DEFAULT-VALUE})")
  int loadThreads;

  @Option(names = "--cached-users", defaultValue = "10000",
      description = "hot agents warmed into the cache and asked for in the cached search (default ${DEFAULT-VALUE})")
  int cachedUsers;

  @Option(names = "--ingest-batch", defaultValue = "100", description = "events per POST /v1/events (default ${DEFAULT-VALUE})")
  int ingestBatch;

  @Option(names = "--ingest-connections", defaultValue = "8",
      description = "closed-loop connections of the HTTP ingest step (default ${DEFAULT-VALUE})")
  int ingestConnections;

  @Option(names = "--skip-batch", description = "skip top-k for every agent in process")
  boolean skipBatch;

  @Option(names = "--skip-http", description = "skip everything over HTTP (searches, ceiling, HTTP ingest)")
  boolean skipHttp;

  @Option(names = "--skip-ceiling", description = "skip the bare-server ceiling")
  boolean skipCeiling;

  @Option(names = "--skip-cached", description = "skip the cached-answers search (and the cache warm-up)")
  boolean skipCached;

  @Option(names = "--skip-computed", description = "skip the computed-answers search")
  boolean skipComputed;

  @Option(names = "--skip-http-ingest", description = "skip ingest through POST /v1/events")
  boolean skipHttpIngest;

  @Option(names = "--json", description = "print one JSON object instead of the table")
  boolean json;

  private PrintWriter err;

  @Override
  public Integer call() throws Exception {
    err = spec.commandLine().getErr();
    SyntheticScenario scenario;
    StoreChoice where;
    MaxRateSearch cachedSearch;
    MaxRateSearch computedSearch;
    try {
      validate();
      scenario = size.scenario();
      where = StoreChoice.parse(store);
      cachedSearch = new MaxRateSearch(p99, startRate, maxRate, precision, attempts, !noConfirm);
      computedSearch = new MaxRateSearch(computedP99, startRate, maxRate, precision, attempts, !noConfirm);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    ScenarioReport report = new ScenarioReport();
    report.scenario(scenario, where.label, algos, k);
    report.machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), ProcessStats.loadAverage(),
        ProcessStats.cpuModel());
    long wall0 = System.nanoTime();
    try {
      run(scenario, where, cachedSearch, computedSearch, report);
    } finally {
      where.cleanUp();
    }
    report.end(Timing.secondsSince(wall0), ProcessStats.loadAverage(), ProcessStats.peakRssMb());
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.toJson() + "\n" : report.toTable());
    out.flush();
    return 0;
  }

  private void validate() {
    require(k >= 1 && k <= 1000, "--k must be between 1 and 1000");
    require(duration.isPositive() && prime.isPositive() && !warmup.isNegative(),
        "--duration and --prime must be positive, --warmup >= 0");
    require(cachedUsers >= 1, "--cached-users must be >= 1");
    require(repeat >= 1 && repeat <= 20, "--repeat must be between 1 and 20");
    require(ingestBatch >= 1 && ingestConnections >= 1, "--ingest-batch and --ingest-connections must be >= 1");
    require(connections >= 1 && loadThreads >= 1, "--connections and --load-threads must be >= 1");
    require(!algos.isBlank(), "--algos must name at least one algorithm");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private void run(SyntheticScenario scenario, StoreChoice where, MaxRateSearch cachedSearch,
      MaxRateSearch computedSearch, ScenarioReport report) throws Exception {
    InteractionStore st = Stores.open(where.url);
    SwarmrecServer server = null;
    try {
      long already = st.count();
      if (already > 0) {
        throw new IllegalArgumentException("the store " + where.label + " already holds " + already
            + " events; the scenario needs an empty store");
      }
      importScenario(scenario, st, report);

      ServerConfig cfg = serverConfig();
      progress("starting the service: reading the store and building %s", cfg.algos());
      long t0 = System.nanoTime();
      server = SwarmrecServer.start(cfg, st);
      Engine.ModelInfo info = server.engine().modelInfo();
      report.model(Timing.secondsSince(t0), info.buildSeconds(), info.users(), info.items(), info.interactions());
      long heap = ProcessStats.heapUsedAfterGc();
      long rss = ProcessStats.settledRssMb();
      report.memory("after_build", rss, heap >> 20, ProcessStats.heapCommittedMb(), ProcessStats.peakRssMb());
      report.bytesPer(heap, info.interactions(), info.users());
      progress("model ready in %.1f s: %,d users, %,d items, %,d interactions; heap %,d MB after GC, RSS %,d MB",
          info.buildSeconds(), info.users(), info.items(), info.interactions(), heap >> 20, rss);

      String algo = cfg.defaultAlgo();
      if (!skipBatch) {
        batch(server.engine(), algo, report);
      }
      if (!skipHttp) {
        http(server, cfg, cachedSearch, computedSearch, report);
      }
      long heapAtEnd = ProcessStats.heapUsedAfterGc();
      report.memory("at_end", ProcessStats.settledRssMb(), heapAtEnd >> 20, ProcessStats.heapCommittedMb(),
          ProcessStats.peakRssMb());
    } finally {
      if (server != null) {
        server.close(); // closes the store too
      } else {
        st.close();
      }
    }
  }

  private ServerConfig serverConfig() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("host", "127.0.0.1");
    flags.put("port", "0");
    flags.put("algos", algos);
    flags.put("default-algo", algos.split(",")[0].trim());
    byte[] token = new byte[16];
    new SecureRandom().nextBytes(token);
    flags.put("admin-token", HexFormat.of().formatHex(token));
    // one model for the whole run: no scheduled or event-count rebuilds, no warming of its own
    flags.put("rebuild-interval-seconds", "0");
    flags.put("rebuild-after-events", "0");
    flags.put("warm-users", "0");
    flags.put("max-k", Integer.toString(Math.max(200, k)));
    for (String kv : set) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set expects key=value, got '" + kv + "'");
      }
      flags.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return ServerConfig.load(null, Map.of(), flags);
  }

  // ---- 1. generate and import

  private void importScenario(SyntheticScenario scenario, InteractionStore st, ScenarioReport report) {
    progress("generating %,d events and importing them into %s", scenario.interactions(), report.storeLabel());
    QueuedEvents source = QueuedEvents.of(scenario, 1);
    source.start();
    long t0 = System.nanoTime();
    AtomicLong shown = new AtomicLong(System.nanoTime());
    AtomicLong lastChunk = new AtomicLong(t0);
    long n = st.importEvents(source.iterator(), 50_000, done -> {
      lastChunk.set(System.nanoTime());
      if (System.nanoTime() - shown.get() > 5_000_000_000L) {
        shown.set(System.nanoTime());
        progress("import: %,d events, %,.0f events/s", done, done / Timing.secondsSince(t0));
      }
    });
    double seconds = Timing.secondsSince(t0);
    // after the last chunk is committed, a bulk import into an empty store still builds its deferred indexes
    double finishing = Timing.secondsSince(lastChunk.get());
    report.bulkIngest(n, seconds, seconds - finishing, source.waitedSeconds(), st.count());
    progress("imported %,d events in %.1f s: %,.0f events/s (appends done after %.1f s, then %.1f s to finish;"
        + " the importer waited %.1f s for the generator)", n, seconds, n / seconds, seconds - finishing, finishing,
        source.waitedSeconds());
  }

  // ---- 2. batch in process

  private void batch(Engine engine, String algo, ScenarioReport report) {
    progress("top-%d for every agent in process (%s)", k, algo);
    long t0 = System.nanoTime();
    Engine.Everyone all = engine.recommendEveryone(algo, k);
    double seconds = Timing.secondsSince(t0);
    long returned = 0;
    long full = 0;
    for (ScoredIds s : all.lists()) {
      returned += s.size();
      full += s.size() == k ? 1 : 0;
    }
    report.batch(algo, all.lists().length, seconds, returned, full);
    progress("batch: %,d agents in %.1f s (%,.0f agents/s)", all.lists().length, seconds,
        all.lists().length / seconds);
  }

  // ---- 3. over HTTP

  private void http(SwarmrecServer server, ServerConfig cfg, MaxRateSearch cachedSearch,
      MaxRateSearch computedSearch, ScenarioReport report) throws InterruptedException {
    String url = "http://127.0.0.1:" + server.port();
    int hot = Math.min(cachedUsers, size.agents);
    for (int run = 1; run <= repeat; run++) {
      if (repeat > 1) {
        progress("HTTP searches, run %d of %d", run, repeat);
      }
      if (!skipCached) {
        warm(server.engine(), cfg.defaultAlgo(), hot); // again each run: the computed search evicts hot answers
      }
      // The ceiling and the cached search run first, taking turns step by step (MaxRateSearch.interleaved):
      // both see the same outside load and the same JVM state, before the computed search fills the heap and
      // L1 with one-shot answers. Same generator settings, same users, same server I/O thread count.
      FixedResponseServer fixed = skipCeiling ? null : FixedResponseServer.start("127.0.0.1", 0, cfg.ioThreads(),
          FixedResponseServer.recommendationLikeBody(k));
      try {
        List<Searching> pair = new ArrayList<>();
        if (fixed != null) {
          pair.add(new Searching("ceiling", cachedSearch, base("http://127.0.0.1:" + fixed.port()).users(hot)));
        }
        if (!skipCached) {
          pair.add(new Searching("cached", cachedSearch, base(url).users(hot)));
        }
        for (Map.Entry<String, ScenarioReport.Search> e : search(pair).entrySet()) {
          report.search(e.getKey(), e.getValue());
        }
      } finally {
        if (fixed != null) {
          fixed.close();
        }
      }
      if (!skipComputed) {
        Searching computed = new Searching("computed", computedSearch, base(url).users(size.agents).missCache(true));
        report.search("computed", search(List.of(computed)).get("computed"));
      }
    }
    if (!skipHttpIngest) {
      LoadSpec ingest = LoadSpec.builder(url).closedLoop(true).duration(duration).warmup(warmup)
          .connections(ingestConnections).threads(loadThreads).users(size.agents).items(size.items).seed(size.seed + 1)
          .mix(Mix.parse("events=1")).eventsPerRequest(ingestBatch).timeout(Duration.ofSeconds(10)).build();
      progress("ingest over HTTP: closed loop, %d connections, %d events per request", ingestConnections, ingestBatch);
      ProcessStats.CpuMeter cpu = new ProcessStats.CpuMeter();
      LoadReport r = LoadGenerator.run(ingest);
      double cpuPct = cpu.mark();
      LoadReport.EndpointStats e = r.endpoints().get(Endpoint.EVENTS);
      long ok = e == null ? 0 : e.successes();
      double seconds = duration.toNanos() / 1e9;
      report.httpIngest(ok * ingestBatch / seconds, ingestBatch, ingestConnections, cpuPct, r);
      progress("ingest over HTTP: %,.0f events/s (%,d requests of %d, %d errors)", ok * ingestBatch / seconds,
          ok, ingestBatch, r.overall().errorCount());
    }
  }

  /**
   * Computes and caches the hot agents' answers in process, a bounded number at a time (through the
   * engine's own path, so the keys are those an HTTP request without context uses).
   */
  private void warm(Engine engine, String algo, int hot) throws InterruptedException {
    progress("warming the cache with %,d hot agents", hot);
    Semaphore inFlight = new Semaphore(64);
    for (int u = 0; u < hot; u++) {
      inFlight.acquire();
      engine.recommend(new RecRequest(SyntheticScenario.agentId(u), k, algo, List.of(), null, null, null))
          .whenComplete((r, t) -> inFlight.release());
    }
    inFlight.acquire(64);
  }

  private LoadSpec.Builder base(String url) {
    return LoadSpec.builder(url).connections(connections).threads(loadThreads).k(k).items(size.items).seed(size.seed)
        .timeout(Duration.ofSeconds(5));
  }

  /** One search of the HTTP step: its name in the report, its objective and its base spec. */
  private record Searching(String name, MaxRateSearch search, LoadSpec.Builder base) {}

  /**
   * Runs the searches taking turns one attempt each ({@link MaxRateSearch#interleaved}). Before them, a full
   * collection (every search starts from the same heap) and, for each, an unrecorded closed-loop priming run
   * (so that the JIT has compiled the client, the HTTP stack and the server before the first measured step).
   * CPU % is measured around each attempt alone.
   */
  private Map<String, ScenarioReport.Search> search(List<Searching> searches) throws InterruptedException {
    Map<String, ScenarioReport.Search> out = new LinkedHashMap<>();
    if (searches.isEmpty()) {
      return out;
    }
    System.gc();
    for (Searching s : searches) {
      progress("%s: priming for %.1f s, closed loop", s.name, prime.toNanos() / 1e9);
      LoadGenerator.run(s.base.closedLoop(true).duration(prime).warmup(Duration.ZERO).build());
    }
    List<MaxRateSearch.Task> tasks = new ArrayList<>();
    List<List<Double>> cpus = new ArrayList<>();
    double[] lastCpu = {Double.NaN};
    for (Searching s : searches) {
      LoadSpec spec = s.base.closedLoop(false).duration(duration).warmup(warmup).build();
      progress("%s: searching the highest rate with P99 <= %d ms (%.1f s per step, up to %d attempts per rate%s)",
          s.name, s.search.p99Limit().toMillis(), spec.warmup().plus(spec.duration()).toNanos() / 1e9,
          s.search.attempts(), searches.size() > 1 ? ", taking turns with " + others(searches, s) : "");
      List<Double> cpu = new ArrayList<>();
      cpus.add(cpu);
      tasks.add(new MaxRateSearch.Task(s.search, spec, step -> {
        cpu.add(lastCpu[0]);
        progress("  %s %,.0f req/s: p50 %.3f ms, p99 %.3f ms, CPU %.0f%% -> %s", s.name, step.rate(),
            step.report().overall().latency().p50(), step.report().overall().latency().p99(), lastCpu[0],
            step.verdict());
      }));
    }
    ProcessStats.CpuMeter meter = new ProcessStats.CpuMeter();
    List<MaxRateSearch.Result> results = MaxRateSearch.interleaved(tasks, spec -> {
      meter.mark();
      LoadReport r = LoadGenerator.run(spec);
      lastCpu[0] = meter.mark();
      return r;
    });
    for (int i = 0; i < searches.size(); i++) {
      Searching s = searches.get(i);
      out.put(s.name, new ScenarioReport.Search(s.search.p99Limit(), s.search.attempts(), results.get(i), cpus.get(i)));
    }
    return out;
  }

  private static String others(List<Searching> all, Searching me) {
    return String.join(", ", all.stream().filter(s -> s != me).map(Searching::name).toList());
  }

  private void progress(String format, Object... args) {
    err.println("scenario: " + String.format(Locale.ROOT, format, args));
    err.flush();
  }

  /** Where the scenario is imported: a store URL, its label, and a temporary directory to remove after. */
  static final class StoreChoice {
    static final String LOCAL_POSTGRES = "postgresql://127.0.0.1:5432/test?user=postgres";

    final String url;
    final String label;
    private final Path temp;

    private StoreChoice(String url, String label, Path temp) {
      this.url = url;
      this.label = label;
      this.temp = temp;
    }

    static StoreChoice parse(String s) {
      String v = s.trim();
      try {
        return switch (v.toLowerCase(Locale.ROOT)) {
          case "sqlite" -> {
            Path dir = Files.createTempDirectory("swarmrec-scenario-");
            yield new StoreChoice("sqlite:" + dir, "sqlite (temporary, " + dir + ")", dir);
          }
          case "memory", "memory:" -> new StoreChoice("memory:", "memory", null);
          case "postgres", "postgresql" -> new StoreChoice(LOCAL_POSTGRES, "postgres (" + LOCAL_POSTGRES + ")", null);
          default -> {
            if (v.startsWith("sqlite:") || v.startsWith("postgresql://") || v.startsWith("postgres://")
                || v.startsWith("jdbc:")) {
              yield new StoreChoice(v, v.replaceAll("password=[^&]*", "password=***"), null);
            }
            throw new IllegalArgumentException("--store must be sqlite, sqlite:DIR, memory, postgres or a"
                + " postgresql:// URL, got '" + s + "'");
          }
        };
      } catch (IOException e) {
        throw new IllegalStateException("cannot create a temporary directory for the SQLite store: " + e.getMessage(), e);
      }
    }

    /** Removes the temporary store directory, if this choice made one. */
    void cleanUp() throws IOException {
      if (temp == null || !Files.exists(temp)) {
        return;
      }
      try (var files = Files.walk(temp)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Durations as the load generator writes them: 500ms, 3s, 1.5s, 2m. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.trim());
      if (!m.matches()) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration like 500ms, 3s or 2m");
      }
      double n = Double.parseDouble(m.group(1));
      double nanos = n * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        default -> 60e9;
      };
      return Duration.ofNanos(Math.round(nanos));
    }
  }
}
