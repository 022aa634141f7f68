package io.swarmrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.SimulationSteps;
import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.eval.synthetic.SyntheticScenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swarmrec bench model}: the in-process figures of one algorithm on the synthetic scenario --
 * generation, matrix build, training time, memory (heap and RSS, peak included), single-thread and
 * all-core recommendations per second, and the time to recommend top-k for every agent at once.
 * Throughput is measured over a fixed wall-time budget after a warm-up, with users drawn uniformly.
 */
@Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure one algorithm in process on the synthetic million-agent scenario.")
final class BenchModelCommand implements Callable<Integer> {
  @Mixin
  ScenarioSize size;

  @Option(names = "--algo", defaultValue = "itemknn")
  String algo;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "an algorithm parameter (repeatable)")
  List<String> set = new ArrayList<>();

  @Option(names = "--k", defaultValue = "10")
  int k;

  @Option(names = "--seconds", defaultValue = "5", description = "measurement time per throughput figure")
  double seconds;

  @Option(names = "--skip-batch", description = "skip recommending for every agent")
  boolean skipBatch;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Option(names = "--keep-snapshot", description = "keep every part of the snapshot after training (by default the"
      + " parts the model does not read when answering are released, as the server does: for binary item-kNN the"
      + " weights, times and item-major copy)")
  boolean keepSnapshot;

  @Option(names = "--steps", defaultValue = "0", description = "simulation steps to run after the batch (default 0)")
  int steps;

  @Option(names = "--changed-fraction", defaultValue = "0.01",
      description = "share of agents with a new event before each step (default ${DEFAULT-VALUE})")
  double changedFraction;

  @Override
  public Integer call() throws Exception {
    if (!Algorithms.names().contains(algo)) {
      throw new IllegalArgumentException("unknown algorithm '" + algo + "'; known: " + Algorithms.names());
    }
    if (k < 1 || seconds <= 0) {
      throw new IllegalArgumentException("--k and --seconds must be positive");
    }
    if (steps < 0 || !(changedFraction >= 0 && changedFraction <= 1)) {
      throw new IllegalArgumentException("--steps must be >= 0 and --changed-fraction in [0, 1]");
    }
    Params params = Params.parse(set);
    SyntheticScenario scenario = size.scenario();
    int threads = Runtime.getRuntime().availableProcessors();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("scenario", size.describe());
    r.put("algo", algo);
    r.put("hardware", Map.of("cores", threads, "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20,
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));

    long t0 = System.nanoTime();
    Interactions data = scenario.toInteractions(EventWeights.defaults(), threads);
    r.put("data_seconds", Timing.secondsSince(t0));
    r.put("distinct_interactions", data.numInteractions());
    r.put("matrix_bytes", data.matrixBytes());
    System.err.printf("bench: data ready (%,d interactions) in %.1f s%n", data.numInteractions(),
        Timing.secondsSince(t0));

    t0 = System.nanoTime();
    Recommender rec = Algorithms.train(algo, data, params);
    r.put("train_seconds", Timing.secondsSince(t0));
    r.put("params", params.resolved());
    System.err.printf("bench: %s trained in %.1f s%n", algo, Timing.secondsSince(t0));
    r.put("heap_used_mb_after_gc", ProcessStats.heapUsedAfterGc() >> 20);
    r.put("rss_mb", ProcessStats.settledRssMb());
    r.put("peak_rss_mb_build", ProcessStats.peakRssMb());
    if (!keepSnapshot) {
      r.put("released_mb", data.release(rec.servingNeeds()) >> 20);
      r.put("heap_used_mb_serving", ProcessStats.heapUsedAfterGc() >> 20);
      r.put("rss_mb_serving", ProcessStats.settledRssMb());
    }
    r.put("memory", MemoryReport.of(data, rec));

    int[] sample = new SplittableRandom(size.seed).ints(200_000, 0, data.numUsers()).toArray();
    measure(rec, sample, 1, seconds / 3); // warm-up
    double single = measure(rec, sample, 1, seconds);
    double all = measure(rec, sample, threads, seconds);
    r.put("recs_per_second_1_thread", Math.round(single));
    r.put("recs_per_second_all_cores", Math.round(all));
    r.put("threads", threads);
    System.err.printf("bench: %,.0f recs/s on 1 thread, %,.0f on %d%n", single, all, threads);

    if (!skipBatch) {
      int[] everyone = IntStream.range(0, data.numUsers()).toArray();
      double load0 = ProcessStats.loadAverage();
      long cpu0 = ProcessStats.cpuNanos();
      t0 = System.nanoTime();
      ScoredIds[] out = rec.recommendAll(everyone, k, RecOptions.DEFAULT);
      double batch = Timing.secondsSince(t0);
      long cpu1 = ProcessStats.cpuNanos();
      long returned = 0;
      for (ScoredIds s : out) {
        returned += s.size();
      }
      r.put("batch_all_agents_seconds", batch);
      // CPU time says what the batch cost when other jobs share the cores and stretch the wall time
      double batchCpu = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9;
      r.put("batch_all_agents_cpu_seconds", batchCpu);
      r.put("batch_load_average", List.of(Math.round(load0 * 100) / 100.0,
          Math.round(ProcessStats.loadAverage() * 100) / 100.0));
      r.put("batch_items_returned", returned);
      System.err.printf("bench: top-%d for all %,d agents in %.1f s (%.1f s of CPU, load average %.1f -> %.1f)%n", k,
          everyone.length, batch, batchCpu, load0, ProcessStats.loadAverage());
    }
    if (steps > 0) {
      r.put("simulation_steps", runSteps(rec, data));
    }
    r.put("peak_rss_mb", ProcessStats.procStatus("VmHWM") >> 10);
    r.put("rss_mb_end", ProcessStats.procStatus("VmRSS") >> 10);
    r.put("bytes_per_interaction_matrix", (double) data.matrixBytes() / Math.max(1, data.numInteractions()));
    if (json) {
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
    } else {
      r.forEach((key, v) -> System.out.printf("%-30s %s%n", key, v));
    }
    return 0;
  }

  /**
   * Simulation steps over every agent: a first step scores everyone, then before each further step a
   * {@code changedFraction} share of agents (drawn with the seed) gets one new event on a random item, which
   * reaches the model as real-time extra history; the step rescores those and serves the rest from the
   * previous one. Every answer is read back (a checksum), and 1,000 agents are checked against a fresh
   * {@code recommend} call with the same inputs.
   */
  private Map<String, Object> runSteps(Recommender rec, Interactions data) {
    int n = data.numUsers();
    int[] everyone = IntStream.range(0, n).toArray();
    SimulationSteps table = new SimulationSteps(n, k);
    Map<Integer, RecOptions> inputs = new ConcurrentHashMap<>();
    IntFunction<RecOptions> options = a -> inputs.getOrDefault(a, RecOptions.DEFAULT);
    SplittableRandom rnd = new SplittableRandom(size.seed ^ 0x5DEECE66DL);
    List<Map<String, Object>> perStep = new ArrayList<>();
    double sumRate = 0;
    for (int step = 0; step <= steps; step++) {
      int changed = 0;
      if (step > 0) {
        changed = (int) Math.round(changedFraction * n);
        for (int c = 0; c < changed; c++) {
          int agent = rnd.nextInt(n);
          int item = rnd.nextInt(data.numItems());
          inputs.compute(agent, (a, o) -> withEvent(o == null ? RecOptions.DEFAULT : o, item));
          table.changed(agent);
        }
      }
      SimulationSteps.Step s = table.step(rec, everyone, options);
      long checksum = 0;
      for (int a = 0; a < n; a++) {
        for (int q = 0, len = table.size(a); q < len; q++) {
          checksum = checksum * 31 + table.id(a, q);
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", step);
      m.put("agents_with_new_events", changed);
      m.put("recomputed", s.recomputed());
      m.put("seconds", Math.round(s.seconds() * 1e4) / 1e4);
      m.put("agents_per_second", Math.round(s.agentsPerSecond()));
      m.put("checksum", Long.toHexString(checksum));
      perStep.add(m);
      if (step > 0) {
        sumRate += s.agentsPerSecond();
      }
      System.err.printf("bench: step %d: %,d agents (%,d rescored) in %.3f s, %,.0f agents/s%n", step, s.agents(),
          s.recomputed(), s.seconds(), s.agentsPerSecond());
    }
    int mismatches = 0;
    SplittableRandom check = new SplittableRandom(size.seed + 1);
    for (int t = 0; t < 1000; t++) {
      int a = check.nextInt(n);
      if (!table.result(a).equals(rec.recommend(a, k, options.apply(a)))) {
        mismatches++;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("steps", steps);
    out.put("changed_fraction", changedFraction);
    out.put("mean_agents_per_second_after_first", steps == 0 ? 0 : Math.round(sumRate / steps));
    out.put("checked_against_fresh_scoring", 1000);
    out.put("mismatches", mismatches);
    out.put("table_mb", table.sizeInBytes() >> 20);
    out.put("per_step", perStep);
    return out;
  }

  private static RecOptions withEvent(RecOptions o, int item) {
    int[] items = Arrays.copyOf(o.extraItems(), o.extraItems().length + 1);
    float[] weights = Arrays.copyOf(o.extraWeights(), items.length);
    items[items.length - 1] = item;
    weights[items.length - 1] = 1f;
    return o.withExtraHistory(items, weights);
  }

  /** Recommendations per second with {@code threads} threads over {@code seconds} of wall time. */
  private double measure(Recommender rec, int[] sample, int threads, double seconds) throws InterruptedException {
    return Timing.perSecond(threads, seconds, i -> rec.recommend(sample[i % sample.length], k, RecOptions.DEFAULT));
  }
}
