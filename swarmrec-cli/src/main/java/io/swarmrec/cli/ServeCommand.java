package io.swarmrec.cli;

import io.swarmrec.eval.synthetic.SyntheticScenario;
import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.SwarmrecServer;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarmrec serve}: the HTTP service. */
@Command(name = "serve", description = "Run the recommendation service (HTTP API on /v1, metrics on /metrics).",
    mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (default 8080)")
  Integer port;

  @Option(names = "--host", description = "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
  String host;

  @Option(names = "--data", description = "folder of the embedded store (default ./data)")
  Path data;

  @Option(names = "--store", description = "store URL: sqlite:DIR (default, in --data), postgresql://host:port/db?user=..., memory:")
  String store;

  @Option(names = "--redis", description = "Redis URL for the shared L2 cache, e.g. redis://127.0.0.1:6379 (default: none, in-process cache only)")
  String redis;

  @Option(names = "--config", description = "properties file of settings (see README, Configuration)")
  Path config;

  @Option(names = "--demo", description = "when the store is empty, load a generated agent population first")
  boolean demo;

  @Option(names = "--set", description = "any setting as key=value (repeatable), e.g. --set deadline-ms=50")
  List<String> set = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = settings(set);
    putIf(flags, "port", port);
    putIf(flags, "host", host);
    putIf(flags, "data", data);
    putIf(flags, "store", store);
    putIf(flags, "redis", redis);
    if (demo) {
      flags.put("demo", "true");
    }
    ServerConfig cfg = ServerConfig.load(config, System.getenv(), flags);
    if (cfg.get("store").isEmpty()) {
      java.nio.file.Files.createDirectories(cfg.dataDir());
    }
    InteractionStore st = Stores.open(cfg.storeUrl(), cfg.storeOptions());
    if (cfg.demo() && st.count() == 0) {
      loadDemo(st, cfg.getInt("demo-agents"));
    }
    SwarmrecServer server = SwarmrecServer.start(cfg, st);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }, "swarmrec-shutdown"));
    String base = "http://localhost:" + server.port();
    System.err.println("swarmrec: ready on " + base + "  (Ctrl-C stops)");
    System.err.println("  try: curl '" + base + "/v1/users/" + (cfg.demo() ? SyntheticScenario.agentId(1) : "USER")
        + "/recommendations?k=5'");
    stop.await();
    return 0;
  }

  /** A small deterministic agent population, so the service has something to recommend from at once. */
  static void loadDemo(InteractionStore store, int agents) {
    int items = Math.max(50, agents / 5);
    long events = (long) agents * 20;
    System.err.printf("swarmrec: empty store; loading a demo population of %,d agents, %,d items, %,d events%n",
        agents, items, events);
    SyntheticScenario s = SyntheticScenario.builder().agents(agents).items(items).interactions(events).seed(42).build();
    QueuedEvents source = QueuedEvents.of(s, 1);
    source.start();
    store.importEvents(source.iterator(), 10_000, done -> { });
  }

  /** The {@code --set key=value} options as settings, in order. */
  static Map<String, String> settings(List<String> set) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String kv : set) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set expects key=value, got '" + kv + "'");
      }
      flags.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return flags;
  }

  static void putIf(Map<String, String> m, String k, Object v) {
    if (v != null) {
      m.put(k, v.toString());
    }
  }
}
