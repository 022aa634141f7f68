package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The content model over HTTP on the in-memory store: item vectors put through the API shape a user's
 * recommendations, and a brand-new item with a vector and no interactions is recommended, both before the
 * next rebuild (real-time path) and after it (as a regular item of the snapshot).
 */
class ContentApiTest {
  private SwarmrecServer server;
  private TestClient client;

  private void start() throws Exception {
    Map<String, String> cfg = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "admin-token", "s3cret",
        "rebuild-interval-seconds", "0", "rebuild-after-events", "0", "warm-users", "0",
        "algos", "itemknn,pop,content", "param.content.half_life_hours", "48"));
    InteractionStore store = Stores.open("memory:");
    ApiTest.seed(store); // u* like a0..a9, v* view b0..b9
    server = SwarmrecServer.start(ServerConfig.of(cfg), store);
    client = new TestClient(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Topic "a" points along x, topic "b" along z; the index i tilts each item a little towards y. */
  private void putVector(String item, float x, float y, float z) {
    String body = String.format(Locale.ROOT, "{\"vector\":[%f,%f,%f]}", x, y, z);
    assertThat(client.put("/v1/items/" + item, body).status()).isEqualTo(200);
  }

  private void rebuild() {
    assertThat(client.post("/v1/model/rebuild", new byte[0], "s3cret").status()).isEqualTo(200);
  }

  private JsonNode content(String user, String extra) {
    return client.get("/v1/users/" + user + "/recommendations?algo=content&k=4" + extra).json();
  }

  @Test
  void aNewItemWithAVectorIsRecommendedBeforeAndAfterTheRebuild() throws Exception {
    start();
    for (int i = 0; i < 10; i++) {
      putVector("a" + i, 1, 0.05f * i, 0);
      putVector("b" + i, 0, 0.05f * i, 1);
    }
    assertThat(client.post("/v1/events", "[{\"user\":\"reader\",\"item\":\"b1\",\"type\":\"like\"},"
        + "{\"user\":\"reader\",\"item\":\"b2\",\"type\":\"like\"}]").status()).isEqualTo(200);
    rebuild();

    JsonNode before = content("reader", "");
    assertThat(before.path("algo").asText()).isEqualTo("content");
    assertThat(TestClient.items(before)).hasSize(4).allMatch(i -> i.startsWith("b")).doesNotContain("b1", "b2");
    assertThat(content("reader", "").path("source").asText()).isEqualTo("l1");

    // a new post on the reader's topic, nobody has seen it: the interest vector points at (0, 0.075, 1)
    putVector("post-new", 0, 0.075f, 1);
    Thread.sleep(2); // an answer cached in the post's millisecond counts as older: let the clock move on
    JsonNode live = content("reader", ""); // same cache key: the cached answer predates the post
    assertThat(live.path("source").asText()).isEqualTo("computed");
    assertThat(TestClient.items(live)).first().isEqualTo("post-new");
    assertThat(live.path("items").get(0).path("score").asDouble()).isGreaterThan(0.999);
    assertThat(TestClient.items(live)).hasSize(4).allMatch(i -> i.startsWith("b") || i.equals("post-new"));
    JsonNode again = content("reader", "");
    assertThat(again.path("source").asText()).isEqualTo("l1"); // stored after the post: good until the next one
    assertThat(TestClient.items(again)).isEqualTo(TestClient.items(live));
    // the collaborative model's cached answers do not depend on fresh items and stay
    client.get("/v1/users/reader/recommendations?algo=itemknn&k=5");
    putVector("post-other", 1, 0, 0);
    assertThat(client.get("/v1/users/reader/recommendations?algo=itemknn&k=5").json().path("source").asText())
        .isEqualTo("l1");

    long items = client.get("/v1/model").json().path("items").asLong();
    rebuild();
    assertThat(client.get("/v1/model").json().path("items").asLong()).isEqualTo(items + 2); // post-new, post-other
    JsonNode after = content("reader", "");
    assertThat(TestClient.items(after)).first().isEqualTo("post-new");
    assertThat(TestClient.items(client.get("/v1/items/post-new/similar?algo=content&k=3").json()))
        .hasSize(3).allMatch(i -> i.startsWith("b"));
    // nobody interacted with it, so the collaborative model does not rank it (only a popularity backfill could)
    assertThat(TestClient.items(client.get("/v1/users/reader/recommendations?algo=itemknn&k=5").json()))
        .hasSize(5).doesNotContain("post-new");
  }

  @Test
  void aSeenNewItemIsNotRecommendedAndUsersWithoutVectorsGetPopularItems() throws Exception {
    start();
    for (int i = 0; i < 10; i++) {
      putVector("b" + i, 0, 0.05f * i, 1);
    }
    client.post("/v1/events", "[{\"user\":\"reader\",\"item\":\"b1\",\"type\":\"like\"}]");
    rebuild();
    putVector("post-new", 0, 0.05f, 1);
    client.post("/v1/events", "[{\"user\":\"reader\",\"item\":\"post-new\",\"type\":\"view\"}]");
    assertThat(TestClient.items(content("reader", ""))).hasSize(4).doesNotContain("post-new", "b1");

    JsonNode plain = content("u3", ""); // u3 only knows "a" items, which carry no vector here
    assertThat(plain.path("algo").asText()).isEqualTo("pop");
    assertThat(TestClient.items(plain)).isNotEmpty();
    assertThat(client.get("/v1/users/u3/recommendations?algo=nope").errorCode()).isEqualTo("unknown_algo");
    assertThat(List.of(client.get("/v1/model").json().path("algos").asText().split(","))).contains("content");
  }
}
