package io.swarmrec.eval;

import java.util.Map;

/**
 * The outcome of one evaluation.
 *
 * @param usersEvaluated users averaged over (those with at least one relevant test item)
 * @param metrics metric values by key ({@code recall@20}, {@code ndcg@20}, {@code mrr}, ...), in report order
 * @param seconds wall-clock time of the evaluation
 */
public record EvalResult(int usersEvaluated, Map<String, Double> metrics, double seconds) {
  public EvalResult {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** The value of {@code key}; fails for a metric that was not computed. */
  public double metric(String key) {
    Double v = metrics.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + key + "'; computed: " + metrics.keySet());
    }
    return v;
  }
}
