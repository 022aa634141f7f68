package io.swarmrec.core.vector;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A parallel loop over {@code [0, n)} cut into fixed blocks, for training and batch scoring.
 *
 * <p>Blocks are handed out dynamically (a shared counter), which balances skewed work such as users with
 * very different history lengths; the partition itself depends only on {@code n} and the block size, never
 * on the number of threads. A body that writes only its own block's outputs, or a per-block partial that
 * the caller combines in block order, therefore gives bit-identical results for any thread count. The
 * calling thread works too; the first failure is rethrown once every thread has stopped.
 */
public final class ParallelBlocks {

  /** The work for one block {@code [from, to)}; {@code worker} in {@code [0, threads)} indexes scratch. */
  @FunctionalInterface
  public interface Body {
    void run(int worker, int block, int from, int to);
  }

  private ParallelBlocks() {}

  /** Number of blocks {@link #run} cuts {@code n} into. */
  public static int blocks(int n, int blockSize) {
    return (n + blockSize - 1) / blockSize;
  }

  public static void run(int n, int blockSize, int threads, Body body) {
    if (blockSize < 1 || threads < 1) {
      throw new IllegalArgumentException("block size and threads must be >= 1, got " + blockSize + ", " + threads);
    }
    int blocks = blocks(n, blockSize);
    int workers = Math.min(threads, blocks);
    AtomicInteger next = new AtomicInteger();
    if (workers <= 1) {
      work(0, next, blocks, n, blockSize, body);
      return;
    }
    Throwable[] failure = new Throwable[1];
    Thread[] pool = new Thread[workers - 1];
    for (int w = 1; w < workers; w++) {
      int worker = w;
      pool[w - 1] = Thread.ofPlatform().name("swarmrec-worker-" + w).start(() -> {
        try {
          work(worker, next, blocks, n, blockSize, body);
        } catch (Throwable t) {
          synchronized (failure) {
            failure[0] = failure[0] == null ? t : failure[0];
          }
          next.set(blocks); // stop the others early
        }
      });
    }
    try {
      work(0, next, blocks, n, blockSize, body);
    } catch (RuntimeException | Error e) {
      next.set(blocks);
      joinAll(pool);
      throw e;
    }
    joinAll(pool);
    synchronized (failure) {
      if (failure[0] instanceof RuntimeException e) {
        throw e;
      }
      if (failure[0] instanceof Error e) {
        throw e;
      }
      if (failure[0] != null) {
        throw new IllegalStateException(failure[0]);
      }
    }
  }

  private static void work(int worker, AtomicInteger next, int blocks, int n, int blockSize, Body body) {
    for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
      int from = b * blockSize;
      body.run(worker, b, from, Math.min(n, from + blockSize));
    }
  }

  private static void joinAll(Thread[] pool) {
    boolean interrupted = false;
    for (Thread t : pool) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
