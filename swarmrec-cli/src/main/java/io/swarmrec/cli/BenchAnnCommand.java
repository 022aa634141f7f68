package io.swarmrec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swarmrec.algo.ann.AnnIndex;
import io.swarmrec.algo.ann.AnnIndexes;
import io.swarmrec.algo.ann.HnswSettings;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec bench ann}: the exact scan against the HNSW graph index on synthetic factor-like vectors --
 * build time, recall@k of the graph against the exact answers, queries per second on one thread and on
 * every core (each thread answering one query at a time, for a fixed wall time after a warm-up) and the
 * throughput of one batch call over all queries.
 *
 * <p>The vectors imitate trained factors rather than uniform noise: {@code clusters} Gaussian centres,
 * each row a centre plus Gaussian noise of half the centre's scale, multiplied by a log-normal norm
 * ({@code exp(N(0, 0.5^2))}, so lengths vary as popularity makes them vary in ALS). Queries come from the
 * same generator (user vectors live in the item space) with their own random stream.
 */
@Command(name = "ann", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure exact and HNSW nearest-neighbour retrieval on synthetic factor vectors.")
final class BenchAnnCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--items", defaultValue = "200000", description = "rows indexed (default ${DEFAULT-VALUE})")
  int items;

  @Option(names = "--dim", defaultValue = "64", description = "dimensions (default ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--queries", defaultValue = "10000", description = "query vectors (default ${DEFAULT-VALUE})")
  int queries;

  @Option(names = "--k", defaultValue = "10")
  int k;

  @Option(names = "--similarity", defaultValue = "dot", description = "dot (MIPS, as recommend) or cosine")
  AnnIndex.Similarity similarity;

  @Option(names = "--m", defaultValue = "32", description = "HNSW max degree M (default ${DEFAULT-VALUE})")
  int m;

  @Option(names = "--ef", defaultValue = "100", description = "HNSW search beam (default ${DEFAULT-VALUE})")
  int ef;

  @Option(names = "--ef-construction", defaultValue = "100",
      description = "HNSW build beam (default ${DEFAULT-VALUE})")
  int efConstruction;

  @Option(names = "--clusters", defaultValue = "256", description = "Gaussian clusters (default ${DEFAULT-VALUE})")
  int clusters;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--seconds", defaultValue = "5", description = "measurement time per throughput figure")
  double seconds;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (items < 1 || dim < 1 || queries < 1 || k < 1 || clusters < 1 || seconds <= 0) {
      throw new IllegalArgumentException(
          "--items, --dim, --queries, --k, --clusters and --seconds must be positive");
    }
    int threads = Runtime.getRuntime().availableProcessors();
    HnswSettings settings = new HnswSettings(m, efConstruction, ef, threads);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "ann");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("items", items);
    data.put("dim", dim);
    data.put("queries", queries);
    data.put("clusters", clusters);
    data.put("seed", seed);
    data.put("generator", "gaussian clusters, noise 0.5 x centre scale, log-normal norms exp(N(0,0.25))");
    r.put("data", data);
    r.put("similarity", similarity.name().toLowerCase(java.util.Locale.ROOT));
    r.put("k", k);
    r.put("hardware", Map.of("cores", threads, "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20,
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));

    PrintWriter err = spec.commandLine().getErr();
    SplittableRandom rnd = new SplittableRandom(seed);
    DenseMatrix centres = DenseMatrix.gaussian(clusters, dim, 1.0, rnd.split());
    DenseMatrix rows = factorLike(centres, items, rnd.split());
    DenseMatrix qm = factorLike(centres, queries, rnd.split());
    float[][] qs = new float[queries][];
    for (int q = 0; q < queries; q++) {
      qs[q] = qm.row(q);
    }

    Map<String, Object> exactOut = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    AnnIndex exact = AnnIndexes.exact(rows, similarity);
    exactOut.put("build_seconds", Timing.secondsSince(t0));
    Map<String, Object> hnswOut = new LinkedHashMap<>();
    hnswOut.put("m", m);
    hnswOut.put("ef_construction", efConstruction);
    hnswOut.put("ef_search", ef);
    t0 = System.nanoTime();
    AnnIndex hnsw = AnnIndexes.hnsw(rows, similarity, settings);
    hnswOut.put("build_seconds", Timing.secondsSince(t0));
    err.printf("bench: HNSW graph over %,d rows built in %.1f s on %d threads%n", items, Timing.secondsSince(t0),
        threads);

    for (Map.Entry<AnnIndex, Map<String, Object>> e : List.of(Map.entry(exact, exactOut), Map.entry(hnsw, hnswOut))) {
      AnnIndex index = e.getKey();
      measure(index, qs, 1, seconds / 3); // warm-up, also of the batch path's search
      double one = measure(index, qs, 1, seconds);
      double all = measure(index, qs, threads, seconds);
      e.getValue().put("qps_1_thread", Math.round(one));
      e.getValue().put("qps_all_cores", Math.round(all));
      err.printf("bench: %s %,.0f queries/s on 1 thread, %,.0f on %d%n", index.kind(), one, all, threads);
    }
    // the batch calls, warm now, give both the batch throughput and the answers recall is computed from
    t0 = System.nanoTime();
    ScoredIds[] truth = exact.searchBatch(qm.data(), queries, k, null);
    exactOut.put("batch_qps", Math.round(queries / Math.max(Timing.secondsSince(t0), 1e-3)));
    t0 = System.nanoTime();
    ScoredIds[] approx = hnsw.searchBatch(qm.data(), queries, k, null);
    hnswOut.put("batch_qps", Math.round(queries / Math.max(Timing.secondsSince(t0), 1e-3)));
    exactOut.put("recall_at_k", 1.0);
    hnswOut.put("recall_at_k", recall(approx, truth));
    err.printf("bench: batch of %,d queries: exact %s/s, hnsw %s/s; HNSW recall@%d %.4f%n", queries,
        exactOut.get("batch_qps"), hnswOut.get("batch_qps"), k, recall(approx, truth));
    r.put("threads", threads);
    r.put("exact", exactOut);
    r.put("hnsw", hnswOut);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
    } else {
      r.forEach((key, v) -> out.printf("%-12s %s%n", key, v));
    }
    out.flush();
    return 0;
  }

  /** {@code n} rows: a random centre plus noise of half its scale, times a log-normal length. */
  static DenseMatrix factorLike(DenseMatrix centres, int n, SplittableRandom rnd) {
    int d = centres.cols();
    DenseMatrix noise = DenseMatrix.gaussian(n, d, 0.5, rnd.split());
    float[] out = new float[n * d];
    for (int r = 0; r < n; r++) {
      int c = rnd.nextInt(centres.rows());
      double u = 1 - rnd.nextDouble();
      double gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
      float length = (float) Math.exp(0.5 * gauss);
      for (int j = 0; j < d; j++) {
        out[r * d + j] = length * (centres.get(c, j) + noise.get(r, j));
      }
    }
    return new DenseMatrix(n, d, out);
  }

  /** Share of the exact top-k ids that the approximate answers contain. */
  static double recall(ScoredIds[] approx, ScoredIds[] truth) {
    long hit = 0;
    long total = 0;
    for (int q = 0; q < truth.length; q++) {
      java.util.Set<Integer> want = new java.util.HashSet<>();
      for (int id : truth[q].ids()) {
        want.add(id);
      }
      for (int id : approx[q].ids()) {
        hit += want.contains(id) ? 1 : 0;
      }
      total += want.size();
    }
    return total == 0 ? 1.0 : Math.round(hit * 1e4 / total) / 1e4;
  }

  /** Queries per second with {@code threads} threads over {@code seconds} of wall time. */
  private double measure(AnnIndex index, float[][] qs, int threads, double seconds) throws InterruptedException {
    return Timing.perSecond(threads, seconds, i -> index.search(qs[i % qs.length], k, null));
  }
}
