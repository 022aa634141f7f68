package io.swarmrec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameter values {@code swarmrec tune} tries per algorithm: a few values per key, most
 * influential key first, around the defaults and the ranges the literature reports for each model.
 * Coordinate search walks them one key at a time, so the cost is the sum, not the product, of the list
 * lengths. Algorithms without an entry are tuned only through the blend (their defaults).
 */
final class SearchSpace {
  private static final Map<String, Map<String, List<String>>> BUILT_IN = Map.of(
      "gfcf", grid("alpha", "0.1,0.2,0.3,0.5,0.8", "factors", "128,256,384"),
      "bspm", grid("sharpen", "0.5,1,1.5,2.5,4", "alpha", "0.1,0.2,0.3", "factors", "256,448"),
      "userknn", grid("neighbors", "20,30,50,100,200", "min_common", "1,2,3"),
      "itemknn", grid("neighbors", "25,50,100,200", "shrink", "0,10,50"),
      "als", grid("factors", "32,64,128,256", "reg", "0.01,0.1,1", "alpha", "1,5,10,20"),
      "svd", grid("factors", "32,64,128,256,512"),
      "ease", grid("lambda", "10,50,200,500,1000"),
      "rp3b", grid("beta", "0.2,0.35,0.5,0.65", "alpha", "0.5,0.75,1,1.25", "neighbors", "50,100,200,500"),
      "chebycf", grid("flatness", "1,1.5,2,3", "beta", "0.2,0.3,0.4,0.5", "alpha", "0.1,0.2,0.3", "order", "6,8,12"),
      "trending", grid("half_life_hours", "6,24,72,168"));

  /** Fusion weights tried for each component but the strongest, whose weight stays 1. */
  static final List<Float> BLEND_WEIGHTS = List.of(0f, 0.25f, 0.5f, 1f, 2f);

  /** Constants of reciprocal rank fusion tried once the weights are set. */
  static final List<Float> RRF_CONSTANTS = List.of(10f, 30f, 60f, 120f);

  private SearchSpace() {}

  /**
   * The values to try for {@code algo}: the built-in grid, with {@code overrides} ({@code algo.key} to
   * comma-separated values) replacing or adding keys.
   */
  static Map<String, List<String>> of(String algo, Map<String, String> overrides) {
    Map<String, List<String>> space = new LinkedHashMap<>(BUILT_IN.getOrDefault(algo, Map.of()));
    String prefix = algo + ".";
    overrides.forEach((key, values) -> {
      if (key.startsWith(prefix)) {
        space.put(key.substring(prefix.length()), values(values));
      }
    });
    return space;
  }

  private static Map<String, List<String>> grid(String... keyValues) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], values(keyValues[i + 1]));
    }
    return m;
  }

  private static List<String> values(String commaSeparated) {
    return List.of(commaSeparated.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
