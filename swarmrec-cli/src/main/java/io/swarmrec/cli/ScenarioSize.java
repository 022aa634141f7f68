package io.swarmrec.cli;

import io.swarmrec.eval.synthetic.SyntheticScenario;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The size and seed of the synthetic scenario, shared by the bench commands (defaults: the full scale). */
final class ScenarioSize {
  @Option(names = "--agents", defaultValue = "1000000", description = "agents (default ${DEFAULT-VALUE})")
  int agents;

  @Option(names = "--items", defaultValue = "200000", description = "items (default ${DEFAULT-VALUE})")
  int items;

  @Option(names = "--interactions", defaultValue = "50000000", description = "events (default ${DEFAULT-VALUE})")
  long interactions;

  @Option(names = "--seed", defaultValue = "42", description = "(default ${DEFAULT-VALUE})")
  long seed;

  SyntheticScenario scenario() {
    return SyntheticScenario.builder().agents(agents).items(items).interactions(interactions).seed(seed).build();
  }

  /** The report's {@code scenario} object. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agents", agents);
    m.put("items", items);
    m.put("interactions", interactions);
    m.put("seed", seed);
    return m;
  }
}
