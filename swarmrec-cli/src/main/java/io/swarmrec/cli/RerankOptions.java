package io.swarmrec.cli;

import io.swarmrec.algo.rerank.ItemAttributes;
import io.swarmrec.algo.rerank.RerankRules;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.Evaluator;
import io.swarmrec.eval.io.ItemCategoryReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The feed re-ranking options shared by {@code eval} and {@code tune}: each user's list is re-ranked as a
 * request with {@code diversity=} and {@code max_per_category=} would be ({@link io.swarmrec.algo.rerank.Reranker})
 * before the metrics, so that the accuracy cost of a setting is measured.
 */
final class RerankOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--diversity", paramLabel = "L", defaultValue = "0",
      description = "Re-rank by maximal marginal relevance with this weight on similarity, in [0, 1] (default: 0, off).")
  double diversity;

  @Option(names = "--max-per-category", paramLabel = "N", defaultValue = "0",
      description = "At most N items of one category per list (needs --item-categories; default: 0, no cap).")
  int maxPerCategory;

  @Option(names = "--item-categories", paramLabel = "FILE",
      description = "Item categories: MovieLens u.item or movies.csv genres, or lines 'item cat1,cat2'.")
  Path itemCategories;

  @Option(names = "--rerank-candidates", paramLabel = "N", defaultValue = "100",
      description = "Candidates the model proposes per user for re-ranking (default: ${DEFAULT-VALUE}).")
  int candidates;

  private ItemCategoryReader.Result categories;

  void validate() {
    if (!(diversity >= 0 && diversity <= 1)) {
      throw usage("--diversity must be in [0, 1], got " + diversity);
    }
    if (maxPerCategory < 0) {
      throw usage("--max-per-category must be >= 0, got " + maxPerCategory);
    }
    if (maxPerCategory > 0 && itemCategories == null) {
      throw usage("--max-per-category needs --item-categories FILE");
    }
    if (candidates < 1) {
      throw usage("--rerank-candidates must be >= 1, got " + candidates);
    }
    if (itemCategories != null && !Files.isRegularFile(itemCategories)) {
      throw usage("--item-categories: no such file: " + itemCategories);
    }
  }

  RerankRules rules() {
    return RerankRules.NONE.withDiversity(diversity).withMaxPerCategory(maxPerCategory);
  }

  boolean active() {
    return !rules().isEmpty();
  }

  /** Reads the categories for {@code train}'s items (once; a validation split keeps the same dictionary). */
  void load(Interactions train, PrintWriter err) throws IOException {
    if (itemCategories != null && categories == null) {
      categories = ItemCategoryReader.read(itemCategories, train.items());
      err.printf("categories: %,d of %,d items have one of %d categories%n", categories.itemsWithCategories(),
          train.numItems(), categories.categories().size());
      err.flush();
    }
  }

  /** {@code evaluator} re-ranking under these options (unchanged when none is on). */
  Evaluator apply(Evaluator evaluator, Interactions train) {
    if (!active()) {
      return evaluator;
    }
    ItemAttributes attributes = categories != null ? categories.attributes() : ItemAttributes.none(train.numItems());
    return evaluator.withReranking(rules(), attributes, candidates);
  }

  /** The report's {@code rerank} object, or null when no option is on. */
  Map<String, Object> describe() {
    if (!active()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("diversity", diversity);
    m.put("max_per_category", maxPerCategory);
    m.put("item_categories", itemCategories == null ? null : itemCategories.toString());
    m.put("candidates", candidates);
    return m;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
