package io.swarmrec.eval;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A rate-limited progress line for long work ("evaluating: 12,288/29,858 users (41%), 3,071 users/s").
 * Silent for the first interval, so quick runs print nothing, then at most one line per interval.
 * Not thread-safe: report from one thread.
 */
public final class Progress {
  /** Reports nothing. */
  public static final Progress NONE = new Progress(null, "", "", System::nanoTime, Long.MAX_VALUE);
  private static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final PrintWriter out;
  private final String task;
  private final String unit;
  private final LongSupplier clock;
  private final long intervalNanos;
  private final long startNanos;
  private long nextNanos;

  Progress(PrintWriter out, String task, String unit, LongSupplier clock, long intervalNanos) {
    this.out = out;
    this.task = task;
    this.unit = unit;
    this.clock = clock;
    this.intervalNanos = intervalNanos;
    this.startNanos = clock.getAsLong();
    this.nextNanos = out == null ? Long.MAX_VALUE : startNanos + intervalNanos;
  }

  /** Progress of {@code task}, counted in {@code unit}s, written to {@code out} every two seconds at most. */
  public static Progress to(PrintWriter out, String task, String unit) {
    return new Progress(out, task, unit, System::nanoTime, DEFAULT_INTERVAL_NANOS);
  }

  /** Reports {@code done} of {@code total} units ({@code total <= 0}: unknown). */
  public void update(long done, long total) {
    long now = clock.getAsLong();
    if (now < nextNanos) {
      return;
    }
    nextNanos = now + intervalNanos;
    double rate = done / Math.max(1e-9, (now - startNanos) / 1e9);
    String count = total > 0
        ? String.format(Locale.ROOT, "%,d/%,d %s (%d%%)", done, total, unit, 100 * done / total)
        : String.format(Locale.ROOT, "%,d %s", done, unit);
    out.println(String.format(Locale.ROOT, "%s: %s, %,.0f %s/s", task, count, rate, unit));
    out.flush();
  }
}
