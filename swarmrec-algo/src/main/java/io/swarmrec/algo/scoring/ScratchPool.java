package io.swarmrec.algo.scoring;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A small lock-free pool of reusable scratch objects (dense score arrays, heaps) for request paths.
 *
 * <p>Why not a {@link ThreadLocal}: a model is immutable and replaced wholesale on every rebuild, and a
 * thread-local would pin one multi-megabyte scratch per thread that ever served the old model until
 * the thread dies; with virtual threads, which live for one request, it would allocate a fresh scratch
 * on every call. A pool holds at most a few objects per core whatever the thread model, and goes away
 * with the model.
 *
 * <p>Mechanism: a power-of-two array of slots. A thread starts probing at a slot derived from its id,
 * so threads on different cores rarely meet on the same slot; {@link #acquire()} takes the first
 * occupied slot by compare-and-set (or builds a new object when all are empty) and {@link #release}
 * puts the object back into the first empty slot (or drops it when the pool is full). In steady state
 * neither call allocates.
 */
public final class ScratchPool<T> {
  private final AtomicReferenceArray<T> slots;
  private final Supplier<? extends T> factory;
  private final int mask;

  public ScratchPool(Supplier<? extends T> factory) {
    this(factory, 2 * Runtime.getRuntime().availableProcessors());
  }

  public ScratchPool(Supplier<? extends T> factory, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("pool capacity must be >= 1, got " + capacity);
    }
    int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
    this.slots = new AtomicReferenceArray<>(size);
    this.factory = factory;
    this.mask = size - 1;
  }

  /** An object for the caller's exclusive use until it is {@linkplain #release released}. */
  public T acquire() {
    int start = home();
    for (int i = 0; i <= mask; i++) {
      int s = (start + i) & mask;
      T t = slots.get(s);
      if (t != null && slots.compareAndSet(s, t, null)) {
        return t;
      }
    }
    return factory.get();
  }

  /** Returns an object obtained from {@link #acquire()}; the caller must not touch it afterwards. */
  public void release(T t) {
    int start = home();
    for (int i = 0; i <= mask; i++) {
      int s = (start + i) & mask;
      if (slots.get(s) == null && slots.compareAndSet(s, null, t)) {
        return;
      }
    }
  }

  /** Number of idle objects held (for tests and memory accounting). */
  public int idle() {
    int n = 0;
    for (int s = 0; s <= mask; s++) {
      n += slots.get(s) == null ? 0 : 1;
    }
    return n;
  }

  private static int home() {
    long id = Thread.currentThread().threadId();
    int h = (int) (id * 0x9E3779B97F4A7C15L >>> 32);
    return h ^ (h >>> 16);
  }
}
