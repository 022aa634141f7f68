package io.swarmrec.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.SplittableRandom;

/**
 * One keep-alive connection slot: it sends its share of the plan, at most {@code inFlight} requests
 * outstanding, and matches answers to requests in order (HTTP/1.1 answers in request order). Outstanding
 * requests sit in a ring of primitive arrays. The slot survives its channel: after a close, reset or
 * timeout it reconnects, and while a connect is refused it fails the requests that fall due (open loop),
 * so a dead server yields errors at the planned rate rather than silence.
 *
 * <p>Confined to its event loop: every method runs on that thread, so nothing here is synchronised.
 */
final class Connection {
  static final long NEVER = Long.MAX_VALUE;
  private static final long RECONNECT_BACKOFF = 100_000_000L;

  private final int id;
  private final LoadSpec spec;
  private final Pacer pacer;
  private final SplittableRandom rnd;
  private final long[] intended;
  private final long[] sentAt;
  private final byte[] endpoint;
  private final boolean[] measured;
  private int head;
  private int count;
  private int status = -1;

  private Plan plan;
  private Channel channel;
  private boolean connecting;
  private Runnable onSettled;
  private long retryAt;
  /** Open loop: index m of this slot's next request, global index id + m * K. */
  private long m;
  private long nextDue;

  Connection(int id, LoadSpec spec, Pacer pacer, SplittableRandom rnd) {
    this.id = id;
    this.spec = spec;
    this.pacer = pacer;
    this.rnd = rnd;
    int cap = spec.inFlight();
    intended = new long[cap];
    sentAt = new long[cap];
    endpoint = new byte[cap];
    measured = new boolean[cap];
  }

  /**
   * Opens the connection ahead of the plan, so connection set-up is neither charged to the first
   * requests nor allowed to pile a backlog onto them; onSettled runs once it is open or has failed.
   */
  void preconnect(Runnable settled) {
    onSettled = settled;
    connect();
  }

  /** Starts following the plan (the connection may or may not be open by now). */
  void begin(Plan p) {
    plan = p;
    nextDue = p.schedule == null ? p.closedLoopStart(id) : dueOf(0);
  }

  private long globalIndex() {
    return id + m * spec.connections();
  }

  private long dueOf(long mm) {
    long i = id + mm * spec.connections();
    return i < plan.schedule.total() ? plan.start + plan.schedule.intendedNanos(i) : NEVER;
  }

  /** Intended time of the next request, or NEVER when this slot's plan is exhausted. */
  private long due(long now) {
    if (plan.schedule != null) {
      return nextDue;
    }
    return now < plan.end ? Math.max(nextDue, now) : NEVER;
  }

  private void advance() {
    if (plan.schedule != null) {
      m++;
      nextDue = dueOf(m);
    }
  }

  private boolean measuredNext(long sendTime) {
    return plan.schedule != null ? globalIndex() >= plan.schedule.firstMeasured() : plan.inWindow(sendTime);
  }

  /**
   * Sends everything due by now that the in-flight cap allows, in one write. onTimer tells whether the
   * pacer's timer called: a request it finds overdue is late because the generator was (the loop was busy
   * or descheduled); one sent after an answer or a connect was held back by the connection instead, a
   * delay that belongs to the server and is already in the latency.
   */
  void pump(long now, boolean onTimer) {
    if (plan == null) {
      return;
    }
    ByteBuf out = null;
    while (count < intended.length) {
      long due = due(now);
      if (due > now) {
        break;
      }
      if (plan.schedule != null && now >= plan.measureFrom && globalIndex() < plan.schedule.firstMeasured()) {
        // a warm-up backlog (cold client or server) would otherwise spill into the measurement
        pacer.tally.warmupDropped++;
        advance();
        continue;
      }
      if (channel == null) {
        if (connecting || plan.schedule == null && now < retryAt) {
          break;
        }
        if (now < retryAt) {
          failUnsent(Failure.CONNECT, measuredNext(due));
          continue;
        }
        connect();
        break;
      }
      Endpoint e = spec.mix().pick(rnd);
      if (out == null) {
        out = channel.alloc().ioBuffer(512);
      }
      pacer.writer.write(e, rnd, out);
      boolean rec = measuredNext(due);
      push(plan.schedule == null ? now : due, now, e, rec);
      pacer.tally.sent(rec, now - due, onTimer && now - due > plan.lateAfter, plan.inWindow(now));
      advance();
    }
    if (out != null) {
      channel.writeAndFlush(out, channel.voidPromise());
    }
  }

  /** When the pacer must look at this slot again; NEVER when only an answer or a connect can move it. */
  long wakeAt(long now) {
    if (count >= intended.length || connecting) {
      return NEVER;
    }
    if (channel == null && plan.schedule == null) {
      return Math.max(retryAt, due(now));
    }
    return due(now);
  }

  boolean finished(long now) {
    return count == 0 && due(now) == NEVER;
  }

  /** Drops the connection if its oldest request has waited longer than the timeout. */
  void checkTimeout(long now) {
    if (count > 0 && now - sentAt[head] > plan.timeout) {
      failOutstanding(Failure.TIMEOUT);
      dropChannel(now);
    }
  }

  /** The run is over: what is still outstanding timed out, what was never sent is counted as such. */
  void abort(long now) {
    if (plan == null) {
      close();
      return;
    }
    failOutstanding(Failure.TIMEOUT);
    while (due(now) != NEVER && plan.schedule != null) {
      failUnsent(Failure.NOT_SENT, measuredNext(nextDue));
    }
    if (plan.schedule == null) {
      nextDue = NEVER;
    }
    dropChannel(now);
  }

  void close() {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void connect() {
    connecting = true;
    ChannelFuture f = pacer.bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpResponseDecoder(), new Events());
      }
    }).connect(spec.host(), spec.port());
    f.addListener(done -> {
      connecting = false;
      long t = System.nanoTime();
      if (onSettled != null) {
        onSettled.run();
        onSettled = null;
      }
      if (done.isSuccess() && plan != null && due(t) == NEVER) {
        f.channel().close(); // the run ended while connecting
        return;
      }
      if (done.isSuccess()) {
        channel = f.channel();
      } else {
        retryAt = t + RECONNECT_BACKOFF;
        if (plan != null && plan.schedule == null && plan.inWindow(t)) {
          // in closed loop a refused connect is the one request this slot could not send
          pacer.tally.failed(spec.mix().pick(rnd), Failure.CONNECT);
        }
      }
      pumpAndWake(t);
    });
  }

  private void dropChannel(long now) {
    close();
    retryAt = now;
  }

  private void push(long intendedTime, long now, Endpoint e, boolean rec) {
    int slot = (head + count) % intended.length;
    intended[slot] = intendedTime;
    sentAt[slot] = now;
    endpoint[slot] = (byte) e.ordinal();
    measured[slot] = rec;
    count++;
  }

  private void pop() {
    head = (head + 1) % intended.length;
    count--;
  }

  private void failUnsent(Failure f, boolean rec) {
    Endpoint e = spec.mix().pick(rnd);
    if (rec) {
      pacer.tally.failed(e, f);
    }
    advance();
  }

  private void failOutstanding(Failure f) {
    for (; count > 0; pop()) {
      if (measured[head]) {
        pacer.tally.failed(Endpoint.values()[endpoint[head]], f);
      }
    }
  }

  private void answered(long now) {
    if (count == 0) {
      protocolError(now);
      return;
    }
    if (measured[head]) {
      pacer.tally.answered(Endpoint.values()[endpoint[head]], status, now - intended[head]);
    }
    pop();
    status = -1;
    pumpAndWake(now);
    pacer.onAnswer(now);
  }

  /** After an answer or a connect: send what is due, and make sure the pacer returns for what is not. */
  private void pumpAndWake(long now) {
    if (plan == null) {
      return;
    }
    pump(now, false);
    pacer.wakeBy(wakeAt(now));
  }

  private void protocolError(long now) {
    failOutstanding(Failure.PROTOCOL);
    dropChannel(now);
  }

  /** Reacts to the events of one channel; events of a channel this slot has already dropped are ignored. */
  private final class Events extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (ctx.channel() != channel) {
          return;
        }
        long now = System.nanoTime();
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
          protocolError(now);
          return;
        }
        if (msg instanceof HttpResponse r) {
          status = r.status().code();
        }
        if (msg instanceof LastHttpContent) {
          answered(now);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == channel) {
        long now = System.nanoTime();
        failOutstanding(Failure.CLOSED);
        channel = null;
        retryAt = now;
        pumpAndWake(now);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
