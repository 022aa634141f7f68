package io.swarmrec.algo.linear;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.ScoreAttribution;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.ParallelBlocks;
import io.swarmrec.core.vector.RankingScratch;
import io.swarmrec.core.vector.SparseVector;

/**
 * Serves a model whose scores are a linear function of the user's history, {@code s = r_u W} for some
 * item-item operator {@code W} (EASE, GF-CF): the history is the snapshot's row merged with the request's
 * new events, so real-time updates need no fold-in at all. Similar items are the row of {@code W} for a
 * one-item history; similar users come from the normalised co-occurrence graph.
 */
final class ItemScoringRecommender implements Recommender {
  private static final int USER_BLOCK = 32;
  /** History items a score is attributed over at most (the heaviest): each costs one scoring pass. */
  static final int MAX_ATTRIBUTED = 256;
  private static final int[] NONE = new int[0];
  private static final float[] ONE = {1f};
  private final String name;
  private final Interactions data;
  private final ItemScorer scorer;
  private final NormalizedGraph graph;
  private final ThreadLocal<RankingScratch> scratch;

  ItemScoringRecommender(String name, Interactions data, ItemScorer scorer, NormalizedGraph graph) {
    this.name = name;
    this.data = data;
    this.scorer = scorer;
    this.graph = graph;
    this.scratch = ThreadLocal.withInitial(() -> new RankingScratch(data.numItems()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Interactions data() {
    return data;
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    RankingScratch s = scratch.get();
    SparseVector h = s.loadHistory(data.byUser(), user, options.extraItems(), options.extraWeights());
    if (h.size() == 0) {
      return ScoredIds.empty();
    }
    scorer.score(h, s.scores());
    return s.select(k, options.excludeSeen(), options.exclude());
  }

  @Override
  public ScoredIds[] recommendAll(int[] users, int k, RecOptions options) {
    int threads = Runtime.getRuntime().availableProcessors();
    ScoredIds[] out = new ScoredIds[users.length];
    BatchScratch[] perWorker = new BatchScratch[threads];
    ParallelBlocks.run(users.length, USER_BLOCK, threads, (worker, block, from, to) -> {
      BatchScratch b = perWorker[worker] == null ? perWorker[worker] = new BatchScratch(data.numItems()) : perWorker[worker];
      RankingScratch s = scratch.get();
      int count = 0;
      for (int i = from; i < to; i++) {
        SparseVector h = s.loadHistory(data.byUser(), users[i], options.extraItems(), options.extraWeights());
        if (h.size() > 0) {
          b.histories[count].copyFrom(h);
          b.slot[i - from] = count++;
        } else {
          b.slot[i - from] = -1;
        }
      }
      scorer.scoreBatch(b.histories, count, b.scores);
      for (int i = from; i < to; i++) {
        int slot = b.slot[i - from];
        s.loadHistory(data.byUser(), users[i], options.extraItems(), options.extraWeights());
        out[i] = slot < 0 ? ScoredIds.empty() : s.select(b.scores[slot], k, options.excludeSeen(), options.exclude());
      }
    });
    return out;
  }

  /**
   * Scores are linear in the history, so {@code c(h, j)} is the score of {@code j} for the history
   * {@code {h: x_h}} alone: one scoring pass per history item (for the graph filters this includes the
   * low-pass and sharpening stages exactly), run {@value #USER_BLOCK} at a time through the batch path.
   * Only the {@value #MAX_ATTRIBUTED} heaviest history items are attributed, which bounds the cost of an
   * explanation at {@value #MAX_ATTRIBUTED} passes.
   */
  @Override
  public ScoreAttribution scoreAttribution() {
    return (user, options, items) -> {
      for (int j : items) {
        if (j < 0 || j >= data.numItems()) {
          throw new IllegalArgumentException("item " + j + " out of range [0, " + data.numItems() + ")");
        }
      }
      SparseVector h = scratch.get().loadHistory(data.byUser(), user, options.extraItems(), options.extraWeights());
      int[] order = heaviest(h, MAX_ATTRIBUTED);
      int[] history = new int[order.length];
      float[][] byItem = new float[items.length][order.length];
      BatchScratch b = new BatchScratch(data.numItems());
      for (int from = 0; from < order.length; from += USER_BLOCK) {
        int count = Math.min(USER_BLOCK, order.length - from);
        for (int n = 0; n < count; n++) {
          int p = order[from + n];
          history[from + n] = h.id(p);
          b.histories[n].clear();
          b.histories[n].merge(h.id(p), h.value(p));
        }
        scorer.scoreBatch(b.histories, count, b.scores);
        for (int n = 0; n < count; n++) {
          for (int i = 0; i < items.length; i++) {
            byItem[i][from + n] = b.scores[n][items[i]];
          }
        }
      }
      return new ScoreAttribution.Contributions(history, byItem);
    };
  }

  /** Positions of the {@code max} largest values of {@code h}, largest first (ties: earlier position). */
  private static int[] heaviest(SparseVector h, int max) {
    Integer[] p = new Integer[h.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    java.util.Arrays.sort(p, (a, b) -> Float.compare(h.value(b), h.value(a)));
    int n = Math.min(max, p.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = p[i];
    }
    return out;
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    if (item < 0 || item >= data.numItems()) {
      throw new IllegalArgumentException("item " + item + " out of range [0, " + data.numItems() + ")");
    }
    RankingScratch s = scratch.get();
    SparseVector h = s.loadHistory(data.byUser(), -1, new int[] {item}, ONE);
    scorer.score(h, s.scores());
    return s.select(k, true, NONE);
  }

  @Override
  public ScoredIds similarUsers(int user, int k) {
    return graph.similarUsers(user, k);
  }

  /** A worker's histories and score rows for one block of users. */
  private static final class BatchScratch {
    final SparseVector[] histories = new SparseVector[USER_BLOCK];
    final float[][] scores;
    final int[] slot = new int[USER_BLOCK];

    BatchScratch(int items) {
      scores = new float[USER_BLOCK][items];
      for (int i = 0; i < USER_BLOCK; i++) {
        histories[i] = new SparseVector(64);
      }
    }
  }
}
