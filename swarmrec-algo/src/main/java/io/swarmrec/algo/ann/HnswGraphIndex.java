package io.swarmrec.algo.ann;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import io.swarmrec.core.vector.DenseMatrix;
import io.swarmrec.core.vector.VectorOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntPredicate;

/**
 * Approximate search on a navigable proximity graph, built and walked by jvector (4.x).
 *
 * <p><b>The graph.</b> Every row is a node linked to at most {@code M} others chosen so that a greedy walk
 * towards a query, always stepping to the neighbour closest to it, reaches the query's nearest rows in a
 * few hops. jvector combines the two best-known ways of choosing those links: the layered "hierarchical
 * navigable small world" of Malkov and Yashunin (IEEE TPAMI 2020), whose sparse upper layers give long
 * jumps towards the right region, and the alpha-relaxed pruning of Vamana/DiskANN (Subramanya et al.,
 * NeurIPS 2019), which keeps an edge to a candidate only if no kept neighbour is already much closer to
 * it, so edges spread in all directions instead of bunching in one cluster. A search keeps the best
 * {@code efSearch} candidates seen (a beam) and expands them until none improves; a wider beam costs more
 * distance evaluations and misses fewer true neighbours. A filter ({@link IntPredicate}) is applied inside
 * the walk: rejected rows still serve as stepping stones but are never returned, so a filtered row cannot
 * leak into an answer. A walk stops when its beam stops improving, so under a very selective filter it
 * can end with fewer than {@code k} accepted rows; the query is then answered by the exact scan
 * ({@link ExactIndex}), which is also the right strategy when few rows pass. The answer is thus never
 * shorter than the exact one.
 *
 * <p><b>Inner products.</b> jvector's {@code DOT_PRODUCT} similarity is {@code (1 + a.b) / 2}, meant for
 * unit vectors, and its search treats scores below 0 as "no match". Two ways to serve maximum-inner-product
 * search on top of it were measured (20k clustered rows of 32 dimensions with log-normal norms, M = 24,
 * beams of 100, three seeds). (1) The classic reduction to search on the unit sphere by an extra dimension
 * (Bachrach et al., "Speeding up the Xbox recommender system using a Euclidean transformation for
 * inner-product spaces", RecSys 2014): row {@code y} stored as {@code (y / R, sqrt(1 - |y|^2 / R^2))},
 * query as {@code (q / |q|, 0)}. It is exact in theory but put every query far from every row (rows of
 * small norm crowd the added axis), and a greedy walk from far away misses: recall@10 0.76 to 0.79.
 * (2) A graph built and searched with the inner product itself, the "ip-NSW" of Morozov and Babenko
 * ("Non-metric Similarity Graphs for Maximum Inner Product Search", NeurIPS 2018), who show that the
 * walk needs no metric to reach the maximum and that the reduction is what hurts: recall@10 0.999. This
 * class does (2): rows are divided by the largest row norm {@code R} and the query by its own norm, so
 * every inner product lies in [-1, 1] and every jvector score in [0, 1], while the order for a given query
 * is that of {@code q.y}. Cosine is the same machinery on normalised rows; rows of norm zero, which have no
 * direction, are left out of the graph as the exact index skips them.
 *
 * <p><b>Scores.</b> The graph ranks by its transformed similarity; the answer's scores are recomputed on
 * the original rows (the true inner product or cosine, as {@link ExactIndex} gives them) and the list
 * re-sorted by them, ties by id. Search allocates only the query vector and the answer; the searcher and
 * its visited set are per thread.
 *
 * <p><b>Determinism.</b> Builds with several threads insert rows concurrently and the graph depends on the
 * interleaving, so two builds can differ slightly; answers of a given graph are deterministic. Measure
 * quality as recall against {@link ExactIndex}, never as exact equality.
 */
final class HnswGraphIndex implements AnnIndex {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  private static final VectorSimilarityFunction UNIT_DOT = VectorSimilarityFunction.DOT_PRODUCT;
  /** How far a node's list may overflow {@code M} before it is pruned back (jvector's default). */
  private static final float NEIGHBOR_OVERFLOW = 1.2f;
  /** Vamana's pruning relaxation: an edge survives unless a kept neighbour is alpha times closer. */
  private static final float ALPHA = 1.2f;

  private final DenseMatrix m;
  private final HnswSettings settings;
  /** Graph ordinal to matrix row (rows without a direction are left out under cosine). */
  private final int[] rowOf;
  private final RandomAccessVectorValues vectors;
  private final ImmutableGraphIndex graph; // null when no row can match
  private final ThreadLocal<GraphSearcher> searchers;
  private final ExactIndex scan; // for walks that end short of k
  private final ThreadLocal<TopK> heaps = ThreadLocal.withInitial(() -> new TopK(16));

  HnswGraphIndex(DenseMatrix m, Similarity similarity, HnswSettings settings) {
    this.m = m;
    this.settings = settings;
    int d = m.cols();
    float[] norms = m.rowNorms();
    List<VectorFloat<?>> stored = new ArrayList<>(m.rows());
    int[] rows = new int[m.rows()];
    int n = 0;
    if (similarity == Similarity.DOT) {
      float maxNorm = 0f;
      for (float x : norms) {
        maxNorm = Math.max(maxNorm, x);
      }
      float scale = maxNorm > 0f ? 1f / maxNorm : 1f;
      for (int r = 0; r < m.rows(); r++) {
        stored.add(VTS.createFloatVector(copyScaled(m.data(), m.offset(r), d, scale)));
        rows[n++] = r;
      }
    } else {
      for (int r = 0; r < m.rows(); r++) {
        if (norms[r] > 0f) {
          stored.add(VTS.createFloatVector(copyScaled(m.data(), m.offset(r), d, 1f / norms[r])));
          rows[n++] = r;
        }
      }
    }
    rowOf = java.util.Arrays.copyOf(rows, n);
    vectors = new ListRandomAccessVectorValues(stored, d);
    graph = n == 0 ? null : build(vectors, d, settings);
    searchers = ThreadLocal.withInitial(() -> new GraphSearcher(graph));
    scan = new ExactIndex(m, similarity);
  }

  private static ImmutableGraphIndex build(RandomAccessVectorValues vectors, int dim, HnswSettings s) {
    BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(vectors, UNIT_DOT);
    ForkJoinPool pool = new ForkJoinPool(s.threads());
    try (GraphIndexBuilder builder = new GraphIndexBuilder(scores, dim, s.maxDegree(), s.efConstruction(),
        NEIGHBOR_OVERFLOW, ALPHA, true, true, pool, pool)) {
      return builder.build(vectors);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // closing an in-memory builder does no I/O
    } finally {
      pool.shutdown();
    }
  }

  private static float[] copyScaled(float[] src, int off, int len, float scale) {
    float[] dst = new float[len];
    for (int j = 0; j < len; j++) {
      dst[j] = src[off + j] * scale;
    }
    return dst;
  }

  @Override
  public String kind() {
    return "hnsw";
  }

  @Override
  public Similarity similarity() {
    return scan.similarity();
  }

  @Override
  public int size() {
    return scan.size();
  }

  @Override
  public int dimensions() {
    return scan.dimensions();
  }

  /** The settings the graph was built with. */
  HnswSettings settings() {
    return settings;
  }

  @Override
  public ScoredIds search(float[] query, int k, IntPredicate accept) {
    scan.requireDimensions(query.length);
    return find(query, 0, k, accept, -1);
  }

  @Override
  public ScoredIds neighbours(int row, int k) {
    scan.requireRow(row);
    return find(m.data(), m.offset(row), k, null, row);
  }

  private ScoredIds find(float[] q, int qOff, int k, IntPredicate accept, int excludeRow) {
    TopK heap = heaps.get();
    heap.reset(k); // validates k
    int d = m.cols();
    VectorOps ops = VectorOps.get();
    float qn = (float) Math.sqrt(ops.dot(q, qOff, q, qOff, d));
    if (k == 0 || graph == null || (qn == 0f && scan.similarity() == Similarity.COSINE)) {
      return heap.drain();
    }
    VectorFloat<?> gq = VTS.createFloatVector(copyScaled(q, qOff, d, qn > 0f ? 1f / qn : 0f));
    Bits bits = accept == null && excludeRow < 0 ? Bits.ALL : ord -> {
      int r = rowOf[ord];
      return r != excludeRow && (accept == null || accept.test(r));
    };
    SearchResult res = searchers.get().search(DefaultSearchScoreProvider.exact(gq, UNIT_DOT, vectors), k,
        Math.max(k, settings.efSearch()), 0f, 0f, bits);
    SearchResult.NodeScore[] found = res.getNodes();
    if (found.length < Math.min(k, rowOf.length)) {
      return scan.scan(q, qOff, k, accept, excludeRow);
    }
    float qScale = scan.queryScale(q, qOff);
    for (SearchResult.NodeScore ns : found) {
      int r = rowOf[ns.node];
      heap.offer(r, scan.score(q, qOff, qScale, r));
    }
    return heap.drain();
  }
}
