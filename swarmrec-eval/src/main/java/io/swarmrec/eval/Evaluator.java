package io.swarmrec.eval;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.eval.metrics.RankingMetrics;
import io.swarmrec.eval.split.TestSet;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Full-ranking, top-K evaluation of a trained {@link Recommender} against a {@link TestSet}: every user
 * with a relevant test item gets a ranking over the whole catalogue, with their training items masked
 * ({@link RecOptions#DEFAULT}), and {@link RankingMetrics} averages over those users. No sampled
 * negatives: sampled metrics can reorder models (Krichene and Rendle, "On Sampled Metrics for Item
 * Recommendation", KDD 2020).
 *
 * <p>Users go in batches through {@link Recommender#recommendAll}, so a recommender with a batched
 * scoring path uses it; each batch runs inside the given {@link ForkJoinPool}, which is where the default
 * {@code recommendAll}'s parallel loop then runs, so the pool's size is the number of cores used. While
 * the pool ranks one batch the calling thread scores the previous one, which costs only O(K log |relevant|)
 * per user.
 */
public final class Evaluator {
  private static final int BATCH = 1024;

  private final int[] ks;
  private final ForkJoinPool pool;
  private final Progress progress;

  private Evaluator(int[] ks, ForkJoinPool pool, Progress progress) {
    this.ks = ks.clone();
    this.pool = pool;
    this.progress = progress;
  }

  /** An evaluator at cut-offs {@code ks} on the common pool, reporting no progress. */
  public static Evaluator at(int... ks) {
    new RankingMetrics(ks, 1); // validates the cut-offs
    return new Evaluator(ks, ForkJoinPool.commonPool(), Progress.NONE);
  }

  /** The same evaluator, ranking in {@code pool}. */
  public Evaluator withPool(ForkJoinPool pool) {
    return new Evaluator(ks, pool, progress);
  }

  /** The same evaluator, reporting users done to {@code progress}. */
  public Evaluator withProgress(Progress progress) {
    return new Evaluator(ks, pool, progress);
  }

  /**
   * Evaluates {@code recommender} on {@code test}, which must be in the ids of the recommender's training data.
   *
   * @throws IllegalArgumentException when no user has a relevant test item
   */
  public EvalResult evaluate(Recommender recommender, TestSet test) {
    if (test.numUsers() != recommender.data().numUsers() || test.known().cols() != recommender.data().numItems()) {
      throw new IllegalArgumentException("test set and recommender use different ids: " + test.numUsers() + "x"
          + test.known().cols() + " vs " + recommender.data().numUsers() + "x" + recommender.data().numItems());
    }
    int[] users = test.evaluableUsers();
    if (users.length == 0) {
      throw new IllegalArgumentException("nothing to evaluate: no test user of the training data has a relevant item");
    }
    long start = System.nanoTime();
    RankingMetrics metrics = new RankingMetrics(ks, recommender.data().numItems());
    ListScorer scorer = new ListScorer(test, metrics);
    Future<ScoredIds[]> pending = submit(recommender, users, 0, metrics.maxK());
    for (int from = 0; from < users.length; from += BATCH) {
      ScoredIds[] lists = PoolTasks.await(pending);
      int next = from + BATCH;
      pending = next < users.length ? submit(recommender, users, next, metrics.maxK()) : null;
      for (int i = 0; i < lists.length; i++) {
        scorer.add(users[from + i], lists[i]);
      }
      progress.update(Math.min(next, users.length), users.length);
    }
    return new EvalResult(metrics.users(), metrics.values(), (System.nanoTime() - start) / 1e9);
  }

  private Future<ScoredIds[]> submit(Recommender recommender, int[] users, int from, int k) {
    int[] batch = Arrays.copyOfRange(users, from, Math.min(users.length, from + BATCH));
    return pool.submit(() -> recommender.recommendAll(batch, k, RecOptions.DEFAULT));
  }

  /** Marks the hits of one ranked list and adds it to the metrics; reuses its scratch arrays. */
  private static final class ListScorer {
    private final TestSet test;
    private final RankingMetrics metrics;
    private final int[] ranked;
    private final boolean[] hit;

    ListScorer(TestSet test, RankingMetrics metrics) {
      this.test = test;
      this.metrics = metrics;
      this.ranked = new int[metrics.maxK()];
      this.hit = new boolean[metrics.maxK()];
    }

    void add(int user, ScoredIds list) {
      CsrMatrix known = test.known();
      int[] relevant = known.indices();
      int n = Math.min(list.size(), ranked.length);
      for (int r = 0; r < n; r++) {
        ranked[r] = list.id(r);
        hit[r] = Arrays.binarySearch(relevant, known.rowStart(user), known.rowEnd(user), ranked[r]) >= 0;
      }
      metrics.add(ranked, hit, n, test.relevantCount(user));
    }
  }
}
