package io.swarmrec.load;

/**
 * The open-loop plan: request i is meant to leave at offset t(i) from the start, whatever happened to
 * earlier requests. Latency is then measured from t(i), not from the moment the request could actually
 * be written, so a stalled server or a saturated connection shows up as the queueing delay every real
 * client behind it would see, instead of being silently skipped ("coordinated omission", G. Tene, "How
 * NOT to measure latency", 2015; the same correction as wrk2).
 *
 * <p>With a linear ramp of length R to rate r, the number of requests due by time t is
 * N(t) = r t^2 / (2R) during the ramp and r R / 2 + r (t - R) after it; t(i) inverts N. Request i goes to
 * connection i mod K, so each connection runs at r / K, phase-shifted from its neighbours.
 */
final class Schedule {
  private static final double NANOS = 1e9;

  private final double rate;
  private final double rampNanos;
  private final double rampRequests;
  private final long firstMeasured;
  private final long total;

  Schedule(double ratePerSecond, long rampNanos, long warmupNanos, long endNanos) {
    this.rate = ratePerSecond;
    this.rampNanos = rampNanos;
    this.rampRequests = rate * rampNanos / NANOS / 2;
    this.firstMeasured = ceil(due(warmupNanos));
    this.total = ceil(due(endNanos));
  }

  /** Ceiling that forgives rounding noise: 40000.000000001 requests due means 40000. */
  private static long ceil(double v) {
    return (long) Math.ceil(v - 1e-6);
  }

  /** Requests due by offset t: N(t). */
  double due(long t) {
    if (t < rampNanos) {
      return rate * ((double) t * t / rampNanos) / NANOS / 2;
    }
    return rampRequests + rate * (t - rampNanos) / NANOS;
  }

  /** Intended send offset of request i, in nanoseconds from the start: t(i). */
  long intendedNanos(long i) {
    if (i < rampRequests) {
      return (long) Math.sqrt(2 * rampNanos * (i * NANOS / rate));
    }
    return (long) (rampNanos + (i - rampRequests) * NANOS / rate);
  }

  /** Index of the first request whose answer is recorded (the warm-up ends before it). */
  long firstMeasured() {
    return firstMeasured;
  }

  /** Requests in the whole plan, warm-up included. */
  long total() {
    return total;
  }

  /** Requests that are recorded: about rate x duration when the ramp ends within the warm-up. */
  long measured() {
    return total - firstMeasured;
  }
}
