package io.swarmrec.algo.hybrid;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.ParamBounds;
import io.swarmrec.core.matrix.Interactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The blend ({@code blend}, alias {@code hybrid}): several recommenders trained on the same data, their
 * candidate lists fused per user ({@link Fusion}, served by {@link FusionRecommender}).
 *
 * <p>Why late fusion of lists rather than one model: models built on different principles make
 * different mistakes. A graph filter (GF-CF) smooths a history over the whole item graph, item-kNN
 * scores each candidate by its own nearest items, user-kNN votes only from the few users closest to the
 * history; the items each ranks wrongly overlap little, and a weighted vote beats each of them. This is the oldest lesson of ensemble recommenders (the Netflix
 * prize blends, Koren 2009; Burke's survey "Hybrid recommender systems", 2002, calls it a weighted
 * hybrid). Fusing at the level of top-N lists keeps each component's own fast request path and its
 * real-time behaviour, and needs nothing from a component but {@link Recommender#recommend}.
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code components} ({@value #DEFAULT_COMPONENTS}): algorithm names, comma-separated, each once;
 *   <li>{@code w.NAME} (1): weight of component NAME, &gt;= 0 (0 keeps it trained but unused);
 *   <li>{@code NAME.KEY}: parameter KEY of component NAME ({@code gfcf.alpha=0.3});
 *   <li>{@code candidates} ({@value #DEFAULT_CANDIDATES}): depth N of each component's list (at least
 *       the request's k);
 *   <li>{@code fusion} ({@value #DEFAULT_FUSION}): {@code rrf}, {@code borda}, {@code minmax} or
 *       {@code zscore}, see {@link Fusion};
 *   <li>{@code rrf_k} (60, only with {@code fusion=rrf}): the reciprocal-rank constant.
 * </ul>
 *
 * <p>The defaults are what validated best on Gowalla (a validation split carved from the LightGCN
 * training data, {@code swarmrec tune}): z-score fusion of GF-CF, item-kNN and user-kNN with equal
 * weights scored NDCG@20 0.1478 against 0.1365 for the best GF-CF alone, 0.1282 for item-kNN and
 * 0.1269 for user-kNN (each tuned); the other fusions, each with tuned weights, reached 0.1475 (min-max),
 * 0.1470 (RRF, c = 10) and 0.1437 (Borda).
 * Item-kNN adds more to GF-CF than user-kNN does (z-score pairs: 0.1447 with item-kNN, 0.1407 with
 * user-kNN), and the three together beat every pair. On the official test split the gain did not hold
 * (GF-CF alone with 384 factors 0.1552, the blend 0.1543; see docs/BENCHMARKS.md), while on MovieLens 100K
 * the blend won validation on all five folds.
 *
 * <p>Components are trained through a {@link ComponentTrainer} (in production the catalogue's
 * {@code Algorithms.train}), one after the other, each with every core.
 */
public final class Blend {
  public static final String NAME = "blend";
  public static final String ALIAS = "hybrid";
  static final String DEFAULT_COMPONENTS = "gfcf,itemknn,userknn";
  static final int DEFAULT_CANDIDATES = 100;
  static final String DEFAULT_FUSION = "zscore";

  /** Trains one component; the blend's only way to reach the algorithm catalogue. */
  @FunctionalInterface
  public interface ComponentTrainer {
    Recommender train(String algo, Interactions data, Params params);
  }

  private Blend() {}

  /** Trains a blend named {@code name} ({@link #NAME} or {@link #ALIAS}) on {@code data}. */
  public static Recommender train(String name, Interactions data, Params params, ComponentTrainer trainer) {
    List<String> names = components(params.getList("components", DEFAULT_COMPONENTS));
    float[] weights = new float[names.size()];
    for (int c = 0; c < weights.length; c++) {
      weights[c] = (float) ParamBounds.atLeast(params, "w." + names.get(c), 1.0, 0.0);
    }
    if (allZero(weights)) {
      throw new IllegalArgumentException("blend: every component weight is 0");
    }
    int depth = ParamBounds.atLeast(params, "candidates", DEFAULT_CANDIDATES, 1);
    Fusion fusion = Fusion.parse(params.getChoice("fusion", DEFAULT_FUSION, Fusion.NAMES));
    float rrfK = 60f;
    if (fusion == Fusion.RRF) {
      rrfK = (float) ParamBounds.atLeast(params, "rrf_k", 60.0, 0.0);
    } else if (params.given().containsKey("rrf_k")) {
      throw new IllegalArgumentException("parameter rrf_k applies only to fusion=rrf, not fusion="
          + fusion.name().toLowerCase(Locale.ROOT));
    }
    List<Recommender> models = new ArrayList<>();
    for (String c : names) {
      models.add(trainer.train(c, data, params.scoped(c + ".")));
    }
    return new FusionRecommender(name, data, models, weights, fusion, depth, rrfK);
  }

  /**
   * A blend of already trained {@code components} (all on {@code data}), for tuning weights without
   * retraining; see {@link #train} for the meaning of the arguments.
   */
  public static Recommender of(Interactions data, List<Recommender> components, float[] weights, Fusion fusion,
      int candidates, float rrfK) {
    if (candidates < 1 || rrfK < 0 || allZero(weights)) {
      throw new IllegalArgumentException("candidates must be >= 1, rrf_k >= 0 and some weight > 0");
    }
    for (float w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must be >= 0, got " + Arrays.toString(weights));
      }
    }
    return new FusionRecommender(NAME, data, components, weights, fusion, candidates, rrfK);
  }

  /**
   * {@code model} with its top-{@code depth} lists for {@code users} (default options) computed now, in
   * parallel, and served from memory afterwards: a tuning aid for evaluating many blends of the same
   * components. Any other request goes to {@code model}, so answers are the model's.
   */
  public static Recommender precomputed(Recommender model, int[] users, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    return new PrecomputedLists(model, users, depth);
  }

  private static List<String> components(List<String> given) {
    Set<String> names = new LinkedHashSet<>();
    for (String c : given) {
      if (c.equals(NAME) || c.equals(ALIAS)) {
        throw new IllegalArgumentException("a blend cannot contain a blend ('" + c + "')");
      }
      if (!names.add(c)) {
        throw new IllegalArgumentException("blend component '" + c + "' is listed twice");
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("blend needs at least one component");
    }
    return List.copyOf(names);
  }

  private static boolean allZero(float[] weights) {
    for (float w : weights) {
      if (w != 0f) {
        return false;
      }
    }
    return true;
  }
}
