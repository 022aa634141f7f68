package io.swarmrec.eval;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.rerank.ItemAttributes;
import io.swarmrec.algo.rerank.RerankRules;
import io.swarmrec.algo.rerank.Reranker;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.eval.metrics.ListDiversity;
import io.swarmrec.eval.metrics.RankingMetrics;
import io.swarmrec.eval.split.TestSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

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
 *
 * <p>Next to accuracy it reports the lists' intra-list diversity and novelty ({@link ListDiversity}, computed
 * in the pool with the ranking; by default over the training data's co-occurrence cosine, the same
 * yardstick for every model). With {@link #withReranking} each user's list is first re-ranked as a feed
 * request would be ({@link Reranker}: diversity by maximal marginal relevance over the model's own
 * {@link ItemSimilarity}, category caps) from the model's top {@code candidates}, so the accuracy cost of
 * a feed rule is measured on the same split as the model.
 */
public final class Evaluator {
  private static final int BATCH = 1024;
  private static final int DIVERSITY_CHUNK = 128;

  private final int[] ks;
  private final ForkJoinPool pool;
  private final Progress progress;
  private final Rerank rerank;
  private final boolean listDiversity;
  private final ItemSimilarity diversitySimilarity;

  /** Re-ranking settings: rules, the items' attributes, how many candidates the model proposes. */
  private record Rerank(RerankRules rules, ItemAttributes attributes, int candidates) {}

  private Evaluator(int[] ks, ForkJoinPool pool, Progress progress, Rerank rerank, boolean listDiversity,
      ItemSimilarity diversitySimilarity) {
    this.ks = ks.clone();
    this.pool = pool;
    this.progress = progress;
    this.rerank = rerank;
    this.listDiversity = listDiversity;
    this.diversitySimilarity = diversitySimilarity;
  }

  /** An evaluator at cut-offs {@code ks} on the common pool, reporting no progress. */
  public static Evaluator at(int... ks) {
    new RankingMetrics(ks, 1); // validates the cut-offs
    return new Evaluator(ks, ForkJoinPool.commonPool(), Progress.NONE, null, true, null);
  }

  /** The same evaluator, ranking in {@code pool}. */
  public Evaluator withPool(ForkJoinPool pool) {
    return new Evaluator(ks, pool, progress, rerank, listDiversity, diversitySimilarity);
  }

  /** The same evaluator, reporting users done to {@code progress}. */
  public Evaluator withProgress(Progress progress) {
    return new Evaluator(ks, pool, progress, rerank, listDiversity, diversitySimilarity);
  }

  /**
   * The same evaluator, re-ranking each user's top {@code candidates} under {@code rules} down to the largest
   * cut-off before scoring. Diversity uses the evaluated model's {@link Recommender#itemSimilarity()}, or
   * the co-occurrence cosine of its training data when it has none; {@code attributes} give the caps'
   * categories (and authors). Rules without effect ({@link RerankRules#isEmpty()}) leave the evaluation as it was.
   */
  public Evaluator withReranking(RerankRules rules, ItemAttributes attributes, int candidates) {
    if (candidates < 1) {
      throw new IllegalArgumentException("re-ranking candidates must be >= 1, got " + candidates);
    }
    Rerank r = rules.isEmpty() ? null : new Rerank(rules, attributes, candidates);
    return new Evaluator(ks, pool, progress, r, listDiversity, diversitySimilarity);
  }

  /**
   * The same evaluator with or without {@link ListDiversity} (on by default), over {@code similarity}
   * (null: the co-occurrence cosine of the training data).
   */
  public Evaluator withListDiversity(boolean on, ItemSimilarity similarity) {
    return new Evaluator(ks, pool, progress, rerank, on, similarity);
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
    Interactions data = recommender.data();
    RankingMetrics metrics = new RankingMetrics(ks, data.numItems());
    ListScorer scorer = new ListScorer(test, metrics);
    Reranker reranker = rerank == null ? null : new Reranker(rerank.attributes(),
        rerank.rules().diversity() > 0 ? ItemSimilarity.of(recommender) : null);
    if (rerank != null && rerank.attributes().numItems() != data.numItems()) {
      throw new IllegalArgumentException("item attributes cover " + rerank.attributes().numItems()
          + " items, the recommender " + data.numItems());
    }
    ListDiversity diversity = !listDiversity ? null : new ListDiversity(ks,
        diversitySimilarity != null ? diversitySimilarity : ItemSimilarity.cooccurrence(data),
        ListDiversity.selfInformation(data.byItem(), data.numUsers()));
    Future<Batch> pending = submit(recommender, reranker, diversity, users, 0, metrics.maxK());
    for (int from = 0; from < users.length; from += BATCH) {
      Batch done = PoolTasks.await(pending);
      int next = from + BATCH;
      pending = next < users.length ? submit(recommender, reranker, diversity, users, next, metrics.maxK()) : null;
      for (int i = 0; i < done.lists().length; i++) {
        scorer.add(users[from + i], done.lists()[i]);
      }
      if (diversity != null) {
        diversity.merge(done.diversity());
      }
      progress.update(Math.min(next, users.length), users.length);
    }
    Map<String, Double> values = new LinkedHashMap<>(metrics.values());
    if (diversity != null) {
      values.putAll(diversity.values());
    }
    return new EvalResult(metrics.users(), values, (System.nanoTime() - start) / 1e9);
  }

  /** One batch's ranked lists and their diversity metrics. */
  private record Batch(ScoredIds[] lists, ListDiversity diversity) {}

  private Future<Batch> submit(Recommender recommender, Reranker reranker, ListDiversity diversity, int[] users,
      int from, int k) {
    int[] batch = Arrays.copyOfRange(users, from, Math.min(users.length, from + BATCH));
    return pool.submit(() -> {
      ScoredIds[] lists = recommender.recommendAll(batch, reranker == null ? k : Math.max(k, rerank.candidates()),
          RecOptions.DEFAULT);
      if (reranker != null) {
        IntStream.range(0, lists.length).parallel()
            .forEach(i -> lists[i] = reranker.rerank(lists[i], k, rerank.rules()).list());
      }
      if (diversity == null) {
        return new Batch(lists, null);
      }
      int chunks = (lists.length + DIVERSITY_CHUNK - 1) / DIVERSITY_CHUNK;
      ListDiversity merged = IntStream.range(0, chunks).parallel().mapToObj(c -> {
        ListDiversity part = diversity.fresh();
        for (int i = c * DIVERSITY_CHUNK, end = Math.min(lists.length, i + DIVERSITY_CHUNK); i < end; i++) {
          part.add(lists[i].ids(), lists[i].size());
        }
        return part;
      }).reduce(diversity.fresh(), (a, b) -> {
        ListDiversity m = a.fresh();
        m.merge(a);
        m.merge(b);
        return m;
      });
      return new Batch(lists, merged);
    });
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
