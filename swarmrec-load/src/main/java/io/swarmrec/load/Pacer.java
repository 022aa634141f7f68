package io.swarmrec.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives the connections of one event loop through the plan. A pass sends everything due on every
 * connection and notes when the next request falls due; answers and connects pump their own connection
 * directly. A periodic tick looks for timeouts and for the end of the run.
 *
 * <p>When to pass is the delicate part. Netty's NIO loop cannot sleep less than a millisecond: a timer
 * due sooner makes it spin on selectNow, and a generator spinning at 100 % of a core on a two-core
 * machine measures mostly its own interference with the server. So timer wake-ups are at least
 * {@link #MIN_SLEEP} apart, and in between a pass also runs whenever an answer arrives after the next
 * request fell due ({@link #onAnswer}): under load answers arrive all the time and requests leave
 * within microseconds of their intended time; at low rates they may leave up to about a millisecond late,
 * which the send-lag figures show and the latency (measured from the intended time) includes.
 *
 * <p>Living on the event loop keeps every send, answer and histogram update on one thread per loop:
 * handing work to the loop from a separate timer thread would cost a queue hand-off and a wake-up per
 * request, which on two cores is the budget of the request itself.
 */
final class Pacer implements Runnable {
  private static final long TICK = 10_000_000L;
  private static final long MIN_SLEEP = 1_000_000L;
  /** Passes triggered by answers are at least this far apart, so a pass costs O(K) at most this often. */
  private static final long MIN_PASS_GAP = 50_000L;

  final EventLoop loop;
  final Bootstrap bootstrap;
  final RequestWriter writer;
  final Tally tally = new Tally();
  private final List<Connection> connections = new ArrayList<>();
  private final CountDownLatch done;
  private Plan plan;
  private long wakeAt = Connection.NEVER;
  private long dueAt = Connection.NEVER;
  private long lastPass;
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

  /** Makes sure the pacer passes again once t has come (by timer, or earlier on an answer). */
  void wakeBy(long t) {
    if (finished || t == Connection.NEVER) {
      return;
    }
    dueAt = Math.min(dueAt, t);
    long now = System.nanoTime();
    // whole milliseconds: NIO rounds its select timeout to the nearest one, and a wake-up that comes early
    // would spin through the remainder
    long at = now + Math.max(1, Math.ceilDiv(t - now, MIN_SLEEP)) * MIN_SLEEP;
    if (at < wakeAt) {
      wakeAt = at;
      loop.schedule(this, at - now, TimeUnit.NANOSECONDS);
    }
  }

  /** An answer arrived: pass now if a request is already due (rather than waiting for the timer). */
  void onAnswer(long now) {
    if (now >= dueAt && now - lastPass >= MIN_PASS_GAP && !finished) {
      run();
    }
  }

  @Override
  public void run() {
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    if (now >= wakeAt) {
      wakeAt = Connection.NEVER; // this is the scheduled wake-up; a pass on an answer leaves it pending
    }
    dueAt = Connection.NEVER;
    lastPass = now;
    if (now >= plan.giveUp) {
      stop(now);
      return;
    }
    boolean checkTimeouts = now >= nextTimeoutCheck;
    if (checkTimeouts) {
      nextTimeoutCheck = now + TICK;
    }
    boolean allFinished = true;
    long next = nextTimeoutCheck;
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
