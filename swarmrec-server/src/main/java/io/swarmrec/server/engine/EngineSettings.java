package io.swarmrec.server.engine;

import io.swarmrec.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings the engine reads on its hot paths, parsed once from the {@link ServerConfig} so that no
 * request splits a list or parses a number.
 *
 * @param served every algorithm a request may name: the configured {@code algos} plus pop and trending,
 *     which every model has
 */
record EngineSettings(int maxK, long deadlineMs, int maxConcurrent, int workerThreads, List<String> served,
    Set<String> servedSet, String defaultAlgo, int warmUsers, long storeTimeoutMs, Feed.Settings feed,
    boolean recordImpressions) {

  static EngineSettings from(ServerConfig cfg) {
    List<String> served = new ArrayList<>(cfg.algos());
    for (String always : List.of(Model.POP, Model.TRENDING)) {
      if (!served.contains(always)) {
        served.add(always);
      }
    }
    return new EngineSettings(cfg.getInt("max-k"), cfg.getLong("deadline-ms"), cfg.getInt("max-concurrent"),
        cfg.workerThreads(), List.copyOf(served), Set.copyOf(served), cfg.defaultAlgo(), cfg.getInt("warm-users"),
        cfg.getLong("store-timeout-ms"), new Feed.Settings(
            FeedRules.Rotation.valueOf(cfg.get("rotation").toUpperCase(java.util.Locale.ROOT)),
            cfg.getInt("rotation-after"), cfg.getLong("rotation-window-seconds"),
            Float.parseFloat(cfg.get("rotation-demote"))), Boolean.parseBoolean(cfg.get("record-impressions")));
  }

  boolean serves(String algo) {
    return servedSet.contains(algo);
  }
}
