package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The service against the real PostgreSQL and Redis (see {@link RealServers}). */
class RealServicesTest {

  private static Map<String, String> config(String redisUrl, String prefix) {
    Map<String, String> m = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "admin-token", "t",
        "rebuild-interval-seconds", "0", "rebuild-after-events", "0", "warm-users", "0", "tail-interval-ms", "100",
        "redis-timeout-ms", "200", "redis-prefix", prefix));
    if (redisUrl != null) {
      m.put("redis", redisUrl);
    }
    return m;
  }

  private static String prefix() {
    return "srtest" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  @Test
  void ingestThenRecommendOnPostgresAndRedis() throws Exception {
    RealServers.requireRedis();
    try (RealServers.Schema schema = new RealServers.Schema();
        InteractionStore store = Stores.open(schema.url())) {
      ApiTest.seed(store);
      try (SwarmrecServer s = SwarmrecServer.start(ServerConfig.of(config(RealServers.REDIS, prefix())), store)) {
        TestClient c = new TestClient(s.port());
        List<String> first = TestClient.items(c.get("/v1/users/u1/recommendations?k=3").json());
        assertThat(first).isNotEmpty().allMatch(i -> i.startsWith("a"));
        assertThat(c.post("/v1/events", "[{\"user\":\"u1\",\"item\":\"" + first.get(0) + "\",\"type\":\"like\"}]")
            .status()).isEqualTo(200);
        assertThat(TestClient.items(c.get("/v1/users/u1/recommendations?k=3").json())).doesNotContain(first.get(0));
        // durable in PostgreSQL before the answer
        assertThat(store.recentInteractions("u1", java.time.Duration.ofDays(1), 10))
            .anyMatch(e -> e.item().equals(first.get(0)));
        // a rebuild reads it back from PostgreSQL
        assertThat(c.post("/v1/model/rebuild", new byte[0], "t").status()).isEqualTo(200);
        assertThat(TestClient.items(c.get("/v1/users/u1/recommendations?k=3").json())).doesNotContain(first.get(0));
      }
    }
  }

  @Test
  void redisStoppedMidRunAndTheServiceKeepsAnswering() throws Exception {
    try (RealServers.OwnRedis redis = new RealServers.OwnRedis();
        InteractionStore store = Stores.open("memory:")) {
      ApiTest.seed(store);
      try (SwarmrecServer s = SwarmrecServer.start(ServerConfig.of(config(redis.url(), prefix())), store)) {
        TestClient c = new TestClient(s.port());
        assertThat(c.get("/v1/users/u1/recommendations").status()).isEqualTo(200);
        redis.stop();
        for (int u = 0; u < 20; u++) {
          TestClient.Answer a = c.get("/v1/users/v" + u + "/recommendations?k=3");
          assertThat(a.status()).isEqualTo(200);
          assertThat(TestClient.items(a.json())).hasSize(3);
        }
        assertThat(c.post("/v1/events", "[{\"user\":\"u1\",\"item\":\"a1\"}]").status()).isEqualTo(200);
        assertThat(c.get("/v1/users/u1/recommendations").status()).isEqualTo(200);
        String metrics = c.get("/metrics").body();
        double l2Errors = metric(metrics, "swarmrec_cache_errors_total{tier=\"l2\"}");
        assertThat(l2Errors).isPositive();
      }
    }
  }

  @Test
  void anEventSentToOneReplicaInvalidatesTheCachedAnswerOnTheOther() throws Exception {
    RealServers.requireRedis();
    String prefix = prefix();
    try (RealServers.Schema schema = new RealServers.Schema();
        InteractionStore storeA = Stores.open(schema.url());
        InteractionStore storeB = Stores.open(schema.url())) {
      ApiTest.seed(storeA);
      try (SwarmrecServer a = SwarmrecServer.start(ServerConfig.of(config(RealServers.REDIS, prefix)), storeA);
          SwarmrecServer b = SwarmrecServer.start(ServerConfig.of(config(RealServers.REDIS, prefix)), storeB)) {
        TestClient ca = new TestClient(a.port());
        TestClient cb = new TestClient(b.port());
        JsonNode onA = ca.get("/v1/users/u4/recommendations?k=3").json();
        assertThat(onA.path("source").asText()).isEqualTo("computed");
        JsonNode onB = cb.get("/v1/users/u4/recommendations?k=3").json(); // from A's L2 entry or computed
        String top = TestClient.items(onB).get(0);
        assertThat(TestClient.items(onB)).isEqualTo(TestClient.items(onA));
        assertThat(cb.get("/v1/users/u4/recommendations?k=3").json().path("source").asText()).isEqualTo("l1");

        assertThat(ca.post("/v1/events", "[{\"user\":\"u4\",\"item\":\"" + top + "\",\"type\":\"like\"}]").status())
            .isEqualTo(200);

        long deadline = System.nanoTime() + 3_000_000_000L;
        List<String> seen;
        do {
          seen = TestClient.items(cb.get("/v1/users/u4/recommendations?k=3").json());
          if (!seen.contains(top)) {
            break;
          }
          Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(seen).as("B's answer after A took the event").doesNotContain(top);
      }
    }
  }

  private static double metric(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no series " + series);
  }
}
