package io.swarmrec.algo.ann;

/**
 * Build and search parameters of the graph index ({@link AnnIndexes#hnsw}).
 *
 * @param maxDegree {@code M}: the most neighbours a node keeps in the base layer. More edges, better recall
 *     and slower builds and searches; 16 to 48 for 32 to 128 dimensions.
 * @param efConstruction the beam width of the search that finds a new node's neighbours while building.
 * @param efSearch the beam width of a query (the overquery): candidates kept while walking the graph, of
 *     which the best {@code k} are returned; raised to {@code k} when smaller. The recall/speed knob.
 * @param threads threads that build the graph (searches run on the caller's thread).
 */
public record HnswSettings(int maxDegree, int efConstruction, int efSearch, int threads) {

  public HnswSettings {
    require(maxDegree >= 2 && maxDegree <= 512, "maxDegree (M) must be in [2, 512], got " + maxDegree);
    require(efConstruction >= 1, "efConstruction must be >= 1, got " + efConstruction);
    require(efSearch >= 1, "efSearch must be >= 1, got " + efSearch);
    require(threads >= 1, "threads must be >= 1, got " + threads);
  }

  /** M = 32, efConstruction = 100, efSearch = 100, every core. */
  public static HnswSettings defaults() {
    return new HnswSettings(32, 100, 100, Runtime.getRuntime().availableProcessors());
  }

  public HnswSettings withMaxDegree(int m) {
    return new HnswSettings(m, efConstruction, efSearch, threads);
  }

  public HnswSettings withEfConstruction(int ef) {
    return new HnswSettings(maxDegree, ef, efSearch, threads);
  }

  public HnswSettings withEfSearch(int ef) {
    return new HnswSettings(maxDegree, efConstruction, ef, threads);
  }

  public HnswSettings withThreads(int n) {
    return new HnswSettings(maxDegree, efConstruction, efSearch, n);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
