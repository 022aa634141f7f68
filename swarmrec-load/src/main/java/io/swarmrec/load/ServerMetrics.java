package io.swarmrec.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The swarmrec counters a load run cares about, read from the service's Prometheus text at
 * {@code /metrics}: cache lookups by tier and result, recommendation answers by source (l1, l2, computed,
 * fallback), degraded (fallback) answers by reason, shed requests and error answers by code. A run scrapes
 * before and after and reports the {@link #minus difference}, so counts from earlier traffic do not blur
 * the figures.
 *
 * @param samples counter samples: metric name with its labels, and value
 */
public record ServerMetrics(List<Sample> samples) {
  static final String CACHE = "swarmrec_cache_requests_total";
  static final String DEGRADED = "swarmrec_degraded_total";
  static final String SHED = "swarmrec_shed_total";
  static final String ANSWERS = "swarmrec_recommend_seconds_count";
  static final String ERRORS = "swarmrec_errors_total";
  private static final java.util.Set<String> NAMES = java.util.Set.of(CACHE, DEGRADED, SHED, ANSWERS, ERRORS);

  /** One counter sample, e.g. {@code swarmrec_cache_requests_total{result="hit",tier="l1"} 12}. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  public ServerMetrics {
    samples = List.copyOf(samples);
  }

  /**
   * Scrapes {@code /metrics} under the base URL; null when it cannot be read or holds no swarmrec
   * counters (a server that is not swarmrec, such as the fixed-response ceiling server).
   */
  public static ServerMetrics scrape(URI base, Duration timeout) {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/metrics");
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return null;
      }
      ServerMetrics m = parse(r.body());
      return m.samples.isEmpty() ? null : m;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Reads the samples of the counters above from Prometheus text exposition; other lines are skipped. */
  public static ServerMetrics parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("swarmrec_")) {
        Sample s = parseLine(line.strip());
        if (s != null) {
          out.add(s);
        }
      }
    }
    return new ServerMetrics(out);
  }

  private static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
    if (!NAMES.contains(name)) {
      return null; // e.g. swarmrec_shed_created
    }
    Map<String, String> labels = new TreeMap<>();
    int rest = name.length();
    if (brace == name.length()) {
      rest = parseLabels(line, brace + 1, labels);
      if (rest < 0) {
        return null;
      }
    }
    String[] tail = line.substring(rest).strip().split("\\s+");
    try {
      return new Sample(name, labels, Double.parseDouble(tail[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Parses {@code k="v",...}} from pos; returns the index after the closing brace, or -1 if malformed. */
  private static int parseLabels(String line, int pos, Map<String, String> labels) {
    while (pos < line.length() && line.charAt(pos) != '}') {
      int eq = line.indexOf('=', pos);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      StringBuilder v = new StringBuilder();
      int i = eq + 2;
      for (; i < line.length() && line.charAt(i) != '"'; i++) {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < line.length()) {
          c = line.charAt(++i) == 'n' ? '\n' : line.charAt(i);
        }
        v.append(c);
      }
      labels.put(line.substring(pos, eq).strip(), v.toString());
      pos = i + 1;
      if (pos < line.length() && line.charAt(pos) == ',') {
        pos++;
      }
    }
    return pos < line.length() ? pos + 1 : -1;
  }

  /** These counters less an earlier scrape's (a series absent before counts from zero). */
  public ServerMetrics minus(ServerMetrics before) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      double was = 0;
      for (Sample b : before.samples) {
        if (b.name.equals(s.name) && b.labels.equals(s.labels)) {
          was = b.value;
        }
      }
      out.add(new Sample(s.name, s.labels, s.value - was));
    }
    return new ServerMetrics(out);
  }

  /** Sum of the samples of a metric whose labels include all the given ones. */
  public double sum(String name, Map<String, String> having) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name.equals(name) && s.labels.entrySet().containsAll(having.entrySet())) {
        total += s.value;
      }
    }
    return total;
  }

  public double cacheHits(String tier) {
    return sum(CACHE, Map.of("tier", tier, "result", "hit"));
  }

  public double cacheMisses(String tier) {
    return sum(CACHE, Map.of("tier", tier, "result", "miss"));
  }

  /** Hits / lookups of a cache tier ("l1", "l2"); NaN when the tier saw no lookups. */
  public double hitRate(String tier) {
    double hits = cacheHits(tier);
    double lookups = hits + cacheMisses(tier);
    return lookups == 0 ? Double.NaN : hits / lookups;
  }

  /** Degraded answers by reason (deadline, error, ...). */
  public Map<String, Double> degraded() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.name.equals(DEGRADED)) {
        out.merge(s.labels.getOrDefault("reason", ""), s.value, Double::sum);
      }
    }
    return out;
  }

  public double shed() {
    return sum(SHED, Map.of());
  }

  /** Recommendation answers by source (l1, l2, computed, fallback), single and batch members alike. */
  public Map<String, Double> answers() {
    return byLabel(ANSWERS, "source");
  }

  /** All recommendation answers counted by the service. */
  public double answerCount() {
    return sum(ANSWERS, Map.of());
  }

  /**
   * Degraded answers over all recommendation answers; NaN when there were none. (A batch member that
   * overload pushed to the fallback counts as degraded without a timed answer, so under heavy overload
   * this can slightly overstate the share.)
   */
  public double degradedShare() {
    double answers = answerCount();
    double degraded = sum(DEGRADED, Map.of());
    return answers == 0 && degraded == 0 ? Double.NaN : degraded / Math.max(answers, degraded);
  }

  /** Error answers by the API's stable error code (bad_request, overloaded, ...). */
  public Map<String, Double> errors() {
    return byLabel(ERRORS, "code");
  }

  private Map<String, Double> byLabel(String name, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name.equals(name) && s.value != 0) {
        out.merge(s.labels.getOrDefault(label, ""), s.value, Double::sum);
      }
    }
    return out;
  }
}
