package io.swarmrec.algo;

import io.swarmrec.algo.als.ImplicitAls;
import io.swarmrec.algo.hybrid.Blend;
import io.swarmrec.algo.itemknn.ItemKnn;
import io.swarmrec.algo.linear.Ease;
import io.swarmrec.algo.linear.GfCf;
import io.swarmrec.algo.popularity.Popularity;
import io.swarmrec.algo.svd.PureSvd;
import io.swarmrec.algo.userknn.UserKnn;
import io.swarmrec.core.matrix.Interactions;
import java.util.Map;
import java.util.Set;

/** The catalogue of algorithms by name: the one place the CLI, the evaluator and the server train from. */
public final class Algorithms {
  /** Trains a recommender from data and parameters. */
  @FunctionalInterface
  public interface Trainer {
    Recommender train(Interactions data, Params params);
  }

  private static final Map<String, Trainer> TRAINERS = new java.util.concurrent.ConcurrentSkipListMap<>();

  static {
    // registered here as the algorithms land; each package exposes one public factory method
    TRAINERS.put("pop", Popularity::popular);
    TRAINERS.put("trending", Popularity::trending);
    TRAINERS.put("itemknn", ItemKnn::train);
    TRAINERS.put("userknn", UserKnn::train);
    TRAINERS.put(ImplicitAls.NAME, ImplicitAls::train);
    TRAINERS.put(PureSvd.NAME, PureSvd::train);
    TRAINERS.put(GfCf.NAME, GfCf::train);
    TRAINERS.put(GfCf.BSPM_NAME, GfCf::trainBspm);
    TRAINERS.put(Ease.NAME, Ease::train);
    // a blend trains its components through this catalogue (the one place components are trained)
    TRAINERS.put(Blend.NAME, (data, params) -> Blend.train(Blend.NAME, data, params, Algorithms::train));
    TRAINERS.put(Blend.ALIAS, (data, params) -> Blend.train(Blend.ALIAS, data, params, Algorithms::train));
  }

  private Algorithms() {}

  /**
   * Adds an algorithm under {@code name} (for embedders and tests); an existing name is refused so that
   * a built-in cannot be replaced by accident.
   */
  public static synchronized void register(String name, Trainer trainer) {
    if (TRAINERS.putIfAbsent(name, trainer) != null) {
      throw new IllegalArgumentException("algorithm '" + name + "' is already registered");
    }
  }

  public static Set<String> names() {
    return TRAINERS.keySet();
  }

  /**
   * Trains {@code name} on {@code data}. Unknown names and unknown or malformed parameters raise
   * {@link IllegalArgumentException} with a message that lists what is known.
   */
  public static Recommender train(String name, Interactions data, Params params) {
    Trainer t = TRAINERS.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown algorithm '" + name + "'; known: " + names());
    }
    Recommender r = t.train(data, params);
    params.requireAllUsed(name);
    return r;
  }
}
