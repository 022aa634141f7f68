package io.swarmrec.server.engine;

/**
 * A recommendation answer with external item ids.
 *
 * @param algo the algorithm that produced it ("pop" for unknown users and fallbacks)
 * @param degraded true when the requested algorithm failed or ran out of time and popularity answered instead
 * @param source where it came from: l1, l2, computed or fallback
 * @param json this very answer already encoded as the API's JSON object (a cached answer served again), or
 *     null when it has to be rendered; read-only
 * @param cachedAtMillis when a cached answer was stored (epoch milliseconds), 0 for an answer computed now
 */
public record RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
    float[] scores, byte[] json, long cachedAtMillis) {

  /** An answer computed now, not yet encoded. */
  public RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
      float[] scores) {
    this(user, algo, degraded, source, modelVersion, items, scores, null, 0);
  }
}
