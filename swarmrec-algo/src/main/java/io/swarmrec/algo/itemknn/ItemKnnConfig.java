package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.scoring.ParamBounds;

/** Item-kNN hyper-parameters, read and checked in one place; see {@link ItemKnn} for their meaning. */
record ItemKnnConfig(int neighbors, boolean candidateSide, String sim, double shrink, double alpha,
    boolean normalize, boolean center, boolean binary, int threads, int maxHistory, double halfLifeDays) {

  static ItemKnnConfig from(Params params) {
    int neighbors = ParamBounds.atLeast(params, "neighbors", 100, 1);
    boolean candidateSide = params.getChoice("neighbors_of", "candidate", "candidate", "history").equals("candidate");
    String sim = params.getChoice("sim", "cosine", "cosine", "jaccard", "asymmetric");
    if (params.given().containsKey("alpha") && !sim.equals("asymmetric")) {
      throw new IllegalArgumentException("parameter alpha applies only to sim=asymmetric, not sim=" + sim);
    }
    return new ItemKnnConfig(
        neighbors,
        candidateSide,
        sim,
        ParamBounds.atLeast(params, "shrink", 0.0, 0.0),
        sim.equals("asymmetric") ? ParamBounds.between(params, "alpha", 0.5, 0.0, 1.0) : 0.5,
        params.getBoolean("normalize", true),
        params.getBoolean("center", true),
        params.getBoolean("binary", true),
        ParamBounds.atLeast(params, "threads", Runtime.getRuntime().availableProcessors(), 1),
        ParamBounds.atLeast(params, "max_history", 1000, 1),
        ParamBounds.atLeast(params, "half_life_days", 0.0, 0.0));
  }

  /** The similarity measure over items with squared norms {@code sq}. */
  PairSimilarity similarity(float[] sq) {
    float s = (float) shrink;
    return switch (sim) {
      case "jaccard" -> PairSimilarity.jaccard(sq, s);
      case "asymmetric" -> PairSimilarity.asymmetricCosine(sq, alpha, s);
      default -> PairSimilarity.cosine(sq, s);
    };
  }
}
