package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreException;
import io.swarmrec.store.Stores;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Topics consumed into the store by a running service, against the real broker (see {@link RealServers}). */
class KafkaIngestTest {

  static Map<String, String> config(KafkaTopics topics) {
    Map<String, String> m = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "admin-token", "t",
        "rebuild-interval-seconds", "0", "rebuild-after-events", "0", "warm-users", "0"));
    m.putAll(topics.settings());
    return m;
  }

  @Test
  void eventsAndItemsFromKafkaAreStoredAndChangeTheAnswersAndBadRecordsAreSkipped() throws Exception {
    try (KafkaTopics topics = new KafkaTopics(3); InteractionStore store = Stores.open("memory:")) {
      ApiTest.seed(store);
      try (SwarmrecServer s = SwarmrecServer.start(ServerConfig.of(config(topics)), store)) {
        TestClient c = new TestClient(s.port());
        List<String> first = TestClient.items(c.get("/v1/users/u1/recommendations?k=3").json());
        assertThat(first).isNotEmpty();
        String liked = first.get(0);

        topics.send(topics.events, "u1", "not json");
        topics.send(topics.events, "u1", "{\"user\":\"u1\",\"item\":\"a1\",\"type\":\"shout\"}");
        topics.send(topics.events, "u1", "{\"user\":\"u1\",\"item\":\"" + liked + "\",\"type\":\"like\"}");
        topics.send(topics.items, "p1", "{\"item\":\"p1\",\"categories\":[\"news\"],\"vector\":[1,0]}");
        topics.send(topics.items, "p2", "{\"categories\":[\"news\"]}");
        topics.flush();

        await("the like and the item stored", () -> store.getItem("p1").isPresent()
            && store.recentInteractions("u1", Duration.ofDays(36500), 1000).stream()
                .anyMatch(e -> e.item().equals(liked) && e.type().equals("like")));
        assertThat(store.getItem("p1").orElseThrow().categories()).containsExactly("news");
        // a liked item is never recommended to the user again: the event took effect as over HTTP
        assertThat(TestClient.items(c.get("/v1/users/u1/recommendations?k=3").json())).doesNotContain(liked);

        await("the lag at zero", () -> metric(c, "swarmrec_kafka_consumer_lag", topics.events) == 0);
        String metrics = c.get("/metrics").body();
        assertThat(series(metrics, "swarmrec_kafka_records_total{outcome=\"invalid\",topic=\"" + topics.events + "\"}"))
            .isEqualTo(2);
        assertThat(series(metrics, "swarmrec_kafka_records_total{outcome=\"stored\",topic=\"" + topics.events + "\"}"))
            .isEqualTo(1);
        assertThat(series(metrics, "swarmrec_kafka_records_total{outcome=\"invalid\",topic=\"" + topics.items + "\"}"))
            .isEqualTo(1);
        assertThat(series(metrics, "swarmrec_kafka_records_total{outcome=\"stored\",topic=\"" + topics.items + "\"}"))
            .isEqualTo(1);
        assertThat(store.sourcePositions("kafka:" + topics.events + ":")).hasSize(1).containsValue(3L);

        // records after bad ones are not held up by them
        long before = store.count();
        topics.sendEvents(0, 300);
        topics.flush();
        await("300 more events", () -> store.count() == before + 300);
      }
    }
  }

  /**
   * The store fails twice: once after committing (the answer is lost: an ambiguous failure), once before. The
   * consumer rewinds to the positions the store holds and reads again: every event is stored exactly once.
   */
  @Test
  void failedAndAmbiguousStoreCallsAreRetriedWithoutLossOrDoubles() throws Exception {
    int n = 20_000;
    try (KafkaTopics topics = new KafkaTopics(3); InteractionStore real = Stores.open("memory:")) {
      AtomicInteger calls = new AtomicInteger();
      InteractionStore flaky = (InteractionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {InteractionStore.class}, failingPositionedAppends(real, calls));
      try (SwarmrecServer s = SwarmrecServer.start(ServerConfig.of(config(topics)), flaky)) {
        topics.sendEvents(0, n / 2);
        topics.flush();
        await("the first half", () -> real.count() >= n / 2);
        topics.sendEvents(n / 2, n);
        topics.flush();
        TestClient c = new TestClient(s.port());
        await("every event", () -> real.count() >= n
            && metric(c, "swarmrec_kafka_consumer_lag", topics.events) == 0);
        assertThat(calls.get()).as("store calls, two of them failed").isGreaterThan(3);
        assertThat(real.count()).isEqualTo(n);
        assertThat(distinctItems(real)).isEqualTo(n);
      }
    }
  }

  /** Fails the 2nd append with positions after it committed, and the 3rd one before. */
  private static InvocationHandler failingPositionedAppends(InteractionStore real, AtomicInteger calls) {
    return (proxy, method, args) -> {
      boolean positioned = method.getName().equals("appendAsync") && args != null && args.length == 2;
      int call = positioned ? calls.incrementAndGet() : 0;
      if (call == 3) {
        return CompletableFuture.failedFuture(new StoreException("injected failure before the commit"));
      }
      Object out;
      try {
        out = method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (call == 2) {
        ((CompletableFuture<?>) out).join();
        return CompletableFuture.failedFuture(new StoreException("injected failure after the commit"));
      }
      return out;
    };
  }

  static long distinctItems(InteractionStore store) {
    Set<String> items = new HashSet<>();
    store.scan(0, (seq, u, i, t, v, ts) -> items.add(i));
    return items.size();
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The sum of a metric's series whose labels name {@code topic}; -1 when there is none yet. */
  static double metric(TestClient c, String name, String topic) {
    double sum = -1;
    for (String line : c.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + "{") && line.contains("topic=\"" + topic + "\"")) {
        sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static double series(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no series " + series + " in\n" + text);
  }
}
