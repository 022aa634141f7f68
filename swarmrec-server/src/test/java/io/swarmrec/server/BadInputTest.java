package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every malformed input found by attacking the service, as a regression test: each gets a 400 with a stable
 * code (never a 500) and writes nothing; whatever is acknowledged can be stored, rebuilt and restarted
 * from; rows the model cannot use never stop a rebuild or a start.
 */
class BadInputTest {
  @TempDir
  Path dir;
  private SwarmrecServer server;
  private TestClient client;

  private void start(Map<String, String> overrides) throws Exception {
    Map<String, String> cfg = new HashMap<>(Map.of("port", "0", "admin-token", "s3cret", "rebuild-interval-seconds", "0",
        "rebuild-after-events", "0", "warm-users", "0", "data", dir.resolve("data").toString()));
    cfg.putAll(overrides);
    InteractionStore store = Stores.open("sqlite:" + dir.resolve("db"));
    if (store.count() == 0) {
      ApiTest.seed(store);
    }
    server = SwarmrecServer.start(ServerConfig.of(cfg), store);
    client = new TestClient(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private TestClient.Answer postEvents(String body) {
    return client.post("/v1/events", body);
  }

  private long stored() {
    return client.get("/v1/model").json().path("last_sequence").asLong() + server.engine().modelInfo().pendingEvents();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "3725320448", // one second past what the model can hold (2088-01-19)
      "\"1950-01-01T00:00:00Z\"",
      "\"1969-12-31T23:59:59Z\"",
      "\"2999-01-01T00:00:00Z\"",
      "4070908800000", // 2099 in milliseconds
      "18446744073709551621", // 2^64 + 5: must not wrap to 5
      "\"+10000-01-01T00:00:00Z\"",
      "\"-0001-01-01T00:00:00Z\"",
      "-1",
      "1.7e9",
      "\"yesterday\""})
  void timestampsOutsideTheOneRangeAreRefused(String ts) throws Exception {
    start(Map.of());
    TestClient.Answer a = postEvents("[{\"user\":\"u1\",\"item\":\"a1\",\"timestamp\":" + ts + "}]");
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("invalid_event");
    assertThat(a.json().path("error").path("message").asText()).contains("timestamp");
  }

  @Test
  void theSameRangeHoldsForEveryPathAndItsEdgesAreAccepted() throws Exception {
    start(Map.of());
    for (String ok : List.of("0", "3725320447", "\"2088-01-19T03:14:07Z\"", "1700000000000", "\"2024-03-01T10:00:00+02:00\"")) {
      assertThat(postEvents("[{\"user\":\"u1\",\"item\":\"a1\",\"timestamp\":" + ok + "}]").status()).as(ok).isEqualTo(200);
    }
    assertThat(client.put("/v1/items/new", "{\"created\":\"2999-01-01T00:00:00Z\"}").errorCode()).isEqualTo("invalid_item");
    assertThat(client.put("/v1/items/new", "{\"created\":3725320448}").errorCode()).isEqualTo("invalid_item");
    assertThat(client.put("/v1/items/new", "{\"created\":3725320447}").status()).isEqualTo(200);
    // everything acknowledged above can be rebuilt from and restarted from
    assertThat(client.post("/v1/model/rebuild", new byte[0], "s3cret").status()).isEqualTo(200);
    assertThat(client.get("/v1/model").json().path("skipped_rows").asLong()).isZero();
    stop();
    start(Map.of());
    assertThat(client.get("/v1/users/u1/recommendations?k=3").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\u3000", "\u2028", "\u00a0", "\u200b", "a\u0001b", "\u2029\u2029", "\ufeff"})
  void idsThatShowNothingOrHoldControlCharsAreRefused(String id) throws Exception {
    start(Map.of());
    String json = TestClient.JSON.writeValueAsString(id);
    for (String body : List.of("[{\"user\":" + json + ",\"item\":\"a1\"}]", "[{\"user\":\"u1\",\"item\":" + json + "}]")) {
      TestClient.Answer a = postEvents(body);
      assertThat(a.status()).as(body + " " + a.body()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("invalid_id");
    }
  }

  @Test
  void blankIdsInPathsAreRefused() throws Exception {
    start(Map.of());
    assertThat(client.put("/v1/items/%20", "{}").errorCode()).isEqualTo("invalid_id");
    assertThat(client.delete("/v1/items/%20", "s3cret").errorCode()).isEqualTo("invalid_id");
    assertThat(client.delete("/v1/users/%E3%80%80", "s3cret").errorCode()).isEqualTo("invalid_id");
    assertThat(client.get("/v1/users/%E2%80%A8/recommendations").errorCode()).isEqualTo("invalid_id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e300", "-1e39", "3.5e38", "\"5\"", "true"})
  void valuesThatDoNotFitAFloatAreRefused(String v) throws Exception {
    start(Map.of());
    TestClient.Answer a = postEvents("[{\"user\":\"u1\",\"item\":\"a1\",\"type\":\"rating\",\"value\":" + v + "}]");
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("invalid_event");
  }

  @Test
  void itemMetadataBreakingTheStoresRulesIsRefused() throws Exception {
    start(Map.of());
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 1025; i++) {
      tags.add("t" + i);
    }
    for (String body : List.of("{\"vector\":[1, 1e300]}", "{\"vector\":[1, -1e39]}", "{\"categories\":[\"  \"]}",
        "{\"tags\":[\"a\\u0001b\"]}", "{\"tags\":[\"\\u3000\"]}", "{\"tags\":" + TestClient.JSON.writeValueAsString(tags) + "}",
        "{\"categories\":[\"" + "x".repeat(257) + "\"]}", "{\"colour\":\"red\"}")) {
      TestClient.Answer a = client.put("/v1/items/i1", body);
      assertThat(a.status()).as(body.substring(0, Math.min(40, body.length())) + " " + a.body()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("invalid_item");
    }
  }

  @Test
  void aRatingInAnyCaseNeedsAValue() throws Exception {
    start(Map.of());
    for (String type : List.of("rating", "Rating", "RATING")) {
      TestClient.Answer a = postEvents("[{\"user\":\"u1\",\"item\":\"a1\",\"type\":\"" + type + "\"}]");
      assertThat(a.status()).as(type).isEqualTo(400);
      assertThat(a.json().path("error").path("message").asText()).contains("needs a value");
    }
    assertThat(postEvents("[{\"user\":\"u1\",\"item\":\"a1\",\"type\":\"Like\"}]").status()).isEqualTo(200);
  }

  @Test
  void jsonIsStrictAndNothingOfABadBodyIsStored() throws Exception {
    start(Map.of());
    long before = stored();
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("[{\"user\":\"u1\",\"item\":\"a1\"}][{\"user\":\"u2\",\"item\":\"a2\"}]", "invalid_json");
    bodies.put("[{\"user\":\"u1\",\"item\":\"a1\"}] garbage", "invalid_json");
    bodies.put("[{\"user\":\"u1\",\"user\":\"u2\",\"item\":\"a1\"}]", "invalid_json");
    bodies.put("{\"events\":[{\"user\":\"u1\",\"item\":\"a1\"}],\"events\":[]}", "invalid_json");
    bodies.put("[{\"user\":\"u1\",\"item\":\"a1\"}] // comment", "invalid_json");
    bodies.put("{\"events\":[{\"user\":\"u1\",\"item\":\"a1\"}],\"extra\":1}", "invalid_body");
    bodies.put("[{\"user\":\"u1\",\"item\":\"a1\",\"weight\":3}]", "invalid_event");
    for (Map.Entry<String, String> b : bodies.entrySet()) {
      TestClient.Answer a = postEvents(b.getKey());
      assertThat(a.status()).as(b.getKey() + " " + a.body()).isEqualTo(400);
      assertThat(a.errorCode()).as(b.getKey()).isEqualTo(b.getValue());
    }
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void unknownQueryParametersAreRefused() throws Exception {
    start(Map.of());
    for (String path : List.of("/v1/users/u1/recommendations?K=5", "/v1/users/u1/recommendations?k=5&algos=pop",
        "/v1/popular?kind=count&limit=3", "/v1/items/a1/similar?n=3", "/v1/model?verbose=1", "/health?x")) {
      TestClient.Answer a = client.get(path);
      assertThat(a.status()).as(path).isEqualTo(400);
      assertThat(a.errorCode()).as(path).isEqualTo("unknown_parameter");
    }
    assertThat(client.get("/v1/users/u1/recommendations?k=5&algo=trending").json().path("algo").asText())
        .isEqualTo("trending"); // always served, as documented
  }

  @Test
  void storedRowsTheModelCannotUseAreSkippedAndCountedNotFatal() throws Exception {
    start(Map.of());
    stop();
    // rows written by an older version or by hand: a time past what the model holds, a rating without a value,
    // an item whose stored creation time today's rules refuse
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db").resolve("swarmrec.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO interactions (user_id, item_id, type, value, created_at) VALUES"
          + " ('u1', 'far', 'view', NULL, 3725320448), ('u1', 'old', 'view', NULL, -86400),"
          + " ('u2', 'r', 'rating', NULL, 1700000000)");
      s.executeUpdate("INSERT INTO items (item_id, created_at) VALUES ('ancient', -62135596800)");
    }
    start(Map.of());
    JsonNode model = client.get("/v1/model").json();
    assertThat(model.path("version").asLong()).isPositive();
    assertThat(model.path("skipped_rows").asLong()).isEqualTo(3);
    assertThat(client.get("/metrics").body()).contains("swarmrec_skipped_rows_total{reason=\"time\"} 2.0");
    assertThat(client.post("/v1/model/rebuild", new byte[0], "s3cret").status()).isEqualTo(200);
    assertThat(client.get("/v1/users/u1/recommendations?k=3").status()).isEqualTo(200);
  }

  @Test
  void oneFutureDatedEventDoesNotFlattenTrending() throws Exception {
    start(Map.of());
    long now = System.currentTimeMillis() / 1000;
    StringBuilder recent = new StringBuilder("[");
    for (int u = 0; u < 30; u++) {
      recent.append(u == 0 ? "" : ",").append("{\"user\":\"r").append(u).append("\",\"item\":\"hot\",\"timestamp\":")
          .append(now - 3600 - u).append('}');
    }
    assertThat(postEvents(recent.append(']').toString()).status()).isEqualTo(200);
    assertThat(postEvents("[{\"user\":\"z\",\"item\":\"future\",\"timestamp\":\"2087-06-01T00:00:00Z\"}]").status())
        .isEqualTo(200);
    assertThat(client.post("/v1/model/rebuild", new byte[0], "s3cret").status()).isEqualTo(200);
    JsonNode top = client.get("/v1/popular?kind=trending&k=2").json();
    assertThat(TestClient.items(top).get(0)).isEqualTo("hot");
    assertThat(top.path("items").get(0).path("score").asDouble()).isGreaterThan(10);
  }

  @Test
  void aRetriedBatchWithTheSameIdempotencyKeyIsStoredOnce() throws Exception {
    start(Map.of());
    byte[] body = "[{\"user\":\"u1\",\"item\":\"a5\",\"type\":\"like\"}]".getBytes(StandardCharsets.UTF_8);
    long before = stored();
    TestClient.Answer first = client.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/events")).header("Idempotency-Key", "k-1")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
    TestClient.Answer retry = client.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/events")).header("Idempotency-Key", "k-1")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(stored()).isEqualTo(before + 1);
    TestClient.Answer other = client.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/events")).header("Idempotency-Key", "k-1")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[{\"user\":\"u1\",\"item\":\"a6\"}]")));
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
    // event ids: a resent event counts once, also within one batch
    TestClient.Answer a = postEvents("[{\"id\":\"e1\",\"user\":\"u1\",\"item\":\"a7\"},{\"id\":\"e1\",\"user\":\"u1\",\"item\":\"a7\"}]");
    TestClient.Answer b = postEvents("[{\"id\":\"e1\",\"user\":\"u1\",\"item\":\"a7\"},{\"id\":\"e2\",\"user\":\"u1\",\"item\":\"a8\"}]");
    assertThat(a.json().path("stored").asInt()).isEqualTo(1);
    assertThat(b.json().path("accepted").asInt()).isEqualTo(2);
    assertThat(b.json().path("stored").asInt()).isEqualTo(1);
    assertThat(stored()).isEqualTo(before + 3);
  }

  @Test
  void theAdminTokenIsNeverLoggedButWrittenToAFileOnlyTheOwnerReads() throws Exception {
    Map<String, String> cfg = new HashMap<>(Map.of("port", "0", "rebuild-interval-seconds", "0",
        "data", dir.resolve("data").toString()));
    try (SwarmrecServer s = SwarmrecServer.start(ServerConfig.of(cfg), Stores.open("memory:"))) {
      Path file = dir.resolve("data").resolve("admin-token");
      assertThat(Files.readString(file).trim()).isEqualTo(s.adminToken()).hasSize(32);
      assertThat(java.nio.file.Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      assertThat(ServerConfig.of(Map.of()).host()).isEqualTo("127.0.0.1");
    }
  }
}
