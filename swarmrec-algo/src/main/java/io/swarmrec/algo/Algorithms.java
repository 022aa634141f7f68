package io.swarmrec.algo;

import io.swarmrec.algo.als.ImplicitAls;
import io.swarmrec.algo.content.ContentModel;
import io.swarmrec.algo.hybrid.Blend;
import io.swarmrec.algo.itemknn.ItemKnn;
import io.swarmrec.algo.linear.ChebyCf;
import io.swarmrec.algo.linear.Ease;
import io.swarmrec.algo.linear.GfCf;
import io.swarmrec.algo.linear.Rp3Beta;
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

  /**
   * Trains a recommender that may also read items' content vectors; {@code vectors} always covers every
   * item of {@code data} ({@link ItemVectors#none} when there are none).
   */
  @FunctionalInterface
  public interface VectorTrainer {
    Recommender train(Interactions data, Params params, ItemVectors vectors);
  }

  private static final Map<String, VectorTrainer> TRAINERS = new java.util.concurrent.ConcurrentSkipListMap<>();

  static {
    // registered here as the algorithms land; each package exposes one public factory method
    put("pop", Popularity::popular);
    put("trending", Popularity::trending);
    put("itemknn", ItemKnn::train);
    put("userknn", UserKnn::train);
    put(ImplicitAls.NAME, ImplicitAls::train);
    put(PureSvd.NAME, PureSvd::train);
    put(GfCf.NAME, GfCf::train);
    put(GfCf.BSPM_NAME, GfCf::trainBspm);
    put(Ease.NAME, Ease::train);
    put(Rp3Beta.NAME, Rp3Beta::train);
    put(ChebyCf.NAME, ChebyCf::train);
    TRAINERS.put(ContentModel.NAME, ContentModel::train);
    // a blend trains its components through this catalogue (the one place components are trained), and
    // hands them the content vectors it was given
    TRAINERS.put(Blend.NAME, (data, params, vectors) ->
        Blend.train(Blend.NAME, data, params, (algo, d, p) -> train(algo, d, p, vectors)));
    TRAINERS.put(Blend.ALIAS, (data, params, vectors) ->
        Blend.train(Blend.ALIAS, data, params, (algo, d, p) -> train(algo, d, p, vectors)));
  }

  /** A trainer that ignores content vectors. */
  private static void put(String name, Trainer trainer) {
    TRAINERS.put(name, (data, params, vectors) -> trainer.train(data, params));
  }

  private Algorithms() {}

  /**
   * Adds an algorithm under {@code name} (for embedders and tests); an existing name is refused so that
   * a built-in cannot be replaced by accident.
   */
  public static synchronized void register(String name, Trainer trainer) {
    registerWithVectors(name, (data, params, vectors) -> trainer.train(data, params));
  }

  /** {@link #register} for an algorithm that reads items' content vectors. */
  public static synchronized void registerWithVectors(String name, VectorTrainer trainer) {
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
    return train(name, data, params, ItemVectors.none(data.numItems()));
  }

  /**
   * {@link #train(String, Interactions, Params)} with the items' content vectors as a side input: algorithms
   * that use them (e.g. {@code content}) read them, the others ignore them. {@code vectors} must cover
   * exactly the items of {@code data}.
   */
  public static Recommender train(String name, Interactions data, Params params, ItemVectors vectors) {
    VectorTrainer t = TRAINERS.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown algorithm '" + name + "'; known: " + names());
    }
    if (vectors.numItems() != data.numItems()) {
      throw new IllegalArgumentException("item vectors cover " + vectors.numItems() + " items, the data has "
          + data.numItems());
    }
    Recommender r = t.train(data, params, vectors);
    params.requireAllUsed(name);
    return r;
  }
}
