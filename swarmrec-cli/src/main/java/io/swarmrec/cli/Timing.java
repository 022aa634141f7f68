package io.swarmrec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/** Wall-clock helpers of the bench commands. */
final class Timing {
  private Timing() {}

  /** Seconds since {@code t0} ({@link System#nanoTime()}), rounded to milliseconds. */
  static double secondsSince(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1e3;
  }

  /**
   * Calls per second of {@code call} on {@code threads} threads for {@code seconds} of wall time. Each
   * thread passes an increasing counter starting at its own offset (thread t starts at {@code t * 7919}), so
   * threads walk a sample from different places.
   */
  static double perSecond(int threads, double seconds, IntConsumer call) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t * 7919;
      Thread th = new Thread(() -> {
        long n = 0;
        for (int i = offset; System.nanoTime() < end; i++) {
          call.accept(i);
          n++;
        }
        done.addAndGet(n);
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    return done.get() / ((System.nanoTime() - t0) / 1e9);
  }
}
