package io.swarmrec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.eval.EvalResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@code swarmrec eval}, as JSON for tools or as a table for people. The JSON keys are a
 * contract other tooling relies on: {@code algo}, {@code params} (resolved, defaults included),
 * {@code users_evaluated}, {@code metrics} ({@code recall@K}, {@code ndcg@K}, {@code precision@K},
 * {@code hr@K}, {@code map@K}, {@code mrr}, {@code coverage@K}, {@code gini@K}), {@code train_seconds},
 * {@code eval_seconds}, {@code dataset} (sizes and how the data was split) and, when a re-ranking option
 * was given, {@code rerank} (the settings each list was re-ranked under before the metrics). {@code metrics}
 * also holds {@code ild@K} and {@code novelty@K} ({@link io.swarmrec.eval.metrics.ListDiversity}).
 */
record EvalReport(String algo, Map<String, Object> params, EvalResult result, double trainSeconds,
    Map<String, Object> dataset, Map<String, Object> rerank) {
  private static final ObjectMapper JSON = new ObjectMapper();

  EvalReport(String algo, Map<String, Object> params, EvalResult result, double trainSeconds,
      Map<String, Object> dataset) {
    this(algo, params, result, trainSeconds, dataset, null);
  }

  String json() {
    return toJson(toMap());
  }

  /** The JSON object as a map, in key order, for reports that extend it. */
  Map<String, Object> toMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("algo", algo);
    root.put("params", params);
    root.put("users_evaluated", result.usersEvaluated());
    root.put("metrics", result.metrics());
    root.put("train_seconds", millis(trainSeconds));
    root.put("eval_seconds", millis(result.seconds()));
    root.put("dataset", dataset);
    if (rerank != null) {
      root.put("rerank", rerank);
    }
    return root;
  }

  static String toJson(Map<String, Object> root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Metrics as rows, cut-offs as columns. */
  String table() {
    StringBuilder b = new StringBuilder();
    line(b, "algo", algo);
    line(b, "params", params.toString());
    if (rerank != null) {
      line(b, "rerank", rerank.toString());
    }
    line(b, "data", String.format(Locale.ROOT, "%,d users, %,d items, %,d train / %,d test interactions (%s split)",
        dataset.get("users"), dataset.get("items"), dataset.get("train_interactions"),
        dataset.get("test_interactions"), dataset.get("split")));
    line(b, "evaluated", String.format(Locale.ROOT, "%,d users in %.2f s (training %.2f s)",
        result.usersEvaluated(), result.seconds(), trainSeconds));
    List<String> cutOffs = new ArrayList<>();
    Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
      int at = e.getKey().indexOf('@');
      String name = at < 0 ? e.getKey() : e.getKey().substring(0, at);
      String k = at < 0 ? "" : e.getKey().substring(at);
      if (!k.isEmpty() && !cutOffs.contains(k)) {
        cutOffs.add(k);
      }
      rows.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(k, e.getValue());
    }
    b.append(String.format(Locale.ROOT, "%n%-12s", "metric"));
    cutOffs.forEach(k -> b.append(String.format(Locale.ROOT, "%10s", k)));
    for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
      b.append(String.format(Locale.ROOT, "%n%-12s", row.getKey()));
      Map<String, Double> values = row.getValue();
      if (values.containsKey("")) {
        b.append(String.format(Locale.ROOT, "%10.4f", values.get("")));
      } else {
        cutOffs.forEach(k -> b.append(String.format(Locale.ROOT, "%10.4f", values.get(k))));
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format(Locale.ROOT, "%-12s%s%n", label, value));
  }

  private static double millis(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
