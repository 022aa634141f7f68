package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Recommender;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API end to end on the in-memory store and the in-process cache. */
class ApiTest {
  private SwarmrecServer server;
  private InteractionStore store;
  private TestClient client;

  @BeforeAll
  static void registerTestAlgorithms() {
    if (!Algorithms.names().contains("test-slow")) {
      Algorithms.register("test-slow", (data, params) -> new Delegating(Algorithms.train("pop", data, params)) {
        @Override
        public io.swarmrec.core.topk.ScoredIds recommend(int user, int k, io.swarmrec.algo.RecOptions o) {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return super.recommend(user, k, o);
        }
      });
      Algorithms.register("test-broken", (data, params) -> new Delegating(Algorithms.train("pop", data, params)) {
        @Override
        public io.swarmrec.core.topk.ScoredIds recommend(int user, int k, io.swarmrec.algo.RecOptions o) {
          throw new IllegalStateException("scoring exploded");
        }
      });
    }
  }

  private void start(Map<String, String> overrides) throws Exception {
    Map<String, String> cfg = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "admin-token", "s3cret",
        "rebuild-interval-seconds", "0", "rebuild-after-events", "0", "warm-users", "10",
        "param.itemknn.neighbors", "20"));
    cfg.putAll(overrides);
    store = Stores.open("memory:");
    seed(store);
    server = SwarmrecServer.start(ServerConfig.of(cfg), store);
    client = new TestClient(server.port());
  }

  /** Two communities: users u0..u19 like items a0..a9, users v0..v19 like b0..b9; a0 and b0 are the most liked. */
  static void seed(InteractionStore store) {
    List<io.swarmrec.store.Event> events = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      for (int i = 0; i < 10; i++) {
        if ((u + i) % 3 != 0 || i == 0) {
          events.add(io.swarmrec.store.Event.of("u" + u, "a" + i, "like", 1_700_000_000L + u * 10 + i));
          events.add(io.swarmrec.store.Event.of("v" + u, "b" + i, "view", 1_700_000_000L + u * 10 + i));
        }
      }
    }
    store.append(events);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void recommendsFromTheUsersCommunityAndReactsToANewEventAtOnce() throws Exception {
    start(Map.of());
    JsonNode r = client.get("/v1/users/u1/recommendations?k=3").json();
    assertThat(r.path("algo").asText()).isEqualTo("itemknn");
    assertThat(r.path("degraded").asBoolean()).isFalse();
    List<String> first = TestClient.items(r);
    assertThat(first).isNotEmpty().allMatch(i -> i.startsWith("a"));
    String liked = first.get(0);

    TestClient.Answer ingest = client.post("/v1/events", "[{\"user\":\"u1\",\"item\":\"" + liked + "\",\"type\":\"like\"}]");
    assertThat(ingest.status()).isEqualTo(200);
    assertThat(ingest.json().path("accepted").asInt()).isEqualTo(1);

    List<String> next = TestClient.items(client.get("/v1/users/u1/recommendations?k=3").json());
    assertThat(next).doesNotContain(liked);
  }

  @Test
  void secondAnswerComesFromTheCache() throws Exception {
    start(Map.of());
    assertThat(client.get("/v1/users/u2/recommendations?k=4").json().path("source").asText()).isEqualTo("computed");
    assertThat(client.get("/v1/users/u2/recommendations?k=4").json().path("source").asText()).isEqualTo("l1");
    assertThat(client.get("/v1/users/u2/recommendations?k=4&scene=feed").json().path("source").asText())
        .isEqualTo("computed");
  }

  @Test
  void aCachedAnswerIsTheComputedOneWithItsSourceAndIsEncodedOnceForItsUser() throws Exception {
    start(Map.of());
    String computed = client.get("/v1/users/u2/recommendations?k=4").body();
    String cached = client.get("/v1/users/u2/recommendations?k=4").body();
    String again = client.get("/v1/users/u2/recommendations?k=4").body();
    assertThat(computed).contains("\"source\":\"computed\"");
    assertThat(cached).isEqualTo(computed.replace("\"source\":\"computed\"", "\"source\":\"l1\""));
    assertThat(again).isEqualTo(cached);
    // each user's cached answer is encoded with its own user
    String other = client.get("/v1/users/u3/recommendations?k=4").body();
    assertThat(client.get("/v1/users/u3/recommendations?k=4").body())
        .isEqualTo(other.replace("\"source\":\"computed\"", "\"source\":\"l1\"")).contains("\"user\":\"u3\"");
  }

  @Test
  void pipelinedCachedRequestsInOneWriteAreAllAnsweredInOrder() throws Exception {
    start(Map.of());
    client.get("/v1/users/u1/recommendations?k=2");
    client.get("/v1/users/u2/recommendations?k=2");
    StringBuilder reqs = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      reqs.append("GET /v1/users/u").append(1 + i % 2).append("/recommendations?k=2 HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    reqs.append("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(reqs.toString().getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int at = 0;
      for (int i = 0; i < 6; i++) {
        int next = all.indexOf("\"user\":\"u" + (1 + i % 2) + "\"", at);
        assertThat(next).as("answer %d", i).isGreaterThan(at);
        at = next;
      }
      assertThat(all.indexOf("\"status\":\"up\"", at)).isGreaterThan(at);
      assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(8);
    }
  }

  @Test
  void recommendEveryoneGivesEachModelUserTheListOfASingleRequest() throws Exception {
    start(Map.of());
    io.swarmrec.server.engine.Engine.Everyone all = server.engine().recommendEveryone("itemknn", 3);
    assertThat(all.lists()).hasSize(40).hasSize(all.users().size()); // u0..u19 and v0..v19
    for (String user : List.of("u1", "v3", "v17")) {
      io.swarmrec.core.topk.ScoredIds mine = all.lists()[all.users().get(user)];
      List<String> names = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        names.add(all.items().key(mine.id(i)));
      }
      assertThat(names).hasSize(3)
          .isEqualTo(TestClient.items(client.get("/v1/users/" + user + "/recommendations?k=3").json()));
    }
    assertThatThrownBy(() -> server.engine().recommendEveryone("nope", 3))
        .isInstanceOf(io.swarmrec.server.engine.Refusal.Invalid.class).hasMessageContaining("not served");
    assertThatThrownBy(() -> server.engine().recommendEveryone("itemknn", 0))
        .isInstanceOf(io.swarmrec.server.engine.Refusal.Invalid.class).hasMessageContaining("k must be");
  }

  @Test
  void unknownUserGetsPopularItems() throws Exception {
    start(Map.of());
    JsonNode r = client.get("/v1/users/nobody/recommendations?k=2").json();
    assertThat(r.path("algo").asText()).isEqualTo("pop");
    assertThat(r.path("degraded").asBoolean()).isFalse();
    assertThat(TestClient.items(r)).containsExactlyInAnyOrder("a0", "b0");
  }

  @Test
  void newUserWithOneEventGetsCollaborativeAnswers() throws Exception {
    start(Map.of());
    client.post("/v1/events", "{\"events\":[{\"user\":\"newbie\",\"item\":\"b3\",\"type\":\"like\"}]}");
    JsonNode r = client.get("/v1/users/newbie/recommendations?k=3").json();
    assertThat(r.path("algo").asText()).isEqualTo("itemknn");
    assertThat(TestClient.items(r)).isNotEmpty().allMatch(i -> i.startsWith("b")).doesNotContain("b3");
  }

  @Test
  void excludeLeavesItemsOut() throws Exception {
    start(Map.of());
    List<String> all = TestClient.items(client.get("/v1/users/u1/recommendations?k=3").json());
    List<String> fewer = TestClient.items(client.get("/v1/users/u1/recommendations?k=3&exclude=" + all.get(0)).json());
    assertThat(fewer).doesNotContain(all.get(0));
  }

  @Test
  void deletedItemIsNeverRecommendedAgain() throws Exception {
    start(Map.of());
    client.get("/v1/users/nobody/recommendations?k=2"); // cached
    assertThat(client.delete("/v1/items/a0").status()).isEqualTo(401); // destructive: admin only
    assertThat(client.delete("/v1/items/a0", "wrong").status()).isEqualTo(403);
    assertThat(client.delete("/v1/items/a0", "s3cret").status()).isEqualTo(200);
    assertThat(TestClient.items(client.get("/v1/users/nobody/recommendations?k=2").json())).doesNotContain("a0");
    assertThat(TestClient.items(client.get("/v1/popular?k=5").json())).doesNotContain("a0");
    assertThat(client.get("/v1/items/a0/similar").status()).isEqualTo(404);
    for (int u = 0; u < 20; u++) {
      assertThat(TestClient.items(client.get("/v1/users/u" + u + "/recommendations?k=10").json())).doesNotContain("a0");
    }
    assertThat(store.deletedItems()).contains("a0");
  }

  @Test
  void forgottenUserIsTreatedAsUnknownAndLeavesTheStore() throws Exception {
    start(Map.of());
    client.get("/v1/users/u3/recommendations");
    assertThat(client.delete("/v1/users/u3").status()).isEqualTo(401); // destructive: admin only
    TestClient.Answer a = client.delete("/v1/users/u3", "s3cret");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("events_deleted").asInt()).isPositive();
    JsonNode r = client.get("/v1/users/u3/recommendations?k=2").json();
    assertThat(r.path("algo").asText()).isEqualTo("pop");
    assertThat(client.get("/v1/users/u3/similar?algo=itemknn").status()).isEqualTo(404);
    assertThat(store.recentInteractions("u3", java.time.Duration.ofDays(100_000), 10)).isEmpty();
  }

  @Test
  void similarItemsAndPopular() throws Exception {
    start(Map.of());
    JsonNode s = client.get("/v1/items/a1/similar?k=3").json();
    List<String> ids = TestClient.items(s);
    assertThat(ids).hasSize(3).allMatch(i -> i.startsWith("a")).doesNotContain("a1");
    JsonNode p = client.get("/v1/popular?k=2&kind=trending").json();
    assertThat(TestClient.items(p)).hasSize(2);
    assertThat(client.get("/v1/popular?kind=weird").errorCode()).isEqualTo("invalid_parameter");
  }

  @Test
  void batchIsolatesABadUserAndStreamsNdjsonWhenAsked() throws Exception {
    start(Map.of("ndjson-threshold", "3"));
    TestClient.Answer a = client.post("/v1/recommendations/batch", "{\"users\":[\"u1\",\"\",\"v2\"],\"k\":2}");
    assertThat(a.status()).isEqualTo(200);
    JsonNode results = a.json().path("results");
    assertThat(results).hasSize(3);
    assertThat(TestClient.items(results.get(0))).hasSize(2);
    assertThat(results.get(1).path("error").path("code").asText()).isEqualTo("invalid_user");
    assertThat(TestClient.items(results.get(2))).allMatch(i -> i.startsWith("b"));

    TestClient.Answer nd = client.post("/v1/recommendations/batch", "{\"users\":[\"u1\",\"u2\",\"u3\",\"v1\"],\"k\":2}");
    assertThat(nd.raw().headers().firstValue("content-type")).hasValue("application/x-ndjson");
    String[] lines = nd.body().strip().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(TestClient.JSON.readTree(lines[3]).path("user").asText()).isEqualTo("v1");
  }

  @Test
  void stepBatchesRescoreOnlyUsersWithNewEventsAndAModelSwapRescoresAll() throws Exception {
    start(Map.of());
    String body = "{\"users\":[\"u1\",\"u2\",\"v3\",\"nobody\"],\"k\":3,\"step\":true}";
    JsonNode first = client.post("/v1/recommendations/batch", body).json().path("results");
    assertThat(first).hasSize(4);
    for (int i = 0; i < 3; i++) {
      assertThat(first.get(i).path("source").asText()).isEqualTo("computed");
    }
    List<String> u1 = TestClient.items(first.get(0));
    assertThat(u1).isNotEmpty().allMatch(i -> i.startsWith("a"));
    // the same answers as plain requests
    assertThat(TestClient.items(client.get("/v1/users/v3/recommendations?k=3").json()))
        .isEqualTo(TestClient.items(first.get(2)));

    assertThat(client.post("/v1/events", "[{\"user\":\"u1\",\"item\":\"" + u1.get(0) + "\",\"type\":\"like\"}]")
        .status()).isEqualTo(200);
    JsonNode second = client.post("/v1/recommendations/batch", body).json().path("results");
    assertThat(second.get(0).path("source").asText()).isEqualTo("computed");
    assertThat(TestClient.items(second.get(0))).doesNotContain(u1.get(0));
    assertThat(second.get(1).path("source").asText()).isEqualTo("step");
    assertThat(TestClient.items(second.get(1))).isEqualTo(TestClient.items(first.get(1)));
    assertThat(second.get(2).path("source").asText()).isEqualTo("step");
    assertThat(TestClient.items(second.get(2))).isEqualTo(TestClient.items(first.get(2)));

    assertThat(client.post("/v1/model/rebuild", new byte[0], "s3cret").status()).isEqualTo(200);
    JsonNode third = client.post("/v1/recommendations/batch", body).json().path("results");
    for (int i = 0; i < 3; i++) {
      assertThat(third.get(i).path("source").asText()).isEqualTo("computed");
    }
    assertThat(TestClient.items(third.get(1))).isEqualTo(TestClient.items(first.get(1)));
    assertThat(client.post("/v1/recommendations/batch", "{\"users\":[\"u1\"],\"step\":1}").errorCode())
        .isEqualTo("invalid_parameter");
  }

  @Test
  void deadlineAndFailureFallBackToPopularMarkedDegraded() throws Exception {
    start(Map.of("algos", "itemknn,test-slow,test-broken", "deadline-ms", "50"));
    JsonNode slow = client.get("/v1/users/u1/recommendations?algo=test-slow&k=2").json();
    assertThat(slow.path("degraded").asBoolean()).isTrue();
    assertThat(slow.path("algo").asText()).isEqualTo("pop");
    assertThat(TestClient.items(slow)).hasSize(2);
    JsonNode broken = client.get("/v1/users/u1/recommendations?algo=test-broken&k=2").json();
    assertThat(broken.path("degraded").asBoolean()).isTrue();
    // degraded answers are not cached
    assertThat(client.get("/v1/users/u1/recommendations?algo=test-broken&k=2").json().path("source").asText())
        .isEqualTo("fallback");
    String metrics = client.get("/metrics").body();
    assertThat(metrics).contains("swarmrec_degraded_total{reason=\"deadline\"}")
        .contains("swarmrec_degraded_total{reason=\"error\"}");
  }

  @Test
  void shedsLoadWith429AndRetryAfterWhenEveryPermitIsTaken() throws Exception {
    start(Map.of("algos", "itemknn,test-slow", "deadline-ms", "5000", "max-concurrent", "1"));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<TestClient.Answer>> fs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int u = i;
        fs.add(pool.submit(() -> client.get("/v1/users/u" + u + "/recommendations?algo=test-slow")));
      }
      int shed = 0;
      int ok = 0;
      for (Future<TestClient.Answer> f : fs) {
        TestClient.Answer a = f.get();
        if (a.status() == 429) {
          shed++;
          assertThat(a.errorCode()).isEqualTo("overloaded");
          assertThat(a.raw().headers().firstValue("retry-after")).hasValue("1");
        } else {
          assertThat(a.status()).isEqualTo(200);
          ok++;
        }
      }
      assertThat(ok).isGreaterThanOrEqualTo(1);
      assertThat(shed).isGreaterThanOrEqualTo(1);
      assertThat(client.get("/metrics").body()).contains("swarmrec_shed_total");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rebuildNeedsTheAdminTokenAndSwapsUnderConcurrentTrafficWithoutErrors() throws Exception {
    start(Map.of());
    assertThat(client.post("/v1/model/rebuild", new byte[0], null).status()).isEqualTo(401);
    assertThat(client.post("/v1/model/rebuild", new byte[0], "wrong").status()).isEqualTo(403);
    long v0 = client.get("/v1/model").json().path("version").asLong();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<int[]>> load = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      load.add(pool.submit(() -> {
        int[] counts = new int[2]; // ok, not ok
        int i = 0;
        while (!stop.get()) {
          TestClient.Answer a = client.get("/v1/users/u" + (i++ % 20) + "/recommendations?k=5&scene=s" + i);
          boolean good = a.status() == 200 && TestClient.items(a.json()).size() == 5;
          if (!good) {
            System.err.println("during swap: " + a.status() + " " + a.body());
          }
          counts[good ? 0 : 1]++;
        }
        return counts;
      }));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(client.post("/v1/model/rebuild", new byte[0], "s3cret").status()).isEqualTo(200);
    }
    stop.set(true);
    int ok = 0;
    for (Future<int[]> f : load) {
      int[] c = f.get();
      ok += c[0];
      assertThat(c[1]).as("failed requests during swaps").isZero();
    }
    pool.shutdown();
    assertThat(ok).isPositive();
    assertThat(client.get("/v1/model").json().path("version").asLong()).isEqualTo(v0 + 3);
  }

  @Test
  void badInputGetsAClearErrorAndWritesNothing() throws Exception {
    start(Map.of("max-body-bytes", "4096", "max-events-per-request", "5", "max-batch-users", "3"));
    long before = store.count();
    Map<String, String> posts = new java.util.LinkedHashMap<>();
    posts.put("{not json", "invalid_json");
    posts.put("{\"events\": 5}", "invalid_body");
    posts.put("[]", "invalid_body");
    posts.put("[{\"user\":\"u1\"}]", "invalid_event");
    posts.put("[{\"user\":\"u1\",\"item\":\"x\"},{\"user\":\"u1\",\"item\":{\"a\":1}}]", "invalid_event");
    posts.put("[{\"user\":\"u1\",\"item\":\"x\",\"type\":\"poke\"}]", "invalid_event");
    posts.put("[{\"user\":\"u1\",\"item\":\"x\",\"type\":\"rating\"}]", "invalid_event");
    posts.put("[{\"user\":\"u1\",\"item\":\"x\",\"value\":\"high\"}]", "invalid_event");
    posts.put("[{\"user\":\"u1\",\"item\":\"x\",\"timestamp\":\"yesterday\"}]", "invalid_event");
    posts.put("[{\"user\":\"u1\",\"item\":\"x\",\"extra\":1}]", "invalid_event");
    posts.put("[{\"user\":\"" + "x".repeat(300) + "\",\"item\":\"x\"}]", "invalid_id");
    posts.put("[{\"user\":\"a\\u0000b\",\"item\":\"x\"}]", "invalid_id");
    posts.put("[" + "{\"user\":\"u\",\"item\":\"i\"},".repeat(5) + "{\"user\":\"u\",\"item\":\"i\"}]", "batch_too_large");
    for (var e : posts.entrySet()) {
      TestClient.Answer a = client.post("/v1/events", e.getKey());
      assertThat(a.status()).as(e.getKey()).isBetween(400, 499);
      assertThat(a.errorCode()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(a.json().path("error").path("message").asText()).isNotBlank();
    }
    byte[] badUtf8 = "[{\"user\":\"u\",\"item\":\"i\"}]".getBytes(StandardCharsets.UTF_8);
    badUtf8[10] = (byte) 0xC3;
    badUtf8[11] = (byte) 0x28;
    TestClient.Answer bad = client.post("/v1/events", badUtf8, null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isIn("invalid_utf8", "invalid_json");
    TestClient.Answer big = client.post("/v1/events", "[" + " ".repeat(5000) + "]");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.errorCode()).isEqualTo("body_too_large");
    assertThat(client.post("/v1/recommendations/batch", "{\"users\":[\"a\",\"b\",\"c\",\"d\"]}").errorCode())
        .isEqualTo("batch_too_large");
    assertThat(client.post("/v1/recommendations/batch", "{\"users\":\"a\"}").errorCode()).isEqualTo("invalid_body");
    assertThat(client.post("/v1/recommendations/batch", "{\"users\":[\"a\"],\"k\":\"ten\"}").errorCode())
        .isEqualTo("invalid_parameter");

    assertThat(client.get("/v1/users/u1/recommendations?k=0").errorCode()).isEqualTo("invalid_k");
    assertThat(client.get("/v1/users/u1/recommendations?k=-3").errorCode()).isEqualTo("invalid_k");
    assertThat(client.get("/v1/users/u1/recommendations?k=100000").errorCode()).isEqualTo("invalid_k");
    assertThat(client.get("/v1/users/u1/recommendations?k=ten").errorCode()).isEqualTo("invalid_parameter");
    assertThat(client.get("/v1/users/u1/recommendations?algo=magic").errorCode()).isEqualTo("unknown_algo");
    assertThat(client.get("/v1/users/%C3%28/recommendations").errorCode()).isEqualTo("invalid_utf8");
    assertThat(TestClient.rawGet(server.port(), "/v1/users/%ZZ/recommendations")).contains("invalid_uri");
    assertThat(client.get("/v1/users/" + "y".repeat(300) + "/recommendations").errorCode()).isEqualTo("invalid_id");
    assertThat(client.get("/v1/nothing").status()).isEqualTo(404);
    assertThat(client.delete("/v1/popular").status()).isEqualTo(405);
    assertThat(client.put("/v1/items/x", "{\"vector\":[1,\"a\"]}").errorCode()).isEqualTo("invalid_item");
    assertThat(client.put("/v1/items/x", "{\"tags\":\"t\"}").errorCode()).isEqualTo("invalid_item");

    assertThat(store.count()).isEqualTo(before);
    assertThat(client.get("/health").status()).isEqualTo(200);
    assertThat(client.get("/ready").status()).isEqualTo(200);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    start(Map.of("algos", "itemknn,test-slow", "deadline-ms", "300"));
    String slow = "GET /v1/users/u1/recommendations?algo=test-slow HTTP/1.1\r\nHost: x\r\n\r\n";
    String fast = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write((slow + fast).getBytes(StandardCharsets.US_ASCII));
      String both = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int first = both.indexOf("\"user\":\"u1\"");
      int second = both.indexOf("\"status\":\"up\"");
      assertThat(first).isPositive();
      assertThat(second).isGreaterThan(first);
    }
  }

  @Test
  void itemMetadataRoundTripsToTheStore() throws Exception {
    start(Map.of());
    TestClient.Answer a = client.put("/v1/items/post-9",
        "{\"categories\":[\"news\"],\"tags\":[\"ai\",\"sim\"],\"created\":\"2026-01-02T03:04:05Z\",\"vector\":[0.5,-1,2]}");
    assertThat(a.status()).isEqualTo(200);
    var meta = store.getItem("post-9").orElseThrow();
    assertThat(meta.categories()).containsExactly("news");
    assertThat(meta.tags()).containsExactly("ai", "sim");
    assertThat(meta.vector()).containsExactly(0.5f, -1f, 2f);
  }

  @Test
  void metricsExposeLatencyCacheAndModelFigures() throws Exception {
    start(Map.of());
    client.get("/v1/users/u1/recommendations?scene=home"); // not among the warmed keys
    client.get("/v1/users/u1/recommendations?scene=home");
    client.get("/v1/users/u1/recommendations?k=0");
    String m = client.get("/metrics").body();
    assertThat(m).contains("swarmrec_http_request_seconds_bucket{method=\"GET\",route=\"/v1/users/{id}/recommendations\"")
        .contains("swarmrec_recommend_seconds_count{algo=\"itemknn\",source=\"computed\"}")
        .contains("swarmrec_cache_requests_total{result=\"hit\",tier=\"l1\"}")
        .contains("swarmrec_errors_total{code=\"invalid_k\"} 1.0")
        .contains("swarmrec_model_size{what=\"interactions\"}")
        .contains("swarmrec_store_connections{state=\"active\"}")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void servingReleasesSnapshotPartsOnlyWhenNoServedModelReadsThem() throws Exception {
    start(Map.of()); // itemknn (binary, no decay) and popularity: item ids alone
    List<String> before = TestClient.items(client.get("/v1/users/u1/recommendations?k=5").json());
    double slim = modelMetric("matrix_bytes");
    double interactions = modelMetric("interactions");
    double users = modelMetric("users");
    assertThat(slim).isEqualTo(4 * (users + 1) + 4 * interactions); // row pointers and item ids, nothing else
    assertThat(TestClient.items(client.get("/v1/users/u1/similar?k=3").json())).hasSize(3).allMatch(u -> u.startsWith("u"));
    stop();

    start(Map.of("algos", "itemknn,pop,userknn")); // user-kNN reads weights and the item-major copy
    assertThat(modelMetric("matrix_bytes")).isGreaterThan(slim + 4 * interactions);
    assertThat(TestClient.items(client.get("/v1/users/u1/recommendations?k=5").json())).isEqualTo(before);
  }

  private double modelMetric(String what) throws Exception {
    String prefix = "swarmrec_model_size{what=\"" + what + "\"} ";
    return client.get("/metrics").body().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + prefix));
  }

  /** A recommender that forwards to another (for test algorithms). */
  static class Delegating implements Recommender {
    private final Recommender d;

    Delegating(Recommender d) {
      this.d = d;
    }

    @Override
    public String name() {
      return d.name();
    }

    @Override
    public io.swarmrec.core.matrix.Interactions data() {
      return d.data();
    }

    @Override
    public io.swarmrec.core.topk.ScoredIds recommend(int user, int k, io.swarmrec.algo.RecOptions o) {
      return d.recommend(user, k, o);
    }

    @Override
    public io.swarmrec.core.topk.ScoredIds similarItems(int item, int k) {
      return d.similarItems(item, k);
    }

    @Override
    public io.swarmrec.core.topk.ScoredIds similarUsers(int user, int k) {
      return d.similarUsers(user, k);
    }
  }
}
