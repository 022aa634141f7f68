package io.swarmrec.cli;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.eval.EvalResult;
import io.swarmrec.eval.Evaluator;
import io.swarmrec.eval.PoolTasks;
import io.swarmrec.eval.Progress;
import io.swarmrec.eval.split.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec eval}: trains one algorithm and reports full-ranking top-K quality on held-out data.
 * The data is either a given train/test pair or one file split here ({@link DatasetOptions});
 * {@code --validation} evaluates on a split carved from the training data instead, for tuning. Output is
 * one JSON object ({@code --json}, keys documented in {@link EvalReport}) or a table; progress goes to
 * stderr.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train an algorithm and measure its top-K quality on held-out interactions.",
        "Full ranking over all items; each user's training items are excluded."})
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DatasetOptions dataset;

  @Mixin RerankOptions rerank;

  @Option(names = "--algo", required = true, paramLabel = "NAME", description = "Algorithm to train.")
  String algo;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An algorithm parameter (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--k", split = ",", defaultValue = "10,20", paramLabel = "K", splitSynopsisLabel = ",",
      description = "Cut-offs (default: ${DEFAULT-VALUE}).")
  int[] ks;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--validation",
      description = "Evaluate on a holdout carved from the training data, not on the test data.")
  boolean validation;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for training and ranking (default: all cores).")
  Integer threads;

  private final ModelTrainer trainer;

  EvalCommand(ModelTrainer trainer) {
    this.trainer = trainer;
  }

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    Split loaded = dataset.load(err);
    Split data = validation ? dataset.validation(loaded) : loaded;
    ItemVectors vectors = dataset.itemVectors(data.train());
    rerank.load(data.train(), err);
    ForkJoinPool pool = new ForkJoinPool(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    try {
      Params params = new Params(settings);
      long start = System.nanoTime();
      Recommender model = PoolTasks.call(pool, () -> trainer.train(algo, data.train(), params, vectors));
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      Evaluator evaluator = rerank.apply(Evaluator.at(ks).withPool(pool), data.train());
      EvalResult result = evaluator.withProgress(Progress.to(err, "evaluating", "users")).evaluate(model, data.test());
      EvalReport report = new EvalReport(algo, params.resolved(), result, trainSeconds,
          dataset.describe(data, validation), rerank.describe());
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? report.json() : report.table());
      out.flush();
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  private void validate() {
    dataset.validate();
    rerank.validate();
    if (!trainer.names().contains(algo)) {
      throw usage(unknownAlgorithm(trainer, algo));
    }
    if (Arrays.stream(ks).anyMatch(k -> k < 1)) {
      throw usage("--k: cut-offs must be >= 1, got " + Arrays.toString(ks));
    }
    if (threads != null && threads < 1) {
      throw usage("--threads must be >= 1, got " + threads);
    }
  }

  /** The message for an algorithm {@code trainer} does not know. */
  static String unknownAlgorithm(ModelTrainer trainer, String algo) {
    return "unknown algorithm '" + algo + "'; known: "
        + (trainer.names().isEmpty() ? "(none registered)" : String.join(", ", trainer.names()));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
