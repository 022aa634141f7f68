package io.swarmrec.cli;

import io.swarmrec.algo.Algorithms;
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
  };

  Set<String> names();

  /** Trains {@code algo}; unknown names or parameters raise {@link IllegalArgumentException}. */
  Recommender train(String algo, Interactions data, Params params);
}
