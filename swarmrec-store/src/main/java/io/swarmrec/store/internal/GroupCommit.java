package io.swarmrec.store.internal;

import io.swarmrec.store.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit: appends arriving concurrently are written by one committer thread in one transaction, so
 * that the fixed cost of a commit (the write lock, the transaction, the log write and, with a synchronous
 * commit, the flush) and the page writes of the index upkeep are paid once per group instead of once per
 * caller.
 *
 * <p>The loop is the classic one of database logs (DeWitt et al., "Implementation techniques for main
 * memory database systems", SIGMOD 1984; Helland et al., "Group commit timers and high volume transaction
 * systems", HPTS 1987), without a timer: the committer takes the oldest waiting batch, adds every batch
 * that queued behind it up to {@link #MAX_GROUP_EVENTS} events, commits them together, completes their
 * futures, and starts over. Nobody waits for a group to fill: a lone caller is committed at once, and under
 * load the group is whatever arrived while the previous commit ran, so groups grow exactly when commits
 * are the bottleneck. A batch is never split (each stays atomic); one larger than the bound is a group on
 * its own. Source positions given with a batch ({@link #submit(List, Map)}) are written in the transaction of
 * its group, later batches' positions replacing earlier ones of the same source.
 *
 * <p>A caller's future completes only after the transaction holding its batch committed, with the sequence
 * id of the batch's last event; when the transaction fails, every batch in it is rolled back and every
 * future of the group fails with the same exception. Nothing acknowledged can be lost by a later failure.
 * Futures complete on the committer thread, so dependent work belongs in async stages.
 *
 * <p>{@link #close} commits what was submitted before it, then stops the thread; later submissions fail.
 */
final class GroupCommit {
  /** Most events one group commits (a single larger batch is committed alone). */
  static final int MAX_GROUP_EVENTS = 16_384;

  /**
   * Writes batches and the source positions given with them in one transaction and returns the sequence id of
   * each batch's last event.
   */
  @FunctionalInterface
  interface Writer {
    long[] commit(List<List<Event>> batches, Map<String, Long> positions);
  }

  private record Pending(List<Event> events, Map<String, Long> positions, CompletableFuture<Long> done) {}

  private static final Pending STOP = new Pending(List.of(), Map.of(), new CompletableFuture<>());

  private final String name;
  private final Writer writer;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private Thread thread; // started by the first submission
  private boolean closed; // guarded by this

  GroupCommit(String name, Writer writer) {
    this.name = name;
    this.writer = writer;
  }

  /** Queues a non-empty, checked batch; the future completes when it is committed or its group failed. */
  CompletableFuture<Long> submit(List<Event> events) {
    return submit(events, Map.of());
  }

  /** {@link #submit(List)} with source positions to record in the same transaction (checked, not null). */
  CompletableFuture<Long> submit(List<Event> events, Map<String, Long> positions) {
    Pending p = new Pending(events, positions, new CompletableFuture<>());
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      if (thread == null) {
        thread = Thread.ofPlatform().name(name + "-group-commit").daemon(true).start(this::run);
      }
      queue.add(p);
    }
    return p.done;
  }

  /** Batches waiting for the committer (not counting the group being committed). */
  int queued() {
    return queue.size();
  }

  /** Commits everything submitted so far, then stops the committer; idempotent. */
  void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
      queue.add(STOP);
    }
    if (t == null) {
      return;
    }
    joinUninterruptibly(t);
  }

  /** Waits for {@code t} to end, even when interrupted (the interrupt is kept for the caller). */
  static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    List<List<Event>> batches = new ArrayList<>();
    Map<String, Long> positions = new HashMap<>();
    while (true) {
      Pending first = take();
      if (first == STOP) {
        return;
      }
      group.add(first);
      int events = first.events.size();
      for (Pending next = queue.peek(); next != null && next != STOP
          && events + next.events.size() <= MAX_GROUP_EVENTS; next = queue.peek()) {
        queue.poll(); // only this thread removes, so the head is still the one peeked
        group.add(next);
        events += next.events.size();
      }
      for (Pending p : group) {
        batches.add(p.events);
        positions.putAll(p.positions);
      }
      commit(group, batches, positions);
      group.clear();
      batches.clear();
      positions.clear();
    }
  }

  private void commit(List<Pending> group, List<List<Event>> batches, Map<String, Long> positions) {
    long[] last;
    try {
      last = writer.commit(batches, positions);
    } catch (Throwable e) { // the whole group rolled back: every caller in it learns why
      for (Pending p : group) {
        p.done.completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done.complete(last[i]);
    }
  }

  private Pending take() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // only close() stops the committer, through the queue, so that nothing queued is dropped
      }
    }
  }
}
