package io.swarmrec.server.engine;

import io.swarmrec.server.metrics.Metrics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The engine's threads and overload guards, in one place.
 *
 * <p>Scoring runs on a fixed pool of worker threads behind a bounded queue, and each scoring call first
 * takes a permit; with none left the call is refused at once ({@link Refusal.Overloaded}, 429 over HTTP)
 * instead of waiting in an unbounded queue: by Little's law a queue in front of a saturated service only
 * adds waiting time. Blocking store calls run on a separate I/O pool so that they never hold a worker.
 */
final class Guards implements AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final ExecutorService io;
  private final Semaphore permits;
  private final int maxConcurrent;
  private final Metrics metrics;

  Guards(int threads, int maxConcurrent, Metrics metrics) {
    this.maxConcurrent = maxConcurrent;
    this.metrics = metrics;
    this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(64, maxConcurrent * 2)), daemons("swarmrec-worker-"));
    this.io = Executors.newFixedThreadPool(Math.max(4, threads * 2), daemons("swarmrec-io-"));
    this.permits = new Semaphore(maxConcurrent);
    metrics.gauge("swarmrec_inflight_scoring", "Scoring calls holding a permit",
        cb -> cb.call(maxConcurrent - permits.availablePermits()));
    metrics.gauge("swarmrec_worker_queue", "Tasks waiting for a worker thread", cb -> cb.call(workers.getQueue().size()));
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  ExecutorService workers() {
    return workers;
  }

  ExecutorService io() {
    return io;
  }

  /**
   * Runs scoring work on a worker under a permit. The returned future fails with {@link Refusal.Overloaded}
   * when no permit is free and with {@link Refusal.Unavailable} when the worker queue is full; the permit is
   * given back when the work ends, whether or not the caller still waits for it.
   */
  <T> CompletableFuture<T> scoring(Supplier<T> work) {
    if (!permits.tryAcquire()) {
      metrics.shed.inc();
      return CompletableFuture.failedFuture(new Refusal.Overloaded("too many requests in flight; retry shortly"));
    }
    CompletableFuture<T> f;
    try {
      f = CompletableFuture.supplyAsync(work, workers);
    } catch (RejectedExecutionException e) {
      permits.release();
      metrics.shed.inc();
      return CompletableFuture.failedFuture(queueFull());
    }
    f.whenComplete((x, t) -> permits.release());
    return f;
  }

  /** Runs work on a worker without a permit (bulk jobs such as a simulation step, lookups). */
  <T> CompletableFuture<T> onWorker(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, workers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(queueFull());
    }
  }

  private static Refusal queueFull() {
    return new Refusal.Unavailable("overloaded", "worker queue full; retry shortly", 1);
  }

  int maxConcurrent() {
    return maxConcurrent;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    io.shutdown();
    try {
      io.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
