package io.swarmrec.cli;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.EvalResult;
import io.swarmrec.eval.Evaluator;
import io.swarmrec.eval.PoolTasks;
import io.swarmrec.eval.Progress;
import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.split.Split;
import io.swarmrec.eval.split.Splits;
import io.swarmrec.eval.split.TestSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec eval}: trains one algorithm and reports full-ranking top-K quality on held-out data.
 * The data is either a given train/test pair or one file split here; {@code --validation} evaluates on a
 * split carved from the training data instead, for tuning. Output is one JSON object ({@code --json},
 * keys documented in {@link EvalReport}) or a table; progress goes to stderr.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train an algorithm and measure its top-K quality on held-out interactions.",
        "Full ranking over all items; each user's training items are excluded."})
final class EvalCommand implements Callable<Integer> {
  enum SplitMethod { RANDOM, LOO }

  @Spec CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE",
      description = "Training interactions (or all of them, to be split when --test is absent).")
  Path train;

  @Option(names = "--test", paramLabel = "FILE",
      description = "Test interactions, mapped onto the training ids.")
  Path test;

  @Option(names = "--algo", required = true, paramLabel = "NAME", description = "Algorithm to train.")
  String algo;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An algorithm parameter (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--k", split = ",", defaultValue = "10,20", paramLabel = "K", splitSynopsisLabel = ",",
      description = "Cut-offs (default: ${DEFAULT-VALUE}).")
  int[] ks;

  @Option(names = "--min-rating", paramLabel = "R",
      description = "Keep only events with a value >= R (events without a value always count).")
  Float minRating;

  @Option(names = "--relevant-rating", paramLabel = "R",
      description = "Train on every event but count as relevant only held-out events with a value >= R "
          + "(MovieLens: 4).")
  Float relevantRating;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--format", defaultValue = "auto", converter = FormatConverter.class, paramLabel = "FORMAT",
      description = "movielens, ml-csv, lightgcn, csv, tsv or auto (default).")
  DatasetFormat format;

  @Option(names = "--binary", description = "Weight every interaction 1 instead of its value.")
  boolean binary;

  @Option(names = "--split", paramLabel = "METHOD",
      description = "Without --test: random (per-user holdout, default) or loo (each user's latest item).")
  SplitMethod split;

  @Option(names = "--fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Holdout fraction per user for --split random and --validation (default: ${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
      description = "Seed of the random holdouts (default: ${DEFAULT-VALUE}).")
  long seed;

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
    Split data = load(err);
    ForkJoinPool pool = new ForkJoinPool(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    try {
      Params params = new Params(settings);
      long start = System.nanoTime();
      Recommender model = PoolTasks.call(pool, () -> trainer.train(algo, data.train(), params));
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      EvalResult result = Evaluator.at(ks).withPool(pool)
          .withProgress(Progress.to(err, "evaluating", "users")).evaluate(model, data.test());
      EvalReport report = new EvalReport(algo, params.resolved(), result, trainSeconds, describe(data));
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? report.json() : report.table());
      out.flush();
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  private void validate() {
    requireFile(train, "--train");
    if (test != null) {
      requireFile(test, "--test");
      if (split != null) {
        throw usage("--split applies only without --test");
      }
    }
    if (!trainer.names().contains(algo)) {
      throw usage("unknown algorithm '" + algo + "'; known: "
          + (trainer.names().isEmpty() ? "(none registered)" : String.join(", ", trainer.names())));
    }
    if (Arrays.stream(ks).anyMatch(k -> k < 1)) {
      throw usage("--k: cut-offs must be >= 1, got " + Arrays.toString(ks));
    }
    if (!(fraction > 0 && fraction < 1)) {
      throw usage("--fraction must be in (0, 1), got " + fraction);
    }
    if (minRating != null && !Float.isFinite(minRating)) {
      throw usage("--min-rating must be a finite number");
    }
    if (relevantRating != null && !Float.isFinite(relevantRating)) {
      throw usage("--relevant-rating must be a finite number");
    }
    if (relevantRating != null && binary && test == null) {
      throw usage("--relevant-rating needs the events' values; it cannot be combined with --binary "
          + "unless --test is given");
    }
    if (threads != null && threads < 1) {
      throw usage("--threads must be >= 1, got " + threads);
    }
  }

  private Split load(PrintWriter err) throws IOException {
    Progress reading = Progress.to(err, "reading", "lines");
    DatasetReader reader = DatasetReader.of(format).binary(binary)
        .minRating(minRating == null ? Float.NaN : minRating)
        .progress(lines -> reading.update(lines, 0));
    Split data;
    if (test != null && relevantRating != null) {
      Interactions all = reader.readInteractions(train);
      TestSet.Builder relevant = TestSet.builder(all);
      DatasetReader.of(format).minRating(relevantRating).read(test, relevant);
      data = new Split(all, relevant.build());
    } else if (test != null) {
      data = Splits.fromFiles(reader, train, test);
    } else if (split == SplitMethod.LOO) {
      data = Splits.leaveLastOut(reader.readInteractions(train), 1);
    } else {
      data = Splits.randomHoldout(reader.readInteractions(train), fraction, seed);
    }
    if (validation) {
      data = data.validation(fraction, seed);
    }
    return relevantRating == null || (test != null && !validation)
        ? data : new Split(data.train(), data.test().relevantAtLeast(relevantRating));
  }

  private Map<String, Object> describe(Split data) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("train_file", train.toString());
    d.put("test_file", test == null ? null : test.toString());
    d.put("split", test != null ? "given" : split == SplitMethod.LOO ? "loo" : "random");
    d.put("validation", validation);
    d.put("min_rating", minRating);
    d.put("relevant_rating", relevantRating);
    d.put("users", data.train().numUsers());
    d.put("items", data.train().numItems());
    d.put("train_interactions", data.train().numInteractions());
    d.put("test_interactions", data.test().totalRelevant());
    d.put("test_users_skipped", data.test().skippedUsers());
    return d;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private void requireFile(Path file, String option) {
    if (!Files.exists(file)) {
      throw usage(option + ": no such file: " + file);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw usage(option + ": not a readable file: " + file);
    }
  }

  /** {@code --format} by its command-line names ({@code ml-csv}, not {@code ML_CSV}). */
  static final class FormatConverter implements CommandLine.ITypeConverter<DatasetFormat> {
    @Override
    public DatasetFormat convert(String value) {
      try {
        return DatasetFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
