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
 * @param exhausted fewer than k items passed the request's rules (the list is short and nothing pads it)
 * @param why per item, why it is there; null unless the request asked ({@code explain})
 */
public record RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
    float[] scores, Memo memo, long cachedAtMillis, boolean exhausted, Why[] why) {

  /** An answer computed now. */
  public RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
      float[] scores) {
    this(user, algo, degraded, source, modelVersion, items, scores, null, 0, false, null);
  }

  /** A cached answer. */
  public RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
      float[] scores, Memo memo, long cachedAtMillis) {
    this(user, algo, degraded, source, modelVersion, items, scores, memo, cachedAtMillis, false, null);
  }

  /**
   * Why one item is in a list.
   *
   * @param reason {@code history} (the listed history items' shares of the score: neighbour, linear and
   *     graph-filter models), {@code similar} (the nearest history items by the model's item similarity: factor
   *     and content models), {@code popular}, {@code trending}, {@code pinned}, {@code explored}, {@code filled}
   *     (a trending or popular item that filled a list the model could not), {@code model} (no finer reason);
   *     {@code boosted:} before a model reason when a boost raised the item
   * @param items history items, strongest first (up to 3)
   * @param values their shares or similarities, in order
   */
  public record Why(String reason, String[] items, float[] values) {
    static Why rule(String reason) {
      return new Why(reason, new String[0], new float[0]);
    }
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
