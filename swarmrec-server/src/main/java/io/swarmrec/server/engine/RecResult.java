package io.swarmrec.server.engine;

/**
 * A recommendation answer with external item ids.
 *
 * @param algo the algorithm that produced it ("pop" for unknown users and fallbacks)
 * @param degraded true when the requested algorithm failed or ran out of time and popularity answered instead
 * @param source where it came from: {@code l1} or {@code l2} (a cache tier), {@code computed}, {@code step}
 *     (a simulation step's unchanged answer) or {@code fallback}
 * @param memo for a cached answer, the slot its cache entry offers a transport to keep an encoding of it in
 *     (the same entry answers every hit), or null for an answer computed now
 * @param cachedAtMillis when a cached answer was stored (epoch milliseconds), 0 for an answer computed now
 */
public record RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
    float[] scores, Memo memo, long cachedAtMillis) {

  /** An answer computed now. */
  public RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
      float[] scores) {
    this(user, algo, degraded, source, modelVersion, items, scores, null, 0);
  }

  /**
   * One cached list's slot for whatever its reader derives from it once (the HTTP side keeps its JSON
   * there); the engine never looks inside.
   */
  public static final class Memo {
    private volatile Object value;

    public Object get() {
      return value;
    }

    public void set(Object v) {
      value = v;
    }
  }
}
