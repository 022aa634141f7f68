package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A circuit breaker (Nygard, "Release It!", 2007) counting consecutive failures. Once {@code threshold}
 * calls in a row have failed, calls are refused for a cool-down, then one probe is let through per
 * cool-down until one succeeds. It matters when Redis hangs rather than drops the connection: each
 * command would then wait its full timeout, and every cache miss would pay it; with the breaker open,
 * misses go straight to computation.
 */
final class ConsecutiveFailureBreaker {
  private final int threshold;
  private final long coolDownNanos;
  private final Ticker ticker;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong nextProbe = new AtomicLong();

  ConsecutiveFailureBreaker(int threshold, long coolDownNanos, Ticker ticker) {
    this.threshold = threshold;
    this.coolDownNanos = coolDownNanos;
    this.ticker = ticker;
  }

  boolean allow() {
    if (failures.get() < threshold) {
      return true;
    }
    long due = nextProbe.get();
    long now = ticker.read();
    return now - due >= 0 && nextProbe.compareAndSet(due, now + coolDownNanos);
  }

  /** Returns true when this failure opened the breaker. */
  boolean failure() {
    if (failures.incrementAndGet() == threshold) {
      nextProbe.set(ticker.read() + coolDownNanos);
      return true;
    }
    return false;
  }

  /** Returns true when this success closed an open breaker. */
  boolean success() {
    return failures.getAndSet(0) >= threshold;
  }

  void reset() {
    failures.set(0);
  }
}
