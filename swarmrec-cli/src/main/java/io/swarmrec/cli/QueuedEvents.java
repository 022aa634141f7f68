package io.swarmrec.cli;

import io.swarmrec.eval.synthetic.SyntheticScenario;
import io.swarmrec.store.Event;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs a producer of events (a file parser, a generator) on its own thread into a bounded queue, and hands
 * them to {@link io.swarmrec.store.InteractionStore#importEvents} as an iterator: producing and storing
 * overlap, and memory stays flat whatever the number of events. A producer failure surfaces from the
 * iterator after the events before it (which the store keeps). The time the consumer spent waiting on an
 * empty queue is kept, so a caller can tell whether the producer or the store set the pace.
 */
final class QueuedEvents extends Thread {
  /** Pushes every event into the sink, then returns. */
  interface Producer {
    void produce(Consumer<Event> sink) throws IOException;
  }

  private static final Event END = Event.of("end", "end", "view", Event.NO_TIME);

  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(65_536);
  private final Producer producer;
  private final String source;
  private volatile RuntimeException failure;
  private long waitedNanos;

  /** A daemon thread named {@code name}; {@code source} names the input in a read error ("cannot read X"). */
  QueuedEvents(String name, String source, Producer producer) {
    super(name);
    setDaemon(true);
    this.source = source;
    this.producer = producer;
  }

  @Override
  public void run() {
    try {
      producer.produce(this::put);
    } catch (IOException e) {
      failure = new IllegalArgumentException("cannot read " + source + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      put(END);
    }
  }

  private void put(Event e) {
    try {
      queue.put(e);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("import interrupted", ex);
    }
  }

  /** The scenario's events, generated on {@code threads} threads, as the store's events (ratings keep their value). */
  static QueuedEvents of(SyntheticScenario scenario, int threads) {
    return new QueuedEvents("swarmrec-generator", "the synthetic scenario", sink -> scenario.generate(
        (agent, item, kind, value, epochSecond) -> sink.accept(new Event(
            SyntheticScenario.agentId(agent),
            SyntheticScenario.itemId(item), kind.label(),
            kind.label().equals("rating") ? value : Event.NO_VALUE, epochSecond)), threads));
  }

  /** Seconds the consumer waited for the producer so far (read it from the consuming thread, or after join). */
  double waitedSeconds() {
    return waitedNanos / 1e9;
  }

  /** The events in production order; one consumer only. */
  Iterator<Event> iterator() {
    return new Iterator<>() {
      private Event next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = queue.poll();
          if (next == null) {
            long t0 = System.nanoTime();
            try {
              next = queue.take();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("import interrupted", e);
            }
            waitedNanos += System.nanoTime() - t0;
          }
        }
        if (next == END) {
          if (failure != null) {
            throw failure; // nothing after the failure is stored; what came before is
          }
          return false;
        }
        return true;
      }

      @Override
      public Event next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Event e = next;
        next = null;
        return e;
      }
    };
  }
}
