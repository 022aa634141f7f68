package io.swarmrec.cli;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.Progress;
import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.io.ItemVectorReader;
import io.swarmrec.eval.split.Split;
import io.swarmrec.eval.split.Splits;
import io.swarmrec.eval.split.TestSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The data options shared by {@code eval} and {@code tune}: which files, how to read them and how to split
 * them into training and test data, and the holdout fraction and seed that also carve validation splits.
 */
final class DatasetOptions {
  enum SplitMethod { RANDOM, LOO }

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE",
      description = "Training interactions (or all of them, to be split when --test is absent).")
  Path train;

  @Option(names = "--test", paramLabel = "FILE",
      description = "Test interactions, mapped onto the training ids.")
  Path test;

  @Option(names = "--min-rating", paramLabel = "R",
      description = "Keep only events with a value >= R (events without a value always count).")
  Float minRating;

  @Option(names = "--relevant-rating", paramLabel = "R",
      description = "Train on every event but count as relevant only held-out events with a value >= R "
          + "(MovieLens: 4).")
  Float relevantRating;

  @Option(names = "--item-vectors", paramLabel = "FILE",
      description = "Item content vectors, one line per item: id v1 v2 ... (for content and blends using it).")
  Path itemVectors;

  @Option(names = "--format", defaultValue = "auto", converter = FormatConverter.class, paramLabel = "FORMAT",
      description = "movielens, ml-csv, lightgcn, csv, tsv or auto (default).")
  DatasetFormat format;

  @Option(names = "--binary", description = "Weight every interaction 1 instead of its value.")
  boolean binary;

  @Option(names = "--split", paramLabel = "METHOD",
      description = "Without --test: random (per-user holdout, default) or loo (each user's latest item).")
  SplitMethod split;

  @Option(names = "--fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Holdout fraction per user for --split random and validation splits (default: ${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
      description = "Seed of the random holdouts (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Checks the options; bad ones raise a usage error naming the option. */
  void validate() {
    requireFile(train, "--train");
    if (test != null) {
      requireFile(test, "--test");
      if (split != null) {
        throw usage("--split applies only without --test");
      }
    }
    if (itemVectors != null) {
      requireFile(itemVectors, "--item-vectors");
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
    if (relevantRating != null && binary) {
      throw usage("--relevant-rating needs the events' values; it cannot be combined with --binary");
    }
  }

  /** Reads the data and splits it into training and test, reporting progress to {@code err}. */
  Split load(PrintWriter err) throws IOException {
    Progress reading = Progress.to(err, "reading", "lines");
    DatasetReader reader = DatasetReader.of(format).binary(binary)
        .minRating(minRating == null ? Float.NaN : minRating)
        .progress(lines -> reading.update(lines, 0));
    if (test != null && relevantRating != null) {
      Interactions all = reader.readInteractions(train);
      TestSet.Builder relevant = TestSet.builder(all);
      DatasetReader.of(format).minRating(relevantRating).read(test, relevant);
      return new Split(all, relevant.build());
    } else if (test != null) {
      return Splits.fromFiles(reader, train, test);
    } else if (split == SplitMethod.LOO) {
      return relevant(Splits.leaveLastOut(reader.readInteractions(train), 1));
    } else {
      return relevant(Splits.randomHoldout(reader.readInteractions(train), fraction, seed));
    }
  }

  /**
   * The content vectors of {@code data}'s items from {@code --item-vectors} (none without the option). A
   * validation split keeps its parent's dictionaries, so the same vectors serve both.
   */
  ItemVectors itemVectors(Interactions data) throws IOException {
    return itemVectors == null ? ItemVectors.none(data.numItems()) : ItemVectorReader.read(itemVectors, data.items());
  }

  /** A validation split carved from {@code data}'s training part only. */
  Split validation(Split data) {
    return relevant(data.validation(fraction, seed));
  }

  /** {@code data} with only held-out events rated {@code >= --relevant-rating} relevant (all without it). */
  private Split relevant(Split data) {
    return relevantRating == null ? data : new Split(data.train(), data.test().relevantAtLeast(relevantRating));
  }

  /** The report's {@code dataset} object. */
  Map<String, Object> describe(Split data, boolean validation) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("train_file", train.toString());
    d.put("test_file", test == null ? null : test.toString());
    d.put("split", test != null ? "given" : split == SplitMethod.LOO ? "loo" : "random");
    d.put("validation", validation);
    d.put("min_rating", minRating);
    d.put("relevant_rating", relevantRating);
    d.put("item_vectors", itemVectors == null ? null : itemVectors.toString());
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
