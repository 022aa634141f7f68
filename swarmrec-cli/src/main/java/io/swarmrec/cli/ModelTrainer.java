package io.swarmrec.cli;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import java.util.Set;

/**
 * Where commands get their algorithms: {@link Algorithms} in production, a test's own recommenders in
 * tests. Knowing the names up front lets a command reject a misspelt algorithm before reading any data.
 */
interface ModelTrainer {
  /** The catalogue of {@link Algorithms}. */
  ModelTrainer REGISTRY = new ModelTrainer() {
    @Override
    public Set<String> names() {
      return Algorithms.names();
    }

    @Override
    public Recommender train(String algo, Interactions data, Params params) {
      return Algorithms.train(algo, data, params);
    }

    @Override
    public Recommender train(String algo, Interactions data, Params params, ItemVectors vectors) {
      return Algorithms.train(algo, data, params, vectors);
    }
  };

  Set<String> names();

  /** Trains {@code algo}; unknown names or parameters raise {@link IllegalArgumentException}. */
  Recommender train(String algo, Interactions data, Params params);

  /** {@link #train(String, Interactions, Params)} with items' content vectors; trainers without them ignore them. */
  default Recommender train(String algo, Interactions data, Params params, ItemVectors vectors) {
    return train(algo, data, params);
  }
}
