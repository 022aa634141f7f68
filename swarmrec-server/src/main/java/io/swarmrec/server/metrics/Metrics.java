package io.swarmrec.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The service's Prometheus metrics in one registry per service instance (so two instances in one JVM, as in
 * the replica tests, do not mix their figures). Latency histograms use fixed buckets from 100 us to 10 s,
 * fine enough around the 1-20 ms range the service targets. Figures owned by other components (cache
 * tiers, store pool, model sizes) are read at scrape time through callbacks, so their hot paths only bump
 * their own counters.
 */
public final class Metrics {
  private static final double[] LATENCY_BOUNDS = {
      0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075,
      0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  public final Histogram httpSeconds;
  public final Histogram recommendSeconds;
  public final Counter errors;
  public final Counter degraded;
  public final Counter shed;
  public final Counter events;
  public final Histogram modelBuildSeconds;
  public final Counter storeFailures;
  public final Counter skippedRows;

  /** Children of the histograms by label values, so a request does not look its labels up in the metric. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, DistributionDataPoint>> recommendChildren =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicReferenceArray<DistributionDataPoint>>>
      httpChildren = new ConcurrentHashMap<>();

  public Metrics() {
    httpSeconds = Histogram.builder().name("swarmrec_http_request_seconds")
        .help("HTTP request latency by method, route and status").labelNames("method", "route", "status")
        .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    recommendSeconds = Histogram.builder().name("swarmrec_recommend_seconds")
        .help("Time to answer one user's recommendation, by algorithm and source (l1, l2, computed, fallback)")
        .labelNames("algo", "source").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    errors = Counter.builder().name("swarmrec_errors").help("Error answers by stable error code")
        .labelNames("code").register(registry);
    degraded = Counter.builder().name("swarmrec_degraded").help("Answers served from the popularity fallback, by reason")
        .labelNames("reason").register(registry);
    shed = Counter.builder().name("swarmrec_shed").help("Requests refused by the concurrency limit (429)")
        .register(registry);
    events = Counter.builder().name("swarmrec_events_ingested").help("Events durably stored").register(registry);
    modelBuildSeconds = Histogram.builder().name("swarmrec_model_build_seconds").help("Model build durations")
        .classicOnly().classicUpperBounds(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800).register(registry);
    storeFailures = Counter.builder().name("swarmrec_store_failures")
        .help("Store calls that failed or timed out and were answered store_unavailable, by reason")
        .labelNames("reason").register(registry);
    skippedRows = Counter.builder().name("swarmrec_skipped_rows")
        .help("Stored rows a rebuild could not use and left out, by reason").labelNames("reason").register(registry);
    JvmMetrics.builder().register(registry);
  }

  /**
   * The {@link #recommendSeconds} child for these labels. Prometheus' own {@code labelValues} builds a label
   * list and hashes it on every call; label values here come from small fixed sets (served algorithms,
   * sources), so their children are kept in two nested maps keyed by the strings themselves.
   */
  public DistributionDataPoint recommendSeconds(String algo, String source) {
    ConcurrentHashMap<String, DistributionDataPoint> bySource = recommendChildren.get(algo);
    if (bySource == null) {
      bySource = recommendChildren.computeIfAbsent(algo, a -> new ConcurrentHashMap<>());
    }
    DistributionDataPoint p = bySource.get(source);
    if (p == null) {
      p = bySource.computeIfAbsent(source, src -> recommendSeconds.labelValues(algo, src));
    }
    return p;
  }

  /** The {@link #httpSeconds} child for these labels (method and route from fixed sets, status 100..599). */
  public DistributionDataPoint httpSeconds(String method, String route, int status) {
    if (status < 100 || status > 599) {
      return httpSeconds.labelValues(method, route, Integer.toString(status));
    }
    ConcurrentHashMap<String, AtomicReferenceArray<DistributionDataPoint>> byMethod = httpChildren.get(route);
    if (byMethod == null) {
      byMethod = httpChildren.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
    }
    AtomicReferenceArray<DistributionDataPoint> byStatus = byMethod.get(method);
    if (byStatus == null) {
      byStatus = byMethod.computeIfAbsent(method, m -> new AtomicReferenceArray<>(500));
    }
    DistributionDataPoint p = byStatus.get(status - 100);
    if (p == null) {
      p = httpSeconds.labelValues(method, route, Integer.toString(status)); // the same child if two threads race
      byStatus.set(status - 100, p);
    }
    return p;
  }

  /** Registers a gauge read at scrape time. */
  public void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback, String... labels) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
  }

  /** Registers a counter read at scrape time (a monotonic figure kept by another component). */
  public void counter(String name, String help, Consumer<CounterWithCallback.Callback> callback, String... labels) {
    CounterWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** The Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
