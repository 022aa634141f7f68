package io.swarmrec.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured: outcomes and latency per endpoint and overall, whether the generator kept to
 * its schedule, and the service's own counters over the run. Latencies are in milliseconds, from the
 * intended send time in open loop (see {@link LoadGenerator}) and from the actual send time in closed
 * loop; only answered requests have a latency, failures are counted in {@code errors}.
 *
 * @param spec what was asked
 * @param sending how the generator kept to the plan
 * @param endpoints per endpoint that received requests
 * @param overall all endpoints together
 * @param server difference of the service's counters over the run; null when /metrics was not readable
 */
public record LoadReport(LoadSpec spec, Sending sending, Map<Endpoint, EndpointStats> endpoints,
    EndpointStats overall, ServerMetrics server) {

  /** The generator is said to have kept up when at most this share of the planned requests were late. */
  public static final double MAX_LATE_SHARE = 0.01;

  public LoadReport {
    endpoints = Map.copyOf(endpoints);
  }

  /** Latency percentiles in milliseconds over {@code count} answers. */
  public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
    static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), ms(h.getMean()));
    }

    private static double ms(double nanos) {
      return Math.round(nanos / 1e3) / 1e3;
    }

    String toJson() {
      return "{\"count\":" + count + ",\"p50_ms\":" + Format.json(p50) + ",\"p90_ms\":" + Format.json(p90)
          + ",\"p99_ms\":" + Format.json(p99) + ",\"p999_ms\":" + Format.json(p999) + ",\"max_ms\":"
          + Format.json(max) + ",\"mean_ms\":" + Format.json(mean) + "}";
    }
  }

  /**
   * Outcomes of one endpoint (or all): requests = successes (2xx) + the sum of errors.
   *
   * @param errors by type: {@code http_<status>} for answers outside 2xx, else connect, closed, timeout,
   *     not_sent or protocol
   * @param throughput successful answers per second of the measured window
   */
  public record EndpointStats(long requests, long successes, Map<String, Long> errors, double throughput,
      Latency latency) {
    public EndpointStats {
      errors = Map.copyOf(errors);
    }

    public long errorCount() {
      return requests - successes;
    }

    String toJson() {
      StringJoiner e = new StringJoiner(",", "{", "}");
      errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(x -> e.add(Format.json(x.getKey()) + ":" + x.getValue()));
      return "{\"requests\":" + requests + ",\"successes\":" + successes + ",\"errors\":" + e
          + ",\"throughput\":" + Format.json(Math.round(throughput * 10) / 10.0) + ",\"latency\":"
          + latency.toJson() + "}";
    }
  }

  /**
   * How the generator kept to its plan over the measured window.
   *
   * @param planned requests planned in the window (open loop) or sent in it (closed loop)
   * @param plannedRate planned requests per second over the window (the target rate once the ramp is done)
   * @param sentRate requests actually sent per second during the window
   * @param late requests the generator sent more than {@code lateAfter} behind schedule because it was
   *     itself behind (not because their connection was still waiting for an answer)
   * @param notSent planned requests never sent before the run ended
   * @param warmupDropped warm-up requests still unsent when the measurement began, dropped so that a
   *     warm-up backlog does not spill into the measured window
   * @param lag how long after their intended time requests were sent, whatever the cause
   */
  public record Sending(long planned, double plannedRate, double sentRate, long late, long notSent,
      long warmupDropped, Latency lag) {
    /**
     * True when at most {@link #MAX_LATE_SHARE} of the planned requests were late through the generator's
     * own fault; otherwise latencies include the generator's delays. Requests held back by a busy
     * connection, or never sent because the server stopped answering, are the server's doing: they show
     * as latency and as errors instead.
     */
    public boolean keptUp() {
      return late <= MAX_LATE_SHARE * planned;
    }
  }

  static LoadReport of(Plan plan, Tally t, ServerMetrics server) {
    double seconds = plan.spec.duration().toNanos() / 1e9;
    Map<Endpoint, EndpointStats> per = new EnumMap<>(Endpoint.class);
    Histogram all = Tally.histogram();
    Map<String, Long> allErrors = new LinkedHashMap<>();
    long requests = 0;
    long successes = 0;
    for (Endpoint e : Endpoint.values()) {
      EndpointStats s = stats(t, e, seconds);
      if (s.requests > 0) {
        per.put(e, s);
        all.add(t.latency[e.ordinal()]);
        s.errors.forEach((k, v) -> allErrors.merge(k, v, Long::sum));
        requests += s.requests;
        successes += s.successes;
      }
    }
    EndpointStats overall = new EndpointStats(requests, successes, allErrors, successes / seconds, Latency.of(all));
    long notSent = 0;
    for (long[] f : t.failures) {
      notSent += f[Failure.NOT_SENT.ordinal()];
    }
    long planned = plan.schedule == null ? requests : plan.schedule.measured();
    Sending sending = new Sending(planned, planned / seconds, t.sentInWindow / seconds, t.late, notSent,
        t.warmupDropped, Latency.of(t.sendLag));
    return new LoadReport(plan.spec, sending, per, overall, server);
  }

  private static EndpointStats stats(Tally t, Endpoint e, double seconds) {
    Map<String, Long> errors = new LinkedHashMap<>();
    long ok = 0;
    long requests = 0;
    long[] statuses = t.statuses[e.ordinal()];
    for (int s = 0; s < statuses.length; s++) {
      requests += statuses[s];
      if (s >= 200 && s < 300) {
        ok += statuses[s];
      } else if (statuses[s] > 0) {
        errors.put(s == 0 ? "http_invalid" : "http_" + s, statuses[s]);
      }
    }
    for (Failure f : Failure.values()) {
      long n = t.failures[e.ordinal()][f.ordinal()];
      if (n > 0) {
        errors.put(f.label, n);
        requests += n;
      }
    }
    return new EndpointStats(requests, ok, errors, ok / seconds, Latency.of(t.latency[e.ordinal()]));
  }

  /** The report as one JSON object. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(1024).append('{');
    sb.append("\"url\":").append(Format.json(spec.url().toString()));
    sb.append(",\"mode\":").append(Format.json(spec.closedLoop() ? "closed" : "open"));
    sb.append(",\"target_rate\":").append(spec.closedLoop() ? "null" : Format.json(spec.rate()));
    sb.append(",\"duration_s\":").append(Format.json(spec.duration().toNanos() / 1e9));
    sb.append(",\"warmup_s\":").append(Format.json(spec.warmup().toNanos() / 1e9));
    sb.append(",\"ramp_up_s\":").append(Format.json(spec.rampUp().toNanos() / 1e9));
    sb.append(",\"connections\":").append(spec.connections()).append(",\"in_flight\":").append(spec.inFlight());
    sb.append(",\"threads\":").append(spec.threads()).append(",\"users\":").append(spec.users());
    sb.append(",\"zipf_s\":").append(Format.json(spec.zipfExponent())).append(",\"items\":").append(spec.items());
    sb.append(",\"mix\":").append(Format.json(spec.mix().toString())).append(",\"k\":").append(spec.k());
    sb.append(",\"batch_size\":").append(spec.batchSize()).append(",\"seed\":").append(spec.seed());
    sb.append(",\"miss_cache\":").append(spec.missCache());
    sb.append(",\"sending\":{\"planned\":").append(sending.planned)
        .append(",\"planned_rate\":").append(Format.json(round1(sending.plannedRate)))
        .append(",\"sent_rate\":").append(Format.json(round1(sending.sentRate)))
        .append(",\"late\":").append(sending.late).append(",\"not_sent\":").append(sending.notSent)
        .append(",\"warmup_dropped\":").append(sending.warmupDropped)
        .append(",\"kept_up\":").append(sending.keptUp()).append(",\"lag\":").append(sending.lag.toJson()).append('}');
    sb.append(",\"overall\":").append(overall.toJson()).append(",\"endpoints\":{");
    StringJoiner per = new StringJoiner(",");
    for (Endpoint e : Endpoint.values()) {
      if (endpoints.containsKey(e)) {
        per.add(Format.json(e.label()) + ":" + endpoints.get(e).toJson());
      }
    }
    sb.append(per).append('}').append(",\"server\":").append(serverJson()).append('}');
    return sb.toString();
  }

  private String serverJson() {
    if (server == null) {
      return "null";
    }
    StringJoiner degraded = new StringJoiner(",", "{", "}");
    server.degraded().forEach((k, v) -> degraded.add(Format.json(k) + ":" + Format.json(v)));
    StringJoiner cache = new StringJoiner(",", "{", "}");
    for (String tier : new String[] {"l1", "l2"}) {
      cache.add(Format.json(tier) + ":{\"hits\":" + Format.json(server.cacheHits(tier)) + ",\"misses\":"
          + Format.json(server.cacheMisses(tier)) + ",\"hit_rate\":" + Format.json(server.hitRate(tier)) + "}");
    }
    return "{\"cache\":" + cache + ",\"answers\":" + jsonMap(server.answers()) + ",\"degraded\":" + degraded
        + ",\"degraded_share\":" + Format.json(server.degradedShare()) + ",\"shed\":" + Format.json(server.shed())
        + ",\"errors\":" + jsonMap(server.errors()) + "}";
  }

  private static String jsonMap(Map<String, Double> m) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    m.forEach((k, v) -> j.add(Format.json(k) + ":" + Format.json(v)));
    return j.toString();
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The report as a readable table. */
  public String toTable() {
    StringBuilder sb = new StringBuilder(1024);
    sb.append(spec.closedLoop() ? "closed loop" : "open loop, target " + Format.decimal(spec.rate(), 0) + " req/s")
        .append(", ").append(Format.duration(spec.duration())).append(" measured after ")
        .append(Format.duration(spec.warmup())).append(" warm-up");
    if (spec.rampUp().isPositive()) {
      sb.append(" (ramp-up ").append(Format.duration(spec.rampUp())).append(')');
    }
    sb.append(", ").append(spec.connections()).append(" connections x ").append(spec.inFlight())
        .append(" in flight, ").append(spec.threads()).append(" client thread(s)\n");
    sb.append(spec.url()).append(", users ").append(spec.users()).append(" (zipf s=")
        .append(Format.trimmed(spec.zipfExponent())).append("), mix ").append(spec.mix())
        .append(spec.missCache() ? ", every request with a fresh scene (cache bypassed)" : "").append('\n');
    sb.append(String.format(java.util.Locale.ROOT,
        "sending: planned %d (%s/s), sent %s/s, late %d, not sent %d, warm-up backlog dropped %d,"
            + " send lag p99 %s ms max %s ms -> %s%n",
        sending.planned, Format.decimal(sending.plannedRate, 1), Format.decimal(sending.sentRate, 1), sending.late,
        sending.notSent, sending.warmupDropped, Format.decimal(sending.lag.p99(), 3), Format.decimal(sending.lag.max(), 3),
        sending.keptUp() ? "generator kept up" : "GENERATOR DID NOT KEEP UP: latencies include its own delay"));
    sb.append(String.format(java.util.Locale.ROOT, "%n%-8s %10s %10s %8s %10s %9s %9s %9s %9s %9s%n",
        "endpoint", "requests", "success", "errors", "ok/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
    for (Endpoint e : Endpoint.values()) {
      if (endpoints.containsKey(e)) {
        row(sb, e.label(), endpoints.get(e));
      }
    }
    row(sb, "all", overall);
    if (!overall.errors.isEmpty()) {
      sb.append("errors:");
      for (Endpoint e : Endpoint.values()) {
        if (endpoints.containsKey(e)) {
          new java.util.TreeMap<>(endpoints.get(e).errors)
              .forEach((k, v) -> sb.append(' ').append(e.label()).append('/').append(k).append('=').append(v));
        }
      }
      sb.append('\n');
    }
    sb.append(serverLine());
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, EndpointStats s) {
    Latency l = s.latency;
    sb.append(String.format(java.util.Locale.ROOT, "%-8s %10d %10d %8d %10s %9s %9s %9s %9s %9s%n", name,
        s.requests, s.successes, s.errorCount(), Format.decimal(s.throughput, 1), Format.decimal(l.p50, 3),
        Format.decimal(l.p90, 3), Format.decimal(l.p99, 3), Format.decimal(l.p999, 3), Format.decimal(l.max, 3)));
  }

  private String serverLine() {
    if (server == null) {
      return "server counters: /metrics not available\n";
    }
    StringBuilder sb = new StringBuilder("server counters over the run: cache hit rate");
    for (String tier : new String[] {"l1", "l2"}) {
      sb.append(' ').append(tier).append(' ').append(Format.decimal(100 * server.hitRate(tier), 1)).append("% (")
          .append(Format.decimal(server.cacheHits(tier), 0)).append('/')
          .append(Format.decimal(server.cacheHits(tier) + server.cacheMisses(tier), 0)).append(')');
    }
    sb.append(", degraded ").append(server.degraded().isEmpty() ? "0" : "");
    server.degraded().forEach((k, v) -> sb.append(k).append('=').append(Format.decimal(v, 0)).append(' '));
    StringBuilder out = new StringBuilder(sb.toString().strip());
    out.append(" (").append(Format.decimal(100 * server.degradedShare(), 2)).append("% of answers), shed ")
        .append(Format.decimal(server.shed(), 0));
    if (!server.answers().isEmpty()) {
      out.append("\nanswers by source:");
      server.answers().forEach((k, v) -> out.append(' ').append(k).append('=').append(Format.decimal(v, 0)));
    }
    if (!server.errors().isEmpty()) {
      out.append("\nserver error answers by code:");
      server.errors().forEach((k, v) -> out.append(' ').append(k).append('=').append(Format.decimal(v, 0)));
    }
    return out.append('\n').toString();
  }
}
