package io.swarmrec.eval;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Running work inside a chosen {@link ForkJoinPool}. Parallel streams started by a task of a pool run in
 * that pool, so this is how a thread limit reaches code (training, {@code recommendAll}) that just uses
 * parallel streams. Failures come back as they were thrown: a fork/join task that fails in another thread
 * is rethrown as a reflective copy wrapping the original (message: the original's {@code toString()}),
 * and those copies are peeled off here.
 */
public final class PoolTasks {
  private PoolTasks() {}

  /** Runs {@code task} in {@code pool} and waits for its result. */
  public static <T> T call(ForkJoinPool pool, Callable<T> task) {
    return await(pool.submit(task));
  }

  /** The result of {@code future}, its failure rethrown unwrapped when unchecked. */
  public static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = original(e.getCause());
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  private static Throwable original(Throwable t) {
    while (t.getCause() != null && t.getCause().getClass() == t.getClass()
        && String.valueOf(t.getCause()).equals(t.getMessage())) {
      t = t.getCause();
    }
    return t;
  }
}
