package io.swarmrec.algo.content;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ann.AnnIndex;
import io.swarmrec.algo.ann.AnnIndexes;
import io.swarmrec.algo.scoring.HistoryWeighting;
import io.swarmrec.algo.scoring.ParamBounds;
import io.swarmrec.core.TimeDecay;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.VectorOps;

/**
 * The {@code content} recommender: items are retrieved by the closeness of their content vectors (text
 * embeddings supplied by clients) to a user's interest vector, so an item can be recommended the moment it
 * has a vector, before anyone has interacted with it.
 *
 * <p><b>Interest vector.</b> A user's interest is the weighted centroid of the unit-length vectors of the
 * items in their history, {@code q_u = sum_i w_i v_i/|v_i| / sum_i w_i}, the profile of classic content-based
 * filtering (Pazzani and Billsus, "Content-based recommendation systems", The Adaptive Web, 2007) and, in
 * spirit, Rocchio's relevance feedback, which moves a query towards the centroid of the documents judged
 * relevant (Rocchio, "Relevance feedback in information retrieval", 1971). Covington, Adams and Sargin
 * ("Deep neural networks for YouTube recommendations", RecSys 2016) found the plain average of watched
 * items' embeddings a strong user representation as well. Each vector is normalised first so that an
 * embedding with a large norm does not outvote the others; the weight {@code w_i} is the interaction weight
 * times an exponential decay of its age, {@code 2^(-age / half_life)}, measured from the data's robust now
 * (a high quantile of its event times, never after the wall clock, as {@code trending} does), which lets recent interests dominate without forgetting older ones (the
 * time weighting of Ding and Li, "Time weight collaborative filtering", CIKM 2005). Events of the request's
 * real-time overlay happened after the snapshot and weigh as new. Only positive weights pull the profile:
 * an item a user disliked should not attract its neighbours.
 *
 * <p><b>Retrieval.</b> Candidates are the nearest items to {@code q_u} by cosine, through an {@link AnnIndex}
 * over the items that have a vector (exact today; an approximate graph index slots in behind the same
 * interface), with the user's seen and excluded items filtered inside the search so that {@code k} answers
 * come back whenever {@code k} eligible items exist. Scores are cosines in {@code [-1, 1]}.
 *
 * <p><b>Cold start.</b> This is the cure for new items that collaborative models cannot rank (Schein,
 * Popescul, Ungar and Pennock, "Methods and metrics for cold-start recommendations", SIGIR 2002): an item
 * present in the snapshot's dictionary with a vector and no interactions is as retrievable as any other.
 * The converse cold start, a user with no vectorised history, gets an empty answer, like every personalised
 * model here, so the caller's popularity fallback answers.
 */
public final class ContentModel {
  /** The algorithm's registry name. */
  public static final String NAME = "content";

  private ContentModel() {}

  /**
   * Trains {@code content}. Parameters: {@code half_life_hours} (&gt; 0, default 720, i.e. 30 days),
   * {@code now} (epoch seconds that ages are measured from; default the data's robust now,
   * {@link io.swarmrec.core.matrix.Interactions#robustNowEpochSecond} at the wall clock),
   * {@code min_history} (&gt;= 1, default 1: the fewest history items with a vector that make a profile).
   * Without any item vector the model answers nothing (every user is cold).
   */
  public static Recommender train(Interactions data, Params params, ItemVectors vectors) {
    double halfLifeHours = ParamBounds.positive(params, "half_life_hours", 720);
    long robust = data.robustNowEpochSecond(System.currentTimeMillis() / 1000);
    long now = (long) params.getDouble("now", robust == Long.MIN_VALUE ? 0 : robust);
    int minHistory = ParamBounds.atLeast(params, "min_history", 1, 1);
    TimeDecay decay = TimeDecay.halfLife(Math.max(1, Math.round(halfLifeHours * 3600)));
    HistoryWeighting weighting = new HistoryWeighting(false, decay, now);
    DenseMatrix unit = unitRows(vectors.matrix());
    InterestProfile profile = new InterestProfile(vectors, unit, weighting, minHistory);
    AnnIndex index = AnnIndexes.exact(unit, AnnIndex.Similarity.COSINE);
    return new InterestVectorRecommender(data, vectors, profile, index);
  }

  /** A copy with every row scaled to unit length; zero rows stay zero (the index never returns them). */
  static DenseMatrix unitRows(DenseMatrix m) {
    float[] data = m.data().clone();
    float[] norms = m.rowNorms();
    VectorOps ops = VectorOps.get();
    for (int r = 0; r < m.rows(); r++) {
      if (norms[r] > 0f) {
        ops.scale(1f / norms[r], data, m.offset(r), m.cols());
      }
    }
    return new DenseMatrix(m.rows(), m.cols(), data);
  }
}
