package io.swarmrec.eval.synthetic;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Produces numbered blocks on a pool of worker threads and consumes them on the calling thread strictly in
 * block order. At most two blocks per worker are in flight, which keeps every core busy while the consumer
 * writes, and bounds memory to a few blocks whatever the total size. Because each block's content depends
 * only on its number, the consumed sequence is the same for any thread count.
 */
final class OrderedPipeline {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private OrderedPipeline() {}

  @FunctionalInterface
  interface Producer<T> {
    T produce(int block);
  }

  @FunctionalInterface
  interface Consumer<T, X extends Exception> {
    void accept(T result) throws X;
  }

  static <T, X extends Exception> void run(int blocks, int threads, Producer<T> producer, Consumer<T, X> consumer)
      throws X {
    ExecutorService pool = Executors.newFixedThreadPool(threads, workers());
    try {
      ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
      int next = 0;
      for (int done = 0; done < blocks; done++) {
        while (next < blocks && inFlight.size() < 2 * threads) {
          int b = next++;
          inFlight.add(pool.submit(() -> producer.produce(b)));
        }
        consumer.accept(await(inFlight.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while generating");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static ThreadFactory workers() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "swarmrec-generate-" + pool + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
