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
 * do), or through the pipelined {@link InteractionStore#importEvents} while the events are being generated
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
 *     io.swarmrec.store.IngestBenchmark URL [events=1000000] [batch=10000] [append|import|concurrent:T] \
 *     [fullSync=false]
 * </pre>
 * For PostgreSQL, point {@code currentSchema} in the URL at an empty schema. Staging of appends is on by default
 * ({@link StoreOptions#stagingLimit}); {@code -Dstaging=LIMIT,CHUNK} changes it ({@code -Dstaging=0,1} appends
 * straight into the indexed log, as before staging). After the timed appends, what is still staged is merged
 * and timed on its own ({@code -Ddrain=false} skips it): acknowledged appends and merged events are both rates to
 * know, since the sustained rate is the lower one.
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
      double seconds = mode.equals("import") ? timeImport(store, events, batch)
          : mode.startsWith("concurrent:") ? timeConcurrent(store, events, batch,
              Integer.parseInt(mode.substring("concurrent:".length())))
          : timeAppend(store, events, batch);
      long stored = store.count() - before;
      System.out.printf("%s %s: %,d events in batches of %,d in %.2f s = %,.0f events/s (fullSync=%s; JDK %s, %d cores)%n",
          store.stats().backend(), mode, stored, batch, seconds, stored / seconds, fullSync,
          Runtime.version(), Runtime.getRuntime().availableProcessors());
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

  /** {@code threads} threads take batches from a shared list and append each as soon as the last returned. */
  private static double timeConcurrent(InteractionStore store, int events, int batch, int threads) {
    List<List<Event>> batches = batches(events, batch);
    AtomicInteger next = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers.add(Thread.ofPlatform().name("append-" + t).start(() -> {
        for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
          store.append(batches.get(i));
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
    return (System.nanoTime() - t0) / 1e9;
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
