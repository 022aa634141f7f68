package io.swarmrec.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives the connections of one event loop through the plan. It wakes at the earliest moment a connection
 * has a request due, sends everything due on every connection, and sleeps again; answers and connects
 * pump their own connection directly, so the pacer only handles the timer-driven part. A periodic tick
 * looks for timeouts and for the end of the run.
 *
 * <p>Living on the event loop keeps every send, answer and histogram update on one thread per loop:
 * handing work to the loop from a separate timer thread would cost a queue hand-off and a wake-up per
 * request, which on two cores is the budget of the request itself.
 */
final class Pacer implements Runnable {
  private static final long TICK = 10_000_000L;

  final EventLoop loop;
  final Bootstrap bootstrap;
  final RequestWriter writer;
  final Tally tally = new Tally();
  private final List<Connection> connections = new ArrayList<>();
  private final CountDownLatch done;
  private Plan plan;
  private long wakeAt = Connection.NEVER;
  private long nextTimeoutCheck;
  private boolean finished;

  Pacer(EventLoop loop, LoadSpec spec, CountDownLatch done) {
    this.loop = loop;
    this.done = done;
    this.writer = new RequestWriter(spec);
    this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, spec.timeout().toMillis()));
  }

  void add(Connection c) {
    connections.add(c);
  }

  /** Opens every connection of this loop; settled counts down once per connection, open or failed. */
  void preconnect(CountDownLatch settled) {
    for (Connection c : connections) {
      c.preconnect(settled::countDown);
    }
  }

  /** Starts the plan on this loop (call on the loop). */
  void begin(Plan p) {
    plan = p;
    for (Connection c : connections) {
      c.begin(p);
    }
    wakeBy(p.start);
  }

  /** Makes sure the pacer runs again no later than t. */
  void wakeBy(long t) {
    if (t < wakeAt && !finished) {
      wakeAt = t;
      loop.schedule(this, Math.max(0, t - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void run() {
    if (finished) {
      return;
    }
    wakeAt = Connection.NEVER;
    long now = System.nanoTime();
    if (now >= plan.giveUp) {
      stop(now);
      return;
    }
    boolean checkTimeouts = now >= nextTimeoutCheck;
    if (checkTimeouts) {
      nextTimeoutCheck = now + TICK;
    }
    boolean allFinished = true;
    long next = now + TICK;
    for (Connection c : connections) {
      if (checkTimeouts) {
        c.checkTimeout(now);
      }
      c.pump(now, true);
      allFinished &= c.finished(now);
      next = Math.min(next, c.wakeAt(now));
    }
    if (allFinished) {
      stop(now);
    } else {
      wakeBy(next);
    }
  }

  /** Ends this loop's part of the run (also called when the run is cut short). */
  void stop(long now) {
    if (!finished) {
      finished = true;
      for (Connection c : connections) {
        c.abort(now);
      }
      done.countDown();
    }
  }
}
