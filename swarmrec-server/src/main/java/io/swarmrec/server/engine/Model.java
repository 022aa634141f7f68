package io.swarmrec.server.engine;

import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import java.util.Map;

/**
 * One immutable generation of the service's knowledge: the interaction snapshot and every recommender
 * trained on it, popularity ("pop") and trending always among them as the fallback and for unknown users.
 * A rebuild makes a new Model and swaps it in with one volatile write; requests in flight keep the one
 * they started with.
 *
 * @param version increases by one at each swap
 * @param lastSequence the store sequence number of the last event included
 * @param items the catalogue metadata of the snapshot's items
 */
record Model(long version, long lastSequence, Interactions data, Map<String, Recommender> recommenders,
    ItemTable items, long builtAtMillis, double buildSeconds) {

  static final String POP = "pop";
  static final String TRENDING = "trending";

  Recommender recommender(String algo) {
    return recommenders.get(algo);
  }

  Recommender popular() {
    return recommenders.get(POP);
  }

  Recommender trending() {
    return recommenders.get(TRENDING);
  }
}
