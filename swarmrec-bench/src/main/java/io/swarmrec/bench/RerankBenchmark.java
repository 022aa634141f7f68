package io.swarmrec.bench;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.explain.Because;
import io.swarmrec.algo.explain.Explainer;
import io.swarmrec.algo.rerank.ItemAttributes;
import io.swarmrec.algo.rerank.Reranked;
import io.swarmrec.algo.rerank.RerankRules;
import io.swarmrec.algo.rerank.Reranker;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of the feed stages on top of scoring, for an item-kNN model (cosine, 100 neighbours)
 * trained on seeded synthetic data (20,000 users, 10,000 Zipf-popular items, 30 events a user): re-ranking one
 * user's {@code pool} candidates to k = 10 with no rule, with {@code diversity=0.3} (MMR over the model's
 * neighbour lists, O(k * pool) similarity look-ups), with that and {@code max_per_category=3} (items in 1 to 3
 * of 50 categories), and explaining the 10 items ({@link Explainer}, the votes of every history item). Users
 * rotate through 256 precomputed candidate lists, so the numbers exclude scoring itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RerankBenchmark {
  private static final int USERS = 20_000;
  private static final int ITEMS = 10_000;
  private static final int LISTS = 256;
  private static final int K = 10;

  @Param({"50", "200"})
  int pool;

  private Recommender model;
  private Reranker reranker;
  private ScoredIds[] candidates;
  private int[][] tops;
  private int[] users;
  private final RerankRules diverse = RerankRules.NONE.withDiversity(0.3);
  private final RerankRules diverseCapped = RerankRules.NONE.withDiversity(0.3).withMaxPerCategory(3);
  private int next;

  @Setup
  public void setup() {
    Interactions data = data(7);
    model = Algorithms.train("itemknn", data, Params.empty());
    reranker = new Reranker(categories(data.numItems(), 11), model.itemSimilarity());
    SplittableRandom rnd = new SplittableRandom(3);
    candidates = new ScoredIds[LISTS];
    tops = new int[LISTS][];
    users = new int[LISTS];
    for (int n = 0; n < LISTS; n++) {
      users[n] = rnd.nextInt(data.numUsers());
      candidates[n] = model.recommend(users[n], pool, RecOptions.DEFAULT);
      tops[n] = java.util.Arrays.copyOf(candidates[n].ids(), Math.min(K, candidates[n].size()));
    }
  }

  static Interactions data(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InteractionsBuilder b = new InteractionsBuilder().keepTimes(false);
    for (int i = 0; i < ITEMS; i++) {
      b.items().getOrAdd("i" + i);
    }
    for (int u = 0; u < USERS; u++) {
      b.users().getOrAdd("u" + u);
    }
    for (int u = 0; u < USERS; u++) {
      int community = u % 50; // a taste community prefers its own band of items
      for (int e = 0; e < 30; e++) {
        int item = rnd.nextInt(3) == 0
            ? (int) Math.min(ITEMS - 1, Math.floor(Math.pow(ITEMS + 1.0, rnd.nextDouble())) - 1)
            : community * (ITEMS / 50) + rnd.nextInt(ITEMS / 50);
        b.add(u, item, 1f, Long.MIN_VALUE);
      }
    }
    return b.build();
  }

  static ItemAttributes categories(int items, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ItemAttributes.Builder a = ItemAttributes.builder(items);
    for (int i = 0; i < items; i++) {
      int n = 1 + rnd.nextInt(3);
      int[] c = new int[n];
      for (int j = 0; j < n; j++) {
        c[j] = rnd.nextInt(50);
      }
      a.categories(i, c).author(i, rnd.nextInt(5_000));
    }
    return a.build();
  }

  private int nextList() {
    next = (next + 1) & (LISTS - 1);
    return next;
  }

  @Benchmark
  public Reranked noRule() {
    return reranker.rerank(candidates[nextList()], K, RerankRules.NONE);
  }

  @Benchmark
  public Reranked diversity() {
    return reranker.rerank(candidates[nextList()], K, diverse);
  }

  @Benchmark
  public Reranked diversityAndCategoryCap() {
    return reranker.rerank(candidates[nextList()], K, diverseCapped);
  }

  @Benchmark
  public Because[] explainTopTen() {
    int n = nextList();
    return Explainer.explain(model, users[n], RecOptions.DEFAULT, tops[n]);
  }
}
