package io.swarmrec.store;

import io.swarmrec.store.internal.JdbcInteractionStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures durable ingest into a store: {@code events} synthetic events in batches of {@code batch},
 * either appended one batch after another from one thread ({@code append}), from {@code T} threads at once
 * ({@code concurrent:T}, each thread appending its share batch by batch, as request threads of the service
 * do), at a fixed offered rate of {@code R} events per second from {@code T} threads ({@code rate:R:T}), or through the pipelined {@link InteractionStore#importEvents} while the events are being generated
 * ({@code import}).
 * Generation is excluded from the {@code append} figure (events are made first) and included, overlapped,
 * in the {@code import} one, as parsing a file would be.
 *
 * <p>Events: 100,000 users, 20,000 items with a skewed (squared-uniform) popularity, a mix of views, likes
 * and ratings, one second apart; fixed seed. Run from the module directory:
 * <pre>
 * ../mvnw -q -pl swarmrec-store -am test-compile
 * ../mvnw -q dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.swarmrec.store.IngestBenchmark URL [events=1000000] [batch=10000] [append|import|concurrent:T|rate:R:T] \
 *     [fullSync=false]
 * </pre>
 * For PostgreSQL, point {@code currentSchema} in the URL at an empty schema. Staging of appends is on by default
 * ({@link StoreOptions#stagingLimit}); {@code -Dstaging=LIMIT,CHUNK} changes it ({@code -Dstaging=0,1} appends
 * straight into the indexed log, as before staging). After the timed appends, what is still staged is merged
 * and timed on its own ({@code -Ddrain=false} skips it): acknowledged appends and merged events are both rates to
 * know, since the sustained rate is the lower one. The {@code concurrent:T} and {@code rate:R:T} modes also print the
 * latency of the {@code append} calls (P50, P99, max, and how many took over 50 ms) and the process's CPU time over
 * the timed appends ({@code cores} = CPU seconds per wall second, of the 2 on the reference machine; a PostgreSQL
 * server's CPU is not in it).
 */
public final class IngestBenchmark {
  private static final int USERS = 100_000;
  private static final int ITEMS = 20_000;
  private static final long START = 1_700_000_000L;

  private IngestBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: IngestBenchmark URL [events] [batch] [append|import|concurrent:T] [fullSync]");
      System.exit(2);
    }
    String url = args[0];
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    String mode = args.length > 3 ? args[3] : "append";
    boolean fullSync = args.length > 4 && Boolean.parseBoolean(args[4]);
    StoreOptions options = StoreOptions.defaults().withFullSync(fullSync);
    String staging = System.getProperty("staging");
    if (staging != null) {
      String[] lc = staging.split(",");
      options = options.withStaging(Integer.parseInt(lc[0]), Integer.parseInt(lc[1]));
    }
    try (InteractionStore store = Stores.open(url, options)) {
      long before = store.count();
      long cpu0 = processCpuNanos();
      double seconds = mode.equals("import") ? timeImport(store, events, batch)
          : mode.startsWith("concurrent:") ? timeConcurrent(store, events, batch,
              Integer.parseInt(mode.substring("concurrent:".length())), 0)
          : mode.startsWith("rate:") ? timeConcurrent(store, events, batch, Integer.parseInt(mode.split(":")[2]),
              Double.parseDouble(mode.split(":")[1]))
          : timeAppend(store, events, batch);
      long cpuNanos = processCpuNanos() - cpu0;
      long stored = store.count() - before;
      System.out.printf("%s %s: %,d events in batches of %,d in %.2f s = %,.0f events/s (fullSync=%s; JDK %s, %d cores)%n",
          store.stats().backend(), mode, stored, batch, seconds, stored / seconds, fullSync,
          Runtime.version(), Runtime.getRuntime().availableProcessors());
      System.out.printf("process CPU during the appends: %.1f s = %.2f cores; load average now %.2f%n", cpuNanos / 1e9,
          cpuNanos / 1e9 / seconds, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
      if (store instanceof JdbcInteractionStore jdbc && Boolean.parseBoolean(System.getProperty("drain", "true"))) {
        long staged = jdbc.stagedBacklog(); // then merged here and by the background merger, whichever is first
        long t0 = System.nanoTime();
        jdbc.mergeStaged(options.mergeChunk());
        while (jdbc.stagedBacklog() > 0) {
          Thread.onSpinWait();
        }
        long moved = staged;
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("staged after the appends: %,d (staging limit %,d, merge chunk %,d); merged %,d in %.2f s ="
            + " %,.0f events/s; acknowledged and merged together: %,.0f events/s%n", staged, options.stagingLimit(),
            options.mergeChunk(), moved, s, moved / Math.max(s, 1e-9), stored / (seconds + s));
      }
    }
  }

  private static double timeAppend(InteractionStore store, int events, int batch) {
    List<List<Event>> batches = batches(events, batch);
    long t0 = System.nanoTime();
    for (List<Event> b : batches) {
      store.append(b);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * {@code threads} threads take batches from a shared list and append each as soon as the last returned (closed
   * loop, {@code rate} 0), or each at its slot of a schedule of {@code rate} events per second (open loop: a batch's
   * latency counts from its slot, so time spent behind schedule is not hidden).
   */
  private static double timeConcurrent(InteractionStore store, int events, int batch, int threads, double rate) {
    List<List<Event>> batches = batches(events, batch);
    AtomicInteger next = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    long[] nanos = new long[batches.size()];
    long[] starts = new long[batches.size()];
    long t0 = System.nanoTime() + 1_000_000;
    for (int t = 0; t < threads; t++) {
      workers.add(Thread.ofPlatform().name("append-" + t).start(() -> {
        for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
          long s = System.nanoTime();
          if (rate > 0) {
            long slot = t0 + (long) (i * (batch * 1e9 / rate));
            for (long wait = slot - s; wait > 0; wait = slot - System.nanoTime()) {
              java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            s = slot;
          }
          store.append(batches.get(i));
          nanos[i] = System.nanoTime() - s;
          starts[i] = s - t0;
        }
      }));
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    System.out.printf("append latency over %,d calls: P50 %.2f ms, P99 %.2f ms, P99.9 %.2f ms, max %.2f ms%n",
        sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
        sorted[sorted.length - 1] / 1e6);
    int over = 0;
    StringBuilder stalls = new StringBuilder();
    for (int i = 0; i < nanos.length; i++) {
      if (nanos[i] > 50_000_000L) {
        over++;
      }
      if (nanos[i] > 1_000_000_000L && stalls.length() < 400) {
        stalls.append(String.format(" %.1f s (%.1f s)", starts[i] / 1e9, nanos[i] / 1e9));
      }
    }
    System.out.printf("calls over 50 ms: %,d (%.2f %%); calls over 1 s, started at (took):%s%n", over,
        100.0 * over / nanos.length, stalls.length() == 0 ? " none" : stalls);
    if (Boolean.getBoolean("timeline")) { // per 2 s of start time: calls over 50 ms, and the slowest
      int windows = (int) (seconds / 2) + 1;
      int[] slow = new int[windows];
      long[] worst = new long[windows];
      for (int i = 0; i < nanos.length; i++) {
        int w = (int) Math.min(windows - 1, Math.max(0, starts[i] / 2_000_000_000L));
        slow[w] += nanos[i] > 50_000_000L ? 1 : 0;
        worst[w] = Math.max(worst[w], nanos[i]);
      }
      StringBuilder line = new StringBuilder("timeline (t0 " + t0 + " ns):");
      for (int w = 0; w < windows; w++) {
        line.append(String.format(" %d:%d/%.0f", 2 * w, slow[w], worst[w] / 1e6));
      }
      System.out.println(line);
    }
    return seconds;
  }

  /** The {@code q} quantile of sorted nanoseconds, in milliseconds (nearest rank). */
  private static double percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static List<List<Event>> batches(int events, int batch) {
    List<List<Event>> batches = new ArrayList<>();
    Iterator<Event> it = generate(events);
    while (it.hasNext()) {
      List<Event> b = new ArrayList<>(batch);
      while (b.size() < batch && it.hasNext()) {
        b.add(it.next());
      }
      batches.add(b);
    }
    return batches;
  }

  private static double timeImport(InteractionStore store, int events, int batch) {
    long t0 = System.nanoTime();
    store.importEvents(generate(events), batch, n -> {
      if (n % 200_000 < batch) {
        System.err.printf("  %,d events%n", n);
      }
    });
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A deterministic stream of synthetic events. */
  static Iterator<Event> generate(int n) {
    SplittableRandom rnd = new SplittableRandom(42);
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Event next() {
        String user = "u" + rnd.nextInt(USERS);
        double r = rnd.nextDouble();
        String item = "i" + (int) (r * r * ITEMS); // squared uniform: low ids are popular
        long time = START + i++;
        int kind = rnd.nextInt(10);
        if (kind < 2) {
          return Event.rating(user, item, 1 + rnd.nextInt(5), time);
        }
        return Event.of(user, item, kind < 8 ? "view" : "like", time);
      }
    };
  }
}
