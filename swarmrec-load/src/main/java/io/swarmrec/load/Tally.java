package io.swarmrec.load;

import org.HdrHistogram.Histogram;

/**
 * What one event loop observed: latency histograms and outcome counters per endpoint, and how far behind
 * schedule its sends went. Confined to its loop's thread while the run lasts (no atomics, no sharing on
 * the hot path); tallies are merged once the loops have stopped.
 */
final class Tally {
  /** Latencies from 1 us (resolution) to an hour, three significant digits, in nanoseconds. */
  static final long LOWEST = 1_000;
  static final long HIGHEST = 3_600_000_000_000L;
  private static final int STATUSES = 600;

  final Histogram[] latency = new Histogram[Endpoint.values().length];
  final long[][] statuses = new long[Endpoint.values().length][STATUSES];
  final long[][] failures = new long[Endpoint.values().length][Failure.values().length];
  final Histogram sendLag = histogram();
  long late;
  long sentInWindow;
  long warmupDropped;

  Tally() {
    for (int e = 0; e < latency.length; e++) {
      latency[e] = histogram();
    }
  }

  static Histogram histogram() {
    return new Histogram(LOWEST, HIGHEST, 3);
  }

  /**
   * A request left, lag after its intended time; late when the generator itself was behind; inWindow when
   * it left during the measurement (what the achieved send rate counts).
   */
  void sent(boolean measured, long lagNanos, boolean isLate, boolean inWindow) {
    if (measured) {
      sendLag.recordValue(clamp(lagNanos));
      late += isLate ? 1 : 0;
    }
    sentInWindow += inWindow ? 1 : 0;
  }

  void answered(Endpoint e, int status, long latencyNanos) {
    statuses[e.ordinal()][status >= 0 && status < STATUSES ? status : 0]++;
    latency[e.ordinal()].recordValue(clamp(latencyNanos));
  }

  void failed(Endpoint e, Failure f) {
    failures[e.ordinal()][f.ordinal()]++;
  }

  void add(Tally o) {
    for (int e = 0; e < latency.length; e++) {
      latency[e].add(o.latency[e]);
      for (int s = 0; s < STATUSES; s++) {
        statuses[e][s] += o.statuses[e][s];
      }
      for (int f = 0; f < failures[e].length; f++) {
        failures[e][f] += o.failures[e][f];
      }
    }
    sendLag.add(o.sendLag);
    late += o.late;
    sentInWindow += o.sentInWindow;
    warmupDropped += o.warmupDropped;
  }

  private static long clamp(long nanos) {
    return Math.max(0, Math.min(HIGHEST, nanos));
  }
}
