package io.swarmrec.algo;

import io.swarmrec.algo.als.ImplicitAls;
import io.swarmrec.algo.linear.Ease;
import io.swarmrec.algo.linear.GfCf;
import io.swarmrec.algo.svd.PureSvd;
import io.swarmrec.core.matrix.Interactions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The catalogue of algorithms by name: the one place the CLI, the evaluator and the server train from. */
public final class Algorithms {
  /** Trains a recommender from data and parameters. */
  @FunctionalInterface
  public interface Trainer {
    Recommender train(Interactions data, Params params);
  }

  private static final Map<String, Trainer> TRAINERS = new TreeMap<>();

  static {
    // registered here as the algorithms land; each package exposes one public factory method
    TRAINERS.put(ImplicitAls.NAME, ImplicitAls::train);
    TRAINERS.put(PureSvd.NAME, PureSvd::train);
    TRAINERS.put(GfCf.NAME, GfCf::train);
    TRAINERS.put(GfCf.BSPM_NAME, GfCf::trainBspm);
    TRAINERS.put(Ease.NAME, Ease::train);
  }

  private Algorithms() {}

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
