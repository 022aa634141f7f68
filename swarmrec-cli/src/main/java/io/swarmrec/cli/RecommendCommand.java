package io.swarmrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.SwarmrecServer;
import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.RecRequest;
import io.swarmrec.server.engine.RecResult;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec recommend}: "what should these agents see now", as one call without a running service. It reads
 * the store and builds the served models exactly as {@code serve} does (same settings), then answers every agent
 * through the engine's batch path (unknown agents get the popularity ranking, one failing agent does not affect the
 * others) and prints one JSON line per agent, in the order given. Same store, same settings: same answers.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = "Top-k for the given agents now, in process: builds the models from the store as `serve` does and"
        + " prints one JSON line per agent.")
final class RecommendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--users", split = ",", paramLabel = "ID", description = "agent ids, comma-separated")
  List<String> users = new ArrayList<>();

  @Option(names = "--users-file", paramLabel = "FILE", description = "a file of agent ids, one per line")
  Path usersFile;

  @Option(names = "--k", defaultValue = "10", description = "list length (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--algo", description = "algorithm, among the served `algos` (default: the `default-algo` setting)")
  String algo;

  @Option(names = "--data", description = "folder of the embedded store (default ./data)")
  Path data;

  @Option(names = "--store", description = "store URL (default: the SQLite store in --data)")
  String store;

  @Option(names = "--config", description = "properties file of settings (see README, Configuration)")
  Path config;

  @Option(names = "--set", description = "any setting as key=value (repeatable), e.g. --set algos=itemknn,pop,als")
  List<String> set = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    List<String> agents = agents();
    Map<String, String> flags = new LinkedHashMap<>(Map.of("warm-users", "0", "rebuild-interval-seconds", "0",
        "rebuild-after-events", "0"));
    flags.putAll(ServeCommand.settings(set));
    ServeCommand.putIf(flags, "data", data);
    ServeCommand.putIf(flags, "store", store);
    ServerConfig cfg = ServerConfig.load(config, System.getenv(), flags);
    String chosen = algo == null ? cfg.defaultAlgo() : algo;
    if (!cfg.algos().contains(chosen)) {
      throw new IllegalArgumentException("algorithm '" + chosen + "' is not served (algos " + cfg.algos()
          + "); add it with --set algos=...");
    }
    if (k < 1 || k > cfg.getInt("max-k")) {
      throw new IllegalArgumentException("--k must be in [1, " + cfg.getInt("max-k") + "], got " + k);
    }
    if (cfg.get("store").isEmpty() && !Files.isDirectory(cfg.dataDir())) {
      throw new IllegalArgumentException("no store in " + cfg.dataDir().toAbsolutePath() + "; give --data or --store");
    }
    InteractionStore st = Stores.open(cfg.storeUrl(), cfg.storeOptions());
    List<RecResult> answers;
    try (Engine engine = SwarmrecServer.startEngine(cfg, st)) {
      List<RecRequest> reqs = new ArrayList<>(agents.size());
      for (String u : agents) {
        reqs.add(new RecRequest(u, k, chosen, List.of(), null, null, null));
      }
      answers = engine.recommendBatch(reqs).join();
    }
    ObjectMapper json = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    for (RecResult r : answers) {
      List<Map<String, Object>> items = new ArrayList<>(r.items().length);
      for (int n = 0; n < r.items().length; n++) {
        items.add(Map.of("item", r.items()[n], "score", r.scores()[n]));
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("user", r.user());
      line.put("algo", r.algo());
      line.put("degraded", r.degraded());
      line.put("model_version", r.modelVersion());
      line.put("items", items);
      out.println(json.writeValueAsString(line));
    }
    out.flush();
    return 0;
  }

  private List<String> agents() throws IOException {
    List<String> all = new ArrayList<>(users);
    if (usersFile != null) {
      all.addAll(Files.readAllLines(usersFile));
    }
    List<String> agents = all.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (agents.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give the agents with --users or --users-file");
    }
    return agents;
  }
}
