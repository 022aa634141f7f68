package io.swarmrec.server;

import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures ingest through Kafka into the store: {@code events} JSON events are produced into a fresh topic
 * of {@code partitions} partitions on the test broker ({@link RealServers#KAFKA}) first, then a service is
 * started on the store and consumes them; the figure is the events stored per second, from the first stored
 * event to the last (the consumer group's join before it is reported apart), read from the service's
 * {@code swarmrec_kafka_records_total} every 50 ms. {@code prefill} events are bulk-imported into the store
 * beforehand, to measure at a given store size. Model rebuilds are off (they would compete for the cores).
 *
 * <p>Events: 100,000 users, 20,000 items with a skewed (squared-uniform) popularity, views, likes and ratings,
 * as in the store's IngestBenchmark. Run from the repository root (with the broker of scripts/services.sh):
 * <pre>
 * ./mvnw -q -pl swarmrec-server -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -cp swarmrec-server/target/classes:swarmrec-server/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.swarmrec.server.KafkaIngestBenchmark STORE_URL [events=1000000] [partitions=4] [prefill=0] [key=value...]
 * </pre>
 * Further {@code key=value} arguments are service settings (e.g. {@code store-staging-limit=0}).
 */
public final class KafkaIngestBenchmark {
  private static final int USERS = 100_000;
  private static final int ITEMS = 20_000;
  private static final long START = 1_700_000_000L;

  private KafkaIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: KafkaIngestBenchmark STORE_URL [events] [partitions] [prefill] [key=value...]");
      System.exit(2);
    }
    String url = args[0];
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    long prefill = args.length > 3 ? Long.parseLong(args[3]) : 0;
    Map<String, String> extra = new HashMap<>();
    for (int i = 4; i < args.length; i++) {
      extra.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    }
    System.out.printf("kafka ingest: store %s, %,d events, %d partitions, prefill %,d, JDK %s, %d cores%n", url,
        events, partitions, prefill, Runtime.version(), Runtime.getRuntime().availableProcessors());
    try (KafkaTopics topics = new KafkaTopics(partitions); InteractionStore store = Stores.open(url)) {
      if (prefill > 0 && store.count() < prefill) {
        long t0 = System.nanoTime();
        store.importEvents(generate(prefill - store.count(), 7), 100_000, n -> {});
        System.out.printf("prefilled to %,d events in %.1f s%n", store.count(), (System.nanoTime() - t0) / 1e9);
      }
      System.out.printf("store holds %,d events before%n", store.count());
      long t0 = System.nanoTime();
      SplittableRandom r = new SplittableRandom(42);
      for (int i = 0; i < events; i++) {
        String user = "b" + r.nextInt(USERS);
        double x = r.nextDouble();
        int kind = r.nextInt(10);
        String body = "{\"user\":\"" + user + "\",\"item\":\"m" + (int) (x * x * ITEMS) + "\",\"type\":\""
            + (kind < 7 ? "view\"" : kind < 9 ? "like\"" : "rating\",\"value\":" + (1 + r.nextInt(5)))
            + ",\"timestamp\":" + (START + i) + "}";
        topics.send(topics.events, user, body);
      }
      topics.flush();
      double produce = (System.nanoTime() - t0) / 1e9;
      System.out.printf("produced %,d events in %.2f s (%,.0f events/s)%n", events, produce, events / produce);

      Map<String, String> cfg = new HashMap<>(KafkaIngestTest.config(topics));
      cfg.putAll(extra);
      long start = System.nanoTime();
      try (SwarmrecServer s = SwarmrecServer.start(ServerConfig.of(cfg), store)) {
        TestClient c = new TestClient(s.port());
        long first = 0;
        double stored = 0;
        while (stored < events) {
          Thread.sleep(50);
          stored = Math.max(0, KafkaIngestTest.metric(c, "swarmrec_kafka_records_total", topics.events));
          if (first == 0 && stored > 0) {
            first = System.nanoTime();
          }
        }
        long end = System.nanoTime();
        double steady = (end - first) / 1e9;
        System.out.printf("service up and first events stored after %.2f s; %,d events stored in %.2f s after that:"
            + " %,.0f events/s (%,.0f events/s from the service start)%n", (first - start) / 1e9, events, steady,
            events / steady, events / ((end - start) / 1e9));
      }
    }
    if (!url.startsWith("memory:")) {
      try (InteractionStore store = Stores.open(url)) {
        System.out.printf("store holds %,d events%n", store.count());
      }
    }
  }

  private static Iterator<Event> generate(long n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Event next() {
        double x = r.nextDouble();
        return Event.of("b" + r.nextInt(USERS), "m" + (int) (x * x * ITEMS), "view", START - n + i++);
      }
    };
  }
}
