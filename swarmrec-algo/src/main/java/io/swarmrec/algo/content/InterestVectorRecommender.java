package io.swarmrec.algo.content;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.ItemVectorScorer;
import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ann.AnnIndex;
import io.swarmrec.algo.ann.AnnIndexes;
import io.swarmrec.algo.scoring.ItemFilter;
import io.swarmrec.algo.scoring.Requests;
import io.swarmrec.algo.scoring.ScratchPool;
import io.swarmrec.algo.scoring.UserHistory;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.VectorOps;
import java.util.stream.IntStream;

/**
 * Serves {@link ContentModel}: per request, the user's history (snapshot row plus real-time extras) becomes
 * an interest vector ({@link InterestProfile}), which queries the item {@link AnnIndex} with the request's
 * exclusions applied inside the search. Index rows are the items that have a vector, so the answer's row
 * ids are mapped back to dense item ids.
 *
 * <p>Similar users compare interest vectors by cosine. Those vectors are not needed to recommend, so the
 * users x dimensions matrix is built on the first similar-users call only (then kept with the model).
 */
final class InterestVectorRecommender implements Recommender, ItemVectorScorer {
  private final Interactions data;
  private final ItemVectors vectors;
  private final InterestProfile profile;
  private final AnnIndex items;
  private final ScratchPool<Scratch> scratch;
  private volatile AnnIndex users;
  private volatile ItemSimilarity vectorCosine;

  InterestVectorRecommender(Interactions data, ItemVectors vectors, InterestProfile profile, AnnIndex items) {
    this.data = data;
    this.vectors = vectors;
    this.profile = profile;
    this.items = items;
    int numItems = data.numItems();
    int dim = profile.dimensions();
    this.scratch = new ScratchPool<>(() -> new Scratch(numItems, dim));
  }

  @Override
  public String name() {
    return ContentModel.NAME;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    Requests.check(data, user, k, options);
    if (k == 0) {
      return ScoredIds.empty();
    }
    Scratch s = scratch.acquire();
    try {
      if (!interest(user, options, s, s.interest)) {
        return ScoredIds.empty(); // nothing to go on: the caller's popularity fallback answers
      }
      s.filter.load(data.byUser(), user, options);
      ItemFilter filter = s.filter;
      return toItems(items.search(s.interest, k, row -> !filter.excludes(vectors.item(row))));
    } finally {
      scratch.release(s);
    }
  }

  private boolean interest(int user, RecOptions options, Scratch s, float[] out) {
    if ((user < 0 && options.extraItems().length == 0) || vectors.size() == 0) {
      return false;
    }
    s.history.load(data.byUser(), user, options, profile.weighting());
    return profile.interest(s.history, out);
  }

  @Override
  public int dimensions() {
    return profile.dimensions();
  }

  @Override
  public boolean userVector(int user, RecOptions options, float[] out) {
    Requests.check(data, user, 0, options);
    if (out.length != profile.dimensions()) {
      throw new IllegalArgumentException("user vector buffer has " + out.length + " dimensions, the model "
          + profile.dimensions());
    }
    Scratch s = scratch.acquire();
    try {
      return interest(user, options, s, out);
    } finally {
      scratch.release(s);
    }
  }

  /** Cosine; 0 against a zero vector. */
  @Override
  public float score(float[] userVector, float[] itemVector) {
    if (userVector.length != itemVector.length) {
      throw new IllegalArgumentException("vectors differ in dimensions: " + userVector.length + " and "
          + itemVector.length);
    }
    VectorOps ops = VectorOps.get();
    int dim = userVector.length;
    double norms = Math.sqrt((double) ops.dot(userVector, 0, userVector, 0, dim)
        * ops.dot(itemVector, 0, itemVector, 0, dim));
    return norms > 0 ? (float) (ops.dot(userVector, 0, itemVector, 0, dim) / norms) : 0f;
  }

  /** The cosine of the two items' content vectors; 0 when either has none (norms computed on first use). */
  @Override
  public ItemSimilarity itemSimilarity() {
    ItemSimilarity s = vectorCosine;
    if (s == null) {
      synchronized (this) {
        s = vectorCosine;
        if (s == null) {
          s = ItemSimilarity.cosineOfRows(vectors.matrix(), vectors::row);
          vectorCosine = s;
        }
      }
    }
    return s;
  }

  /** The nearest items by content vector; empty for an item without one. */
  @Override
  public ScoredIds similarItems(int item, int k) {
    Requests.checkItem(data, item);
    Requests.checkK(k);
    int row = vectors.row(item);
    return row == ItemVectors.ABSENT ? ScoredIds.empty() : toItems(items.neighbours(row, k));
  }

  /** The users whose snapshot interest vectors are closest by cosine; empty for a user without one. */
  @Override
  public ScoredIds similarUsers(int user, int k) {
    Requests.checkUser(data, user);
    Requests.checkK(k);
    if (vectors.size() == 0) {
      return ScoredIds.empty();
    }
    return userIndex().neighbours(user, k); // a zero (profile-less) row matches nothing
  }

  private AnnIndex userIndex() {
    AnnIndex u = users;
    if (u == null) {
      synchronized (this) {
        u = users;
        if (u == null) {
          u = AnnIndexes.exact(interestMatrix(), AnnIndex.Similarity.COSINE);
          users = u;
        }
      }
    }
    return u;
  }

  /** Every user's snapshot interest vector, zero for users without one. */
  private DenseMatrix interestMatrix() {
    int dim = profile.dimensions();
    DenseMatrix m = DenseMatrix.zeros(data.numUsers(), dim);
    IntStream.range(0, data.numUsers()).parallel().forEach(u -> {
      Scratch s = scratch.acquire();
      try {
        if (interest(u, RecOptions.DEFAULT, s, s.interest)) {
          System.arraycopy(s.interest, 0, m.data(), m.offset(u), dim);
        }
      } finally {
        scratch.release(s);
      }
    });
    return m;
  }

  private ScoredIds toItems(ScoredIds rows) {
    int[] ids = new int[rows.size()];
    for (int r = 0; r < ids.length; r++) {
      ids[r] = vectors.item(rows.id(r));
    }
    return new ScoredIds(ids, rows.scores());
  }

  private static final class Scratch {
    final UserHistory history;
    final ItemFilter filter;
    final float[] interest;

    Scratch(int numItems, int dim) {
      history = new UserHistory(numItems);
      filter = new ItemFilter(numItems);
      interest = new float[dim];
    }
  }
}
