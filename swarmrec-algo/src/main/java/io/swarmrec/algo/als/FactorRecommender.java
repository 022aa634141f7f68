package io.swarmrec.algo.als;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.BruteForceCosine;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.ParallelBlocks;
import io.swarmrec.core.vector.RankingScratch;
import io.swarmrec.core.vector.SparseVector;
import io.swarmrec.core.vector.VectorOps;

/**
 * Serves any latent-factor model whose score is a dot product: {@code score(u, i) = x_u . y_i}, with user
 * factors {@code X} and item factors {@code Y} (implicit ALS, PureSVD).
 *
 * <p>A request for a known user with no new events reads the stored {@code x_u}; otherwise the model's
 * {@link FoldIn} computes the vector from the history (the snapshot's row merged with the request's extra
 * events), so a new like moves the recommendations at once, without retraining and without caching
 * anything. Every item is then scored exactly (one SIMD pass over {@code Y}) and the best {@code k} unmasked
 * are kept: exact full ranking, the reference an ANN index is measured against. Similar items and users are
 * exact cosine neighbours among the factor rows.
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
  private final BruteForceCosine userCosine;
  private final BruteForceCosine itemCosine;
  private final ThreadLocal<RankingScratch> scratch;
  private final ThreadLocal<float[]> vectors;

  public FactorRecommender(String name, Interactions data, DenseMatrix users, DenseMatrix items, FoldIn foldIn) {
    if (users.rows() != data.numUsers() || items.rows() != data.numItems() || users.cols() != items.cols()) {
      throw new IllegalArgumentException("factors " + users.rows() + "x" + users.cols() + " and " + items.rows()
          + "x" + items.cols() + " do not match " + data.numUsers() + " users and " + data.numItems() + " items");
    }
    this.name = name;
    this.data = data;
    this.users = users;
    this.items = items;
    this.foldIn = foldIn;
    this.userCosine = new BruteForceCosine(users);
    this.itemCosine = new BruteForceCosine(items);
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

  @Override
  public ScoredIds similarItems(int item, int k) {
    return itemCosine.nearest(item, k);
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    return userCosine.nearest(user, k);
  }
}
