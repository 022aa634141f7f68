package io.swarmrec.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP load generator for swarmrec: open loop at a fixed (optionally ramped) rate, or closed loop over
 * N connections, with Zipf-distributed agents and a mix of endpoints; see {@link LoadSpec} for the knobs
 * and {@link LoadReport} for what comes back.
 *
 * <p>Why open loop first. A closed-loop tester sends its next request only when the previous one is
 * answered, so when the server stalls it politely stops asking, and the requests a real population would
 * have sent during the stall are never measured: the latency distribution hides exactly the bad moments
 * (G. Tene, "How NOT to measure latency", 2015). Here every request has an intended send time fixed in
 * advance ({@link Schedule}), and its latency runs from that time to the last byte of its answer, in an
 * HdrHistogram; a request held back because its connection is still busy waits, and that wait is counted.
 * If the generator itself cannot keep up, it says so ({@link LoadReport.Sending#keptUp}).
 *
 * <p>How: Netty's NIO transport, K keep-alive HTTP/1.1 connections spread over a few event loops, at most
 * {@code inFlight} requests outstanding on each (1, no pipelining, by default). Requests are written as
 * raw bytes ({@link RequestWriter}) and answers decoded by Netty's {@code HttpResponseDecoder} without
 * aggregation; all per-request state lives in primitive rings on the loop that owns the connection.
 * A run connects only to the spec's URL, sends a bounded plan and always stops by itself: at the end of
 * its window plus one timeout, whatever is still outstanding is counted as timed out.
 */
public final class LoadGenerator {
  private LoadGenerator() {
  }

  /** Runs the spec against its URL and reports; scrapes /metrics before and after. */
  public static LoadReport run(LoadSpec spec) throws InterruptedException {
    ServerMetrics before = ServerMetrics.scrape(spec.url(), spec.timeout());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(spec.threads(), NioIoHandler.newFactory());
    Tally total = new Tally();
    Plan plan;
    try {
      plan = drive(group, spec, total);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
    ServerMetrics after = before == null ? null : ServerMetrics.scrape(spec.url(), spec.timeout());
    return LoadReport.of(plan, total, after == null ? null : after.minus(before));
  }

  /** Connects, follows the plan on every loop, and adds each loop's tally to total once it has stopped. */
  private static Plan drive(EventLoopGroup group, LoadSpec spec, Tally total) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(spec.threads());
    List<Pacer> pacers = pacers(group, spec, done);
    CountDownLatch settled = new CountDownLatch(spec.connections());
    for (Pacer p : pacers) {
      p.loop.execute(() -> p.preconnect(settled));
    }
    settled.await(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
    // a short head start, so the first intended send times are not already past when the loops begin
    Plan plan = new Plan(spec, System.nanoTime() + 20_000_000L);
    for (Pacer p : pacers) {
      p.loop.execute(() -> p.begin(plan));
    }
    done.await(plan.giveUp - System.nanoTime() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
    for (Pacer p : pacers) {
      try {
        // on the loop's own thread: stops it if it overran, and publishes its tally to this thread
        p.loop.submit(() -> p.stop(System.nanoTime())).get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("load generator event loop failed", e.getCause());
      }
      total.add(p.tally);
    }
    return plan;
  }

  /** One pacer per event loop; connection c goes to loop c mod threads, with its own random stream. */
  private static List<Pacer> pacers(EventLoopGroup group, LoadSpec spec, CountDownLatch done) {
    List<Pacer> pacers = new ArrayList<>();
    for (int t = 0; t < spec.threads(); t++) {
      pacers.add(new Pacer(group.next(), spec, done));
    }
    SplittableRandom root = new SplittableRandom(spec.seed());
    for (int c = 0; c < spec.connections(); c++) {
      Pacer p = pacers.get(c % pacers.size());
      p.add(new Connection(c, spec, p, root.split()));
    }
    return pacers;
  }
}
