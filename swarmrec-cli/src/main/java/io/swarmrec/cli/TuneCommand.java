package io.swarmrec.cli;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.hybrid.Blend;
import io.swarmrec.algo.hybrid.Fusion;
import io.swarmrec.eval.EvalResult;
import io.swarmrec.eval.Evaluator;
import io.swarmrec.eval.PoolTasks;
import io.swarmrec.eval.Progress;
import io.swarmrec.eval.split.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec tune}: chooses an algorithm, its hyper-parameters and, optionally, a blend of several,
 * on a validation split carved from the <em>training</em> data only, then trains the choice on the whole
 * training data and measures it on the test data once.
 *
 * <p>The search, in three phases, each trial a training on the validation split's training part and a
 * full-ranking evaluation on its held-out part:
 *
 * <ol>
 *   <li>every algorithm of {@code --algos} with its defaults (plus {@code --set}); {@code --algos auto}
 *       (the default) takes every family that fits the data ({@link #families}): item-kNN, user-kNN, iALS,
 *       GF-CF, RP3beta, ChebyCF, and EASE while the catalogue has at most {@link #EASE_AUTO_ITEMS} items;
 *   <li>successive halving over the algorithms: the search trials ({@code --max-trials} less the
 *       defaults, within {@code --budget}, wall-clock for all phases) go in rounds; each round gives every
 *       algorithm still in the race an equal share of the round's trials, spent on its coordinate search
 *       ({@link SearchSpace}: one key at a time, each value of its grid, a value kept when it improves the
 *       selection metric, resumed where the last round stopped), then the weaker half (by validation
 *       score so far) leaves the race. Families that are far behind after their defaults and first
 *       steps thus stop costing trials, and the strong ones get a deeper search than an even split allows;
 *   <li>the blend ({@link Blend}) of every algorithm's best model, reusing the lists each trial ranked:
 *       each fusion is tried with coordinate search over the weights ({@link SearchSpace#BLEND_WEIGHTS}),
 *       the strongest component anchored at weight 1, and for reciprocal rank fusion over its constant.
 * </ol>
 *
 * <p>Selection never sees the test data: the test part of the split is read (so that the final figure
 * is the same as {@code eval}'s) but used by one evaluation only, of the chosen configuration, after the
 * search. The output follows {@code eval}'s JSON contract ({@link EvalReport}) for that test figure and
 * adds {@code tuning} (every trial's validation figures) and {@code settings} (the chosen parameters as
 * server configuration lines, {@code param.ALGO.KEY=VALUE}). {@code --save FILE} writes those lines as a
 * properties file that {@code swarmrec serve --config FILE} serves.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Choose algorithm, hyper-parameters and blend weights on a validation split carved from the",
        "training data, then train the choice on all training data and report its test figures once."})
final class TuneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DatasetOptions dataset;

  @Mixin RerankOptions rerank;

  @Option(names = "--algos", split = ",", defaultValue = AUTO, paramLabel = "NAME", splitSynopsisLabel = ",",
      description = {"Algorithms to tune and blend (default: ${DEFAULT-VALUE}: every family that fits the",
          "data: itemknn, userknn, als, gfcf, rp3b, chebycf, and ease up to 20,000 items)."})
  List<String> algos;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Write the chosen configuration as a properties file for 'serve --config FILE'.")
  java.nio.file.Path save;

  @Option(names = "--set", paramLabel = "ALGO.KEY=VALUE",
      description = "A fixed parameter of one algorithm, not searched (repeatable), e.g. gfcf.factors=256.")
  Map<String, String> fixed = new LinkedHashMap<>();

  @Option(names = "--space", paramLabel = "ALGO.KEY=V1,V2",
      description = "Values to search for one parameter, replacing the built-in grid (repeatable).")
  Map<String, String> space = new LinkedHashMap<>();

  @Option(names = "--metric", defaultValue = "ndcg@20", paramLabel = "METRIC",
      description = "Validation metric to maximise, recall@K or ndcg@K (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(names = "--max-trials", defaultValue = "30", paramLabel = "N",
      description = "Trainings in the per-algorithm search, defaults included (default: ${DEFAULT-VALUE}).")
  int maxTrials;

  @Option(names = "--budget", paramLabel = "SECONDS",
      description = "Start no search trial after this many seconds (default: no limit).")
  Double budgetSeconds;

  @Option(names = "--passes", defaultValue = "1", paramLabel = "N",
      description = "Coordinate-search passes over each algorithm's keys (default: ${DEFAULT-VALUE}).")
  int passes;

  @Option(names = "--no-blend", description = "Tune single algorithms only, without searching a blend of them.")
  boolean noBlend;

  @Option(names = "--candidates", defaultValue = "100", paramLabel = "N",
      description = "Candidate list depth of the blend's components (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--k", split = ",", defaultValue = "10,20", paramLabel = "K", splitSynopsisLabel = ",",
      description = "Cut-offs reported (default: ${DEFAULT-VALUE}).")
  int[] ks;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for training and ranking (default: all cores).")
  Integer threads;

  static final String AUTO = "auto";
  /** Largest catalogue for which {@code --algos auto} includes EASE (its dense inverse costs items^3). */
  static final int EASE_AUTO_ITEMS = 20_000;

  private final ModelTrainer trainer;
  private ItemVectors vectors; // set by call() before any training

  TuneCommand(ModelTrainer trainer) {
    this.trainer = trainer;
  }

  /** One training and validation evaluation. */
  record Trial(String algo, Map<String, String> params, Map<String, Double> validation, double trainSeconds,
      double evalSeconds) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("algo", algo);
      m.put("params", params);
      m.put("validation", validation);
      m.put("train_seconds", round(trainSeconds));
      m.put("eval_seconds", round(evalSeconds));
      return m;
    }
  }

  /** The best configuration of one algorithm so far and its model (trained on the validation split). */
  private record Best(String algo, Map<String, String> params, double score, Recommender model) {}

  @Override
  public Integer call() throws IOException {
    validate();
    long start = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    Split data = dataset.load(err);
    if (algos.equals(List.of(AUTO))) {
      algos = families(data.train().numItems(), trainer.names());
      err.println("tune: --algos auto: " + String.join(",", algos) + " (" + data.train().numItems() + " items)");
    }
    validateAlgos();
    Split validation = dataset.validation(data); // carved from data.train() only
    vectors = dataset.itemVectors(data.train()); // validation keeps the same item dictionary
    rerank.load(data.train(), err);
    ForkJoinPool pool = new ForkJoinPool(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    try {
      Search search = new Search(validation, pool, err, start);
      Best chosen = choose(search); // the validation models stay behind, unreachable
      err.println("tune: chose " + chosen.algo() + " " + chosen.params() + " (validation " + metric + " "
          + format(chosen.score()) + "); training on all training data, testing once");
      err.flush();
      Params params = new Params(chosen.params());
      String algo = chosen.algo();
      long t0 = System.nanoTime();
      Recommender model = PoolTasks.call(pool, () -> trainer.train(algo, data.train(), params, vectors));
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      EvalResult test = rerank.apply(Evaluator.at(ks).withPool(pool), data.train())
          .withProgress(Progress.to(err, "testing", "users")).evaluate(model, data.test());
      EvalReport report = new EvalReport(algo, params.resolved(), test, trainSeconds, dataset.describe(data, false),
          rerank.describe());
      Map<String, Object> tuning = tuning(search, validation, chosen, start);
      List<String> settings = settings(algo, chosen.params());
      if (save != null) {
        java.nio.file.Files.writeString(save, "# swarmrec tune: validation " + metric + " " + format(chosen.score())
            + "; serve with: swarmrec serve --config " + save.getFileName() + System.lineSeparator()
            + String.join(System.lineSeparator(), settings) + System.lineSeparator());
        err.println("tune: wrote " + save);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? json(report, tuning, settings) : table(report, search.trials, settings));
      out.flush();
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  /** The algorithms {@code --algos auto} tunes for a catalogue of {@code items} items, among those known. */
  static List<String> families(int items, java.util.Set<String> known) {
    List<String> out = new ArrayList<>();
    for (String a : List.of("itemknn", "userknn", "als", "gfcf", "rp3b", "chebycf", "ease")) {
      if (known.contains(a) && (!a.equals("ease") || items <= EASE_AUTO_ITEMS)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Searches singles, then the blend; the best configuration by the validation metric, without its model. */
  private Best choose(Search search) {
    List<Best> singles = search.singles();
    Best chosen = singles.stream().max(Comparator.comparingDouble(Best::score)).orElseThrow();
    if (!noBlend && singles.size() > 1 && trainer.names().contains(Blend.NAME)) {
      Best blended = search.blend(singles);
      if (blended.score() > chosen.score()) {
        chosen = blended;
      }
    }
    return new Best(chosen.algo(), chosen.params(), chosen.score(), null);
  }

  /** The trials of one tuning run, on the validation split. */
  private final class Search {
    final Split validation;
    final ForkJoinPool pool;
    final PrintWriter err;
    final long startNanos;
    final Evaluator evaluator;
    final List<Trial> trials = new ArrayList<>();
    final Map<String, Map<String, Object>> resolvedDefaults = new LinkedHashMap<>();
    final int[] users;
    final int depth;
    int searchTrials;

    Search(Split validation, ForkJoinPool pool, PrintWriter err, long startNanos) {
      this.validation = validation;
      this.pool = pool;
      this.err = err;
      this.startNanos = startNanos;
      int metricK = Integer.parseInt(metric.substring(metric.indexOf('@') + 1));
      int[] cutOffs = IntStream.concat(Arrays.stream(ks), IntStream.of(metricK)).distinct().sorted().toArray();
      // validation trials report recall and ndcg only: no list diversity; re-ranked like the final test
      this.evaluator = rerank.apply(Evaluator.at(cutOffs).withPool(pool), validation.train())
          .withListDiversity(false, null);
      this.users = validation.test().evaluableUsers();
      this.depth = Math.max(Math.max(candidates, cutOffs[cutOffs.length - 1]), rerank.active() ? rerank.candidates : 0);
    }

    List<Best> singles() {
      List<Coordinate> searches = new ArrayList<>();
      for (String algo : algos) {
        Map<String, String> given = new LinkedHashMap<>();
        fixed.forEach((k, v) -> {
          if (k.startsWith(algo + ".")) {
            given.put(k.substring(algo.length() + 1), v);
          }
        });
        searches.add(new Coordinate(train(algo, given, true)));
      }
      // successive halving: rounds of equal shares, the weaker half leaving the race after each round
      List<Coordinate> racing = new ArrayList<>(searches);
      int remaining = maxTrials - algos.size();
      while (remaining > 0 && !racing.isEmpty() && !outOfTime()) {
        int rounds = 1 + (int) Math.ceil(Math.log(racing.size()) / Math.log(2));
        int share = Math.max(1, remaining / rounds / racing.size());
        for (Coordinate c : racing) {
          for (int step = 0; step < share && remaining > 0 && !outOfTime() && c.step(); step++) {
            remaining--;
          }
        }
        racing.removeIf(Coordinate::exhausted);
        racing.sort(Comparator.comparingDouble((Coordinate c) -> c.best.score()).reversed());
        if (racing.size() > 1) {
          racing = new ArrayList<>(racing.subList(0, (racing.size() + 1) / 2));
        }
      }
      return searches.stream().map(c -> c.best).toList();
    }

    /**
     * One algorithm's coordinate search, resumable: a queue of (key, value) steps for the current pass,
     * each tried on the best parameters so far; a pass that improves nothing ends the search.
     */
    private final class Coordinate {
      Best best;
      private final Map<String, List<String>> grid;
      private final java.util.ArrayDeque<String[]> queue = new java.util.ArrayDeque<>();
      private int pass;
      private Best passStart;
      private boolean done;

      Coordinate(Best start) {
        this.best = start;
        this.grid = SearchSpace.of(start.algo(), space);
      }

      boolean exhausted() {
        return done;
      }

      /** Trains the next candidate; false when the search has nothing left to try. */
      boolean step() {
        while (!done) {
          if (queue.isEmpty() && !refill()) {
            done = true;
            return false;
          }
          String[] kv = queue.poll();
          if (sameValue(currentValue(best, kv[0]), kv[1])) {
            continue;
          }
          Map<String, String> p = new LinkedHashMap<>(best.params());
          p.put(kv[0], kv[1]);
          Best b = train(best.algo(), p, false);
          if (b.score() > best.score()) {
            best = b;
          }
          return true;
        }
        return false;
      }

      private boolean refill() {
        if (pass >= passes || (pass > 0 && best == passStart)) {
          return false;
        }
        pass++;
        passStart = best;
        grid.forEach((key, values) -> {
          if (!isFixed(best.algo(), key)) {
            values.forEach(v -> queue.add(new String[] {key, v}));
          }
        });
        return !queue.isEmpty();
      }
    }

    private Object currentValue(Best best, String key) {
      String given = best.params().get(key);
      return given != null ? given : resolvedDefaults.getOrDefault(best.algo(), Map.of()).get(key);
    }

    /** Trains and evaluates one configuration; {@code mandatory} trials run whatever the budget says. */
    private Best train(String algo, Map<String, String> given, boolean mandatory) {
      if (!mandatory) {
        searchTrials++;
      }
      Params params = new Params(given);
      long t0 = System.nanoTime();
      Recommender trained = PoolTasks.call(pool, () -> trainer.train(algo, validation.train(), params, vectors));
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      // rank the validation users once, deep enough for both the metrics and a later blend of this model
      long t1 = System.nanoTime();
      Recommender model = PoolTasks.call(pool, () -> Blend.precomputed(trained, users, depth));
      double rankSeconds = (System.nanoTime() - t1) / 1e9;
      if (mandatory) {
        resolvedDefaults.put(algo, params.resolved());
      }
      return record(algo, given, model, trainSeconds, rankSeconds);
    }

    /** Evaluates {@code model}; {@code rankSeconds} is time already spent ranking, counted as evaluation. */
    private Best record(String algo, Map<String, String> given, Recommender model, double trainSeconds,
        double rankSeconds) {
      EvalResult r = evaluator.evaluate(model, validation.test());
      Map<String, Double> figures = new LinkedHashMap<>();
      r.metrics().forEach((k, v) -> {
        if (k.startsWith("recall@") || k.startsWith("ndcg@")) {
          figures.put(k, v);
        }
      });
      Trial t = new Trial(algo, new LinkedHashMap<>(given), figures, trainSeconds, rankSeconds + r.seconds());
      trials.add(t);
      double score = r.metric(metric);
      err.println(String.format(Locale.ROOT, "tune: trial %d %s %s: validation %s %s (train %.1f s, eval %.1f s)",
          trials.size(), algo, given, metric, format(score), trainSeconds, rankSeconds + r.seconds()));
      err.flush();
      return new Best(algo, new LinkedHashMap<>(given), score, model);
    }

    /** Searches fusion and weights over the best model of every algorithm, on precomputed lists. */
    Best blend(List<Best> singles) {
      List<Best> parts = new ArrayList<>(singles);
      parts.sort(Comparator.comparingDouble(Best::score).reversed());
      List<Recommender> lists = parts.stream().map(Best::model).toList(); // ranked once, at trial time
      Best best = null;
      for (Fusion fusion : Fusion.values()) {
        float[] w = new float[parts.size()];
        Arrays.fill(w, 1f);
        float rrfK = 60f;
        Best fusionBest = evaluateBlend(parts, lists, w, fusion, rrfK);
        for (int pass = 0; pass < 2; pass++) {
          for (int c = 1; c < parts.size(); c++) {
            for (float v : SearchSpace.BLEND_WEIGHTS) {
              if (v == w[c] || outOfTime()) {
                continue;
              }
              float[] tryW = w.clone();
              tryW[c] = v;
              Best b = evaluateBlend(parts, lists, tryW, fusion, rrfK);
              if (b.score() > fusionBest.score()) {
                fusionBest = b;
                w = tryW;
              }
            }
          }
        }
        if (fusion == Fusion.RRF) {
          for (float k : SearchSpace.RRF_CONSTANTS) {
            if (k != rrfK && !outOfTime()) {
              Best b = evaluateBlend(parts, lists, w, fusion, k);
              if (b.score() > fusionBest.score()) {
                fusionBest = b;
                rrfK = k;
              }
            }
          }
        }
        if (best == null || fusionBest.score() > best.score()) {
          best = fusionBest;
        }
      }
      return best;
    }

    private Best evaluateBlend(List<Best> parts, List<Recommender> lists, float[] w, Fusion fusion, float rrfK) {
      Map<String, String> p = new LinkedHashMap<>();
      List<String> names = new ArrayList<>();
      for (int c = 0; c < parts.size(); c++) {
        if (w[c] != 0f) {
          names.add(parts.get(c).algo());
        }
      }
      p.put("components", String.join(",", names));
      for (int c = 0; c < parts.size(); c++) {
        if (w[c] != 0f) {
          p.put("w." + parts.get(c).algo(), number(w[c]));
        }
      }
      p.put("fusion", fusion.name().toLowerCase(Locale.ROOT));
      p.put("candidates", Integer.toString(candidates));
      if (fusion == Fusion.RRF) {
        p.put("rrf_k", number(rrfK));
      }
      for (int c = 0; c < parts.size(); c++) {
        if (w[c] != 0f) {
          String algo = parts.get(c).algo();
          parts.get(c).params().forEach((k, v) -> p.put(algo + "." + k, v));
        }
      }
      Recommender model = Blend.of(validation.train(), lists, w, fusion, candidates, rrfK);
      return record(Blend.NAME, p, model, 0, 0);
    }

    boolean outOfTime() {
      return budgetSeconds != null && (System.nanoTime() - startNanos) / 1e9 > budgetSeconds;
    }
  }

  private boolean isFixed(String algo, String key) {
    return fixed.containsKey(algo + "." + key);
  }

  /** True when the candidate {@code value} equals the value in use (numerically when both are numbers). */
  static boolean sameValue(Object current, String value) {
    if (current == null) {
      return false;
    }
    String c = current.toString();
    if (c.equalsIgnoreCase(value)) {
      return true;
    }
    try {
      return Double.parseDouble(c) == Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Map<String, Object> tuning(Search search, Split validation, Best chosen, long startNanos) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("metric", metric);
    t.put("validation_fraction", dataset.fraction);
    t.put("validation_seed", dataset.seed);
    t.put("validation_train_interactions", validation.train().numInteractions());
    t.put("validation_test_interactions", validation.test().totalRelevant());
    t.put("chosen", Map.of("algo", chosen.algo(), "params", chosen.params(), "validation_" + metric, chosen.score()));
    t.put("trials", search.trials.stream().map(Trial::json).toList());
    t.put("seconds", round((System.nanoTime() - startNanos) / 1e9));
    return t;
  }

  /** The chosen parameters as server configuration lines. */
  static List<String> settings(String algo, Map<String, String> params) {
    List<String> lines = new ArrayList<>();
    lines.add("algos=" + algo + ",pop");
    lines.add("default-algo=" + algo);
    params.forEach((k, v) -> lines.add("param." + algo + "." + k + "=" + v));
    return lines;
  }

  private static String json(EvalReport report, Map<String, Object> tuning, List<String> settings) {
    Map<String, Object> root = report.toMap();
    root.put("tuning", tuning);
    root.put("settings", settings);
    return EvalReport.toJson(root);
  }

  private String table(EvalReport report, List<Trial> trials, List<String> settings) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "validation trials (%s):%n", metric));
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      b.append(String.format(Locale.ROOT, "%4d  %-8s %s  %s%n", i + 1, t.algo(), format(t.validation()
          .getOrDefault(metric, Double.NaN)), t.params()));
    }
    b.append(String.format(Locale.ROOT, "%ntest (once, chosen configuration):%n")).append(report.table());
    b.append(String.format(Locale.ROOT, "%n%nserver settings:%n"));
    settings.forEach(s -> b.append("  ").append(s).append(System.lineSeparator()));
    return b.toString().stripTrailing();
  }

  private void validate() {
    dataset.validate();
    rerank.validate();
    if (!algos.equals(List.of(AUTO))) {
      validateAlgos();
    }
    for (String key : fixed.keySet()) {
      requireAlgoKey("--set", key);
    }
    for (String key : space.keySet()) {
      requireAlgoKey("--space", key);
    }
    if (!metric.matches("(recall|ndcg)@[1-9][0-9]*")) {
      throw usage("--metric must be recall@K or ndcg@K, got '" + metric + "'");
    }
    if (Arrays.stream(ks).anyMatch(k -> k < 1)) {
      throw usage("--k: cut-offs must be >= 1, got " + Arrays.toString(ks));
    }
    if (budgetSeconds != null && !(budgetSeconds > 0)) {
      throw usage("--budget must be > 0 seconds, got " + budgetSeconds);
    }
    if (passes < 1 || candidates < 1) {
      throw usage("--passes and --candidates must be >= 1");
    }
    if (threads != null && threads < 1) {
      throw usage("--threads must be >= 1, got " + threads);
    }
  }

  /** The checks that need the algorithm list ({@code auto} is resolved once the data is loaded). */
  private void validateAlgos() {
    if (algos.isEmpty()) {
      throw usage("--algos: name at least one algorithm");
    }
    for (String a : algos) {
      if (!trainer.names().contains(a)) {
        throw usage(EvalCommand.unknownAlgorithm(trainer, a));
      }
      if (a.equals(Blend.NAME) || a.equals(Blend.ALIAS)) {
        throw usage("--algos: list the blend's components, not '" + a + "' (tune blends them itself)");
      }
    }
    if (algos.stream().distinct().count() != algos.size()) {
      throw usage("--algos: an algorithm is listed twice: " + algos);
    }
    if (maxTrials < algos.size()) {
      throw usage("--max-trials must be at least the number of algorithms (" + algos.size() + "), got " + maxTrials);
    }
  }

  private void requireAlgoKey(String option, String key) {
    int dot = key.indexOf('.');
    List<String> named = algos.equals(List.of(AUTO)) ? families(0, trainer.names()) : algos;
    if (dot <= 0 || !named.contains(key.substring(0, dot))) {
      throw usage(option + " " + key + ": expected ALGO.KEY with ALGO one of " + named);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String number(float v) {
    return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
