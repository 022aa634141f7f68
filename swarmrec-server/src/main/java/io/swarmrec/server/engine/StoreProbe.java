package io.swarmrec.server.engine;

import io.swarmrec.store.InteractionStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the store answers, for readiness: a cheap query ({@link InteractionStore#lastSequence}) every
 * {@code intervalMs} on a thread of its own. The store counts as reachable while the last successful answer
 * is younger than {@code staleMs}, so a probe that hangs (a dead network, a full pool) turns readiness off
 * too, not only one that fails.
 */
final class StoreProbe implements AutoCloseable {
  private final InteractionStore store;
  private final long staleNanos;
  private final ScheduledExecutorService timer;
  private volatile long lastOkNanos = System.nanoTime();
  private volatile String lastError;

  StoreProbe(InteractionStore store, long intervalMs, long staleMs) {
    this.store = store;
    this.staleNanos = TimeUnit.MILLISECONDS.toNanos(staleMs);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "swarmrec-store-probe");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::probe, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  private void probe() {
    try {
      store.lastSequence();
      lastOkNanos = System.nanoTime();
      lastError = null;
    } catch (RuntimeException e) {
      lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  boolean reachable() {
    return System.nanoTime() - lastOkNanos < staleNanos;
  }

  /** The last probe's failure, or null. */
  String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
