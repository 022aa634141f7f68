package io.swarmrec.algo.itemknn;

import io.swarmrec.algo.scoring.RankKeys;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the {@link NeighbourIndex} by counting co-occurrences one item at a time.
 *
 * <p>Row {@code i} of the item-item product {@code R^T R} is obtained by walking the users of item
 * {@code i} and, for each, the items of that user, adding their weight products into a dense
 * per-thread {@code float[numItems]} (the row-by-row sparse product of Gustavson, "Two fast algorithms
 * for sparse matrices", ACM TOMS 1978). The touched entries are then turned into similarities, the best
 * {@code neighbors} kept by a selection over unique rank keys (see {@link KthSmallest}), and the
 * accumulator reset through its touched list. Only one dense row per thread is ever held, never the
 * item-item matrix, and the total work is the sum over users of their (capped, see {@link HistoryCap})
 * history length squared.
 *
 * <p>The inner loop is nearly the whole cost, so it reads one accumulator slot per pair: because every
 * contribution is positive (binary 1s, or weights checked to be positive and large enough that their
 * products cannot underflow), a slot holding zero is exactly an untouched slot and no mark array is
 * needed; the touched list is appended to without a branch. Binary and weighted counting are separate
 * loops so the binary one never loads weights.
 *
 * <p>A row is the item whose neighbour list it keeps: the candidate with {@code neighbors_of=candidate},
 * so its neighbours are the history items most similar to it and an asymmetric measure is read with the
 * row item as the candidate; the history item otherwise. {@link NeighbourIndex} turns candidate rows into
 * the history-item rows that scoring walks.
 *
 * <p>Items are independent, so threads claim chunks of item ids from a shared counter (dynamic
 * scheduling: under Zipf popularity a few head items cost as much as thousands of tail ones). Each
 * item's sums are added in the same order whatever thread computes them, so the index is bit-identical
 * for any thread count.
 */
final class CooccurrenceBuild {
  /** Smallest weight accepted in weighted mode: squared, still a normal float (2^-126 < 1e-36). */
  static final float MIN_WEIGHT = 1e-18f;
  private static final int CHUNK = 32;

  private final CsrMatrix users;
  private final CsrMatrix items;
  private final PairSimilarity similarity;
  private final boolean binary;
  private final int neighbors;
  private final boolean candidateRows;

  private CooccurrenceBuild(CsrMatrix users, CsrMatrix items, ItemKnnConfig config) {
    this.users = users;
    this.items = items;
    this.binary = config.binary();
    this.neighbors = config.neighbors();
    this.candidateRows = config.candidateSide();
    this.similarity = config.similarity(squaredNorms(items, binary));
  }

  /** The scoring index: row {@code i} holds the candidates that history item {@code i} votes for. */
  static NeighbourIndex run(Interactions data, ItemKnnConfig config) {
    CsrMatrix users = HistoryCap.apply(data.byUser(), config.maxHistory());
    CsrMatrix items = users == data.byUser() ? data.byItem() : users.transpose();
    if (!config.binary()) {
      requireUsableWeights(users);
    }
    ScoredIds[] rows = new CooccurrenceBuild(users, items, config).rows(config.threads());
    return config.candidateSide()
        ? NeighbourIndex.packTransposed(rows, config.normalize())
        : NeighbourIndex.pack(rows, config.normalize());
  }

  private static void requireUsableWeights(CsrMatrix users) {
    float[] values = users.values();
    for (int p = 0, n = users.nnz(); p < n; p++) {
      if (!(values[p] >= MIN_WEIGHT)) {
        throw new IllegalArgumentException(
            "itemknn with binary=false needs positive interaction weights, found " + values[p]);
      }
    }
  }

  private static float[] squaredNorms(CsrMatrix items, boolean binary) {
    float[] sq = new float[items.rows()];
    float[] values = items.values();
    for (int i = 0; i < sq.length; i++) {
      if (binary) {
        sq[i] = items.rowLength(i);
      } else {
        double s = 0;
        for (int p = items.rowStart(i), end = items.rowEnd(i); p < end; p++) {
          s += (double) values[p] * values[p];
        }
        sq[i] = (float) s;
      }
    }
    return sq;
  }

  private ScoredIds[] rows(int threads) {
    ScoredIds[] rows = new ScoredIds[items.rows()];
    AtomicInteger next = new AtomicInteger();
    Runnable work = () -> {
      try {
        Worker w = new Worker();
        for (int from; (from = next.getAndAdd(CHUNK)) < rows.length; ) {
          for (int i = from, to = Math.min(rows.length, from + CHUNK); i < to; i++) {
            rows[i] = w.row(i);
          }
        }
      } catch (RuntimeException | Error e) {
        next.set(rows.length); // the other threads stop after their current chunk
        throw e;
      }
    };
    if (threads == 1) {
      work.run();
    } else {
      runOnThreads(work, threads, () -> next.set(rows.length));
    }
    return rows;
  }

  /** Runs {@code work} on {@code threads} new threads and waits for all; rethrows the first failure. */
  private static void runOnThreads(Runnable work, int threads, Runnable stop) {
    ExecutorService pool = Executors.newFixedThreadPool(threads,
        Thread.ofPlatform().name("itemknn-build-", 0).daemon(true).factory());
    try {
      List<Future<?>> done = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(work));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (InterruptedException e) {
      stop.run();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("item-kNN build interrupted", e);
    } finally {
      pool.shutdown(); // workers end by themselves once the item counter is exhausted
    }
  }

  /** One thread's dense accumulator, touched list and candidate keys. */
  private final class Worker {
    private final float[] dot = new float[items.rows()];
    private final int[] touched = new int[items.rows() + 1]; // + 1: the branch-free store runs one ahead
    private final long[] keys = new long[items.rows()];

    ScoredIds row(int i) {
      int n = binary ? countBinary(i) : countWeighted(i);
      int m = 0;
      for (int t = 0; t < n; t++) { // reset the accumulator, rank the positive candidates
        int j = touched[t];
        float d = dot[j];
        dot[j] = 0f;
        float s = j == i ? 0f : candidateRows ? similarity.of(j, i, d) : similarity.of(i, j, d);
        if (s > 0f) {
          keys[m++] = RankKeys.descending(s, j);
        }
      }
      int kept = Math.min(m, neighbors);
      if (m > kept) {
        KthSmallest.partition(keys, m, kept);
      }
      Arrays.sort(keys, 0, kept);
      int[] ids = new int[kept];
      float[] sims = new float[kept];
      for (int r = 0; r < kept; r++) {
        ids[r] = RankKeys.id(keys[r]);
        sims[r] = RankKeys.score(keys[r]);
      }
      return new ScoredIds(ids, sims);
    }

    private int countBinary(int i) {
      int[] userIds = items.indices();
      int[] userPtr = users.indptr();
      int[] itemIds = users.indices();
      float[] acc = dot;
      int n = 0;
      for (int p = items.rowStart(i), end = items.rowEnd(i); p < end; p++) {
        int u = userIds[p];
        for (int q = userPtr[u], qEnd = userPtr[u + 1]; q < qEnd; q++) {
          int j = itemIds[q];
          float a = acc[j];
          touched[n] = j; // branch-free: kept only when the slot was untouched
          n += a == 0f ? 1 : 0;
          acc[j] = a + 1f;
        }
      }
      return n;
    }

    private int countWeighted(int i) {
      int[] userIds = items.indices();
      float[] itemWeights = items.values();
      int[] userPtr = users.indptr();
      int[] itemIds = users.indices();
      float[] userWeights = users.values();
      float[] acc = dot;
      int n = 0;
      for (int p = items.rowStart(i), end = items.rowEnd(i); p < end; p++) {
        int u = userIds[p];
        float wu = itemWeights[p];
        for (int q = userPtr[u], qEnd = userPtr[u + 1]; q < qEnd; q++) {
          int j = itemIds[q];
          float a = acc[j];
          touched[n] = j;
          n += a == 0f ? 1 : 0;
          acc[j] = a + wu * userWeights[q];
        }
      }
      return n;
    }
  }
}
