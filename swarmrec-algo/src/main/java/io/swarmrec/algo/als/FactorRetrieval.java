package io.swarmrec.algo.als;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.ann.AnnIndex;
import io.swarmrec.algo.ann.AnnIndexes;
import io.swarmrec.algo.ann.HnswSettings;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.List;

/**
 * How a factor model finds its best rows: by the exact scan (the default, and what evaluations use) or by
 * an approximate graph index ({@link AnnIndexes#hnsw}). Read from the model's parameters:
 * {@code ann} ({@code exact} | {@code hnsw}), and with {@code hnsw} only: {@code ann_m} (max degree, 32),
 * {@code ann_ef} (search beam, 100), {@code ann_ef_construction} (build beam, 100). The graph is built with
 * the model's {@code threads}.
 *
 * @param hnsw the graph's settings; {@code null} for the exact scan
 */
public record FactorRetrieval(HnswSettings hnsw) {
  /** Every row scored. */
  public static final FactorRetrieval EXACT = new FactorRetrieval(null);

  private static final List<String> HNSW_KEYS = List.of("ann_m", "ann_ef", "ann_ef_construction");

  /** Reads {@code ann} and, for {@code hnsw}, its settings; graph settings with {@code ann=exact} are refused. */
  public static FactorRetrieval from(Params p, int threads) {
    String kind = p.getChoice("ann", "exact", "exact", "hnsw");
    if (kind.equals("exact")) {
      for (String key : HNSW_KEYS) {
        if (p.given().containsKey(key)) {
          throw new IllegalArgumentException("parameter " + key + " applies only with ann=hnsw");
        }
      }
      return EXACT;
    }
    HnswSettings d = HnswSettings.defaults();
    try {
      return new FactorRetrieval(new HnswSettings(p.getInt("ann_m", d.maxDegree()),
          p.getInt("ann_ef_construction", d.efConstruction()), p.getInt("ann_ef", d.efSearch()), threads));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ann=hnsw: " + e.getMessage(), e);
    }
  }

  /** Whether the model retrieves through a graph instead of scoring every item. */
  public boolean approximate() {
    return hnsw != null;
  }

  /** The kind of index, as {@link AnnIndex#kind()}. */
  public String kind() {
    return hnsw == null ? "exact" : "hnsw";
  }

  AnnIndex index(DenseMatrix rows, AnnIndex.Similarity similarity) {
    return hnsw == null ? AnnIndexes.exact(rows, similarity) : AnnIndexes.hnsw(rows, similarity, hnsw);
  }
}
