package io.swarmrec.algo.als;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ann.AnnIndex;
import io.swarmrec.algo.ann.AnnIndex.Similarity;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.ParallelBlocks;
import io.swarmrec.core.vector.RankingScratch;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Serves any latent-factor model whose score is a dot product: {@code score(u, i) = x_u . y_i}, with user
 * factors {@code X} and item factors {@code Y} (implicit ALS, PureSVD).
 *
 * <p>A request for a known user with no new events reads the stored {@code x_u}; otherwise the model's
 * {@link FoldIn} computes the vector from the history (the snapshot's row merged with the request's extra
 * events), so a new like moves the recommendations at once, without retraining and without caching
 * anything. By default every item is then scored exactly (one SIMD pass over {@code Y}) and the best
 * {@code k} unmasked are kept: exact full ranking, the reference an ANN index is measured against.
 *
 * <p>Retrieval goes through {@link AnnIndex}, chosen by {@link FactorRetrieval}: with the exact kind (the
 * default) nothing changes; with {@code ann=hnsw}, {@link #recommend} asks a graph index over {@code Y} for
 * the maximum inner products with {@code x_u}, with the history and the request's exclusions filtered out
 * inside the walk (so no over-fetching is needed and no filtered item is returned), and the batch path
 * does the same per user. Similar items and users are cosine neighbours among the factor rows, through the
 * same kind of index. Indexes are built on first use (a graph over a million users costs minutes, and a
 * service that never asks for similar users should not pay for it), once, under a lock.
 *
 * <p>The factor matrices are exposed read-only for indexes built on top (ANN). Immutable and thread-safe.
 */
public final class FactorRecommender implements Recommender {

  /** How a model turns a user's history into a user vector. */
  @FunctionalInterface
  public interface FoldIn {
    /**
     * Writes the vector of {@code user} ({@code -1}: unknown to the snapshot) with the given history into
     * {@code out} (length = factors). Returns false when no vector can be formed (e.g. empty history).
     */
    boolean userVector(int user, SparseVector history, float[] out);
  }

  private static final int USER_BLOCK = 32;
  private final String name;
  private final Interactions data;
  private final DenseMatrix users;
  private final DenseMatrix items;
  private final FoldIn foldIn;
  private final FactorRetrieval retrieval;
  private final Supplier<AnnIndex> userCosine;
  private final Supplier<AnnIndex> itemCosine;
  private final Supplier<AnnIndex> itemDot;
  private final Supplier<ItemSimilarity> factorCosine;
  private final ThreadLocal<RankingScratch> scratch;
  private final ThreadLocal<float[]> vectors;

  /** Exact retrieval. */
  public FactorRecommender(String name, Interactions data, DenseMatrix users, DenseMatrix items, FoldIn foldIn) {
    this(name, data, users, items, foldIn, FactorRetrieval.EXACT);
  }

  public FactorRecommender(String name, Interactions data, DenseMatrix users, DenseMatrix items, FoldIn foldIn,
      FactorRetrieval retrieval) {
    if (users.rows() != data.numUsers() || items.rows() != data.numItems() || users.cols() != items.cols()) {
      throw new IllegalArgumentException("factors " + users.rows() + "x" + users.cols() + " and " + items.rows()
          + "x" + items.cols() + " do not match " + data.numUsers() + " users and " + data.numItems() + " items");
    }
    this.name = name;
    this.data = data;
    this.users = users;
    this.items = items;
    this.foldIn = foldIn;
    this.retrieval = retrieval;
    this.userCosine = once(() -> retrieval.index(users, Similarity.COSINE));
    this.itemCosine = once(() -> retrieval.index(items, Similarity.COSINE));
    this.itemDot = once(() -> retrieval.index(items, Similarity.DOT));
    this.factorCosine = once(() -> ItemSimilarity.cosineOfRows(items, item -> item));
    this.scratch = ThreadLocal.withInitial(() -> new RankingScratch(items.rows()));
    this.vectors = ThreadLocal.withInitial(() -> new float[items.cols()]);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Interactions data() {
    return data;
  }

  /** Users x factors. Read-only. */
  public DenseMatrix userFactors() {
    return users;
  }

  /** Items x factors. Read-only. */
  public DenseMatrix itemFactors() {
    return items;
  }

  /** How this model retrieves (exact by default). */
  public FactorRetrieval retrieval() {
    return retrieval;
  }

  /**
   * The vector that scores {@code user} with {@code extraItems}/{@code extraWeights} added to the history,
   * into {@code out}; false when there is none. The stored row when nothing was added.
   */
  public boolean userVector(int user, int[] extraItems, float[] extraWeights, float[] out) {
    SparseVector history = scratch.get().loadHistory(data.byUser(), user, extraItems, extraWeights);
    if (user >= 0 && extraItems.length == 0) {
      System.arraycopy(users.data(), users.offset(user), out, 0, users.cols());
      return true;
    }
    return foldIn.userVector(user, history, out);
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    RankingScratch s = scratch.get();
    float[] x = vectors.get();
    if (!userVector(user, options.extraItems(), options.extraWeights(), x)) {
      return ScoredIds.empty();
    }
    if (retrieval.approximate()) { // userVector loaded the history into s
      return itemDot.get().search(x, k, s.allowed(options.excludeSeen(), options.exclude()));
    }
    VectorOps.get().dotRows(x, 0, items.data(), 0, items.rows(), items.cols(), s.scores(), 0);
    return s.select(k, options.excludeSeen(), options.exclude());
  }

  /**
   * Scores users in blocks: each slice of item factors is read once per block of users while it sits in
   * cache, instead of once per user. Scoring one user streams the whole item matrix from memory (10 MB for
   * 41k items x 64 factors), so the single-user loop is memory-bound; blocking makes it compute-bound.
   */
  @Override
  public ScoredIds[] recommendAll(int[] userIds, int k, RecOptions options) {
    int threads = Runtime.getRuntime().availableProcessors();
    if (retrieval.approximate()) { // a graph walk per user: nothing to share between users
      ScoredIds[] out = new ScoredIds[userIds.length];
      ParallelBlocks.run(userIds.length, USER_BLOCK, threads, (worker, block, from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = recommend(userIds[i], k, options);
        }
      });
      return out;
    }
    int f = items.cols();
    int n = items.rows();
    ScoredIds[] out = new ScoredIds[userIds.length];
    float[][][] scores = new float[threads][][];
    ParallelBlocks.run(userIds.length, USER_BLOCK, threads, (worker, block, from, to) -> {
      if (scores[worker] == null) {
        scores[worker] = new float[USER_BLOCK][n];
      }
      float[][] s = scores[worker];
      float[] x = new float[USER_BLOCK * f];
      boolean[] has = new boolean[USER_BLOCK];
      float[] one = vectors.get();
      for (int i = from; i < to; i++) {
        has[i - from] = userVector(userIds[i], options.extraItems(), options.extraWeights(), one);
        if (has[i - from]) {
          System.arraycopy(one, 0, x, (i - from) * f, f);
        } // else the slot stays zero and the user gets an empty answer
      }
      items.scoreRows(x, to - from, s);
      RankingScratch r = scratch.get();
      for (int i = from; i < to; i++) {
        r.loadHistory(data.byUser(), userIds[i], options.extraItems(), options.extraWeights());
        out[i] = has[i - from] ? r.select(s[i - from], k, options.excludeSeen(), options.exclude()) : ScoredIds.empty();
      }
    });
    return out;
  }

  /** The cosine of the two items' factor rows (norms computed on first use). */
  @Override
  public ItemSimilarity itemSimilarity() {
    return factorCosine.get();
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    return itemCosine.get().neighbours(item, k);
  }

  /** Folding in a user with new events reads their stored weights; nothing else of the snapshot is read. */
  @Override
  public Set<Interactions.Part> servingNeeds() {
    return EnumSet.of(Interactions.Part.WEIGHTS);
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    return userCosine.get().neighbours(user, k);
  }

  /** A value computed on first use, once (double-checked under the holder's lock). */
  private static <T> Supplier<T> once(Supplier<T> make) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = make.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }
}
