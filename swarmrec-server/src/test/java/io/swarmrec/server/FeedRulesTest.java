package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import io.swarmrec.store.Stores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feed rules end to end over item-kNN, ALS and content: filters, freshness, diversity and caps, rotation,
 * exploration, explanations, re-ranking of given candidates, the cache, batches and steps, bad rules.
 *
 * <p>Catalogue: 40 items x0..x39; even items are category "sci", odd ones "art"; item i was written by
 * author "w" + (i % 4) and created i hours before NOW; each has a 4-d content vector by category. 60 users:
 * user p{j} likes the 8 items j, j+2, ..., so communities follow the categories.
 */
class FeedRulesTest {
  static final long NOW = 1_760_000_000L;
  private SwarmrecServer server;
  private TestClient client;

  private void start(Map<String, String> overrides) throws Exception {
    Map<String, String> cfg = new HashMap<>(Map.of("port", "0", "admin-token", "s3cret", "rebuild-interval-seconds",
        "0", "rebuild-after-events", "0", "warm-users", "0", "algos", "itemknn,als,content,pop",
        "param.als.factors", "8", "param.als.iterations", "5", "param.itemknn.neighbors", "30"));
    cfg.put("deadline-ms", "10000"); // rules, not deadlines, are tested here; a loaded machine must not fall back
    cfg.putAll(overrides);
    InteractionStore store = Stores.open("memory:");
    List<ItemMeta> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      float[] v = i % 2 == 0 ? new float[] {1, 0.1f * (i % 5), 0, 0} : new float[] {0, 0, 1, 0.1f * (i % 5)};
      items.add(new ItemMeta("x" + i, List.of(i % 2 == 0 ? "sci" : "art"), List.of("t" + (i % 3)), "w" + (i % 4),
          NOW - i * 3600L, null, v));
    }
    store.putItems(items);
    List<Event> events = new ArrayList<>();
    for (int j = 0; j < 60; j++) {
      for (int n = 0; n < 8; n++) {
        events.add(Event.of("p" + j, "x" + ((j + 2 * n) % 40), "like", NOW - 86_400 + j * 60 + n));
      }
    }
    store.append(events);
    server = SwarmrecServer.start(ServerConfig.of(cfg), store);
    client = new TestClient(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode recs(String user, String query) {
    TestClient.Answer a = client.get("/v1/users/" + user + "/recommendations?" + query);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  private static int num(String item) {
    return Integer.parseInt(item.substring(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"itemknn", "als", "content"})
  void aCategoryFilterKeepsOnlyThatCategoryAndStillFillsTheList(String algo) throws Exception {
    start(Map.of());
    // p0 likes even (sci) items: ask for art only, which the model ranks low
    JsonNode r = recs("p0", "k=10&algo=" + algo + "&category=art");
    List<String> items = TestClient.items(r);
    assertThat(items).hasSize(10).allMatch(i -> num(i) % 2 == 1);
    assertThat(r.has("exhausted")).isFalse();
    List<String> excluded = TestClient.items(recs("p0", "k=10&algo=" + algo + "&exclude_category=sci"));
    assertThat(excluded).hasSize(10).allMatch(i -> num(i) % 2 == 1);
    // fewer pass than asked: all of them come back, flagged, and nothing else pads the list
    JsonNode few = recs("p0", "k=10&algo=" + algo + "&category=art&author=w1");
    assertThat(TestClient.items(few)).hasSize(10).allMatch(i -> num(i) % 4 == 1);
    JsonNode tiny = recs("p0", "k=15&algo=" + algo + "&category=art&author=w1");
    assertThat(TestClient.items(tiny)).hasSize(10).allMatch(i -> num(i) % 4 == 1);
    assertThat(tiny.path("exhausted").asBoolean()).isTrue();
    assertThat(TestClient.items(recs("p0", "k=5&algo=" + algo + "&category=nonesuch"))).isEmpty();
  }

  @Test
  void tagAndAuthorFiltersAndAnAuthorNeverGetsTheirOwnItems() throws Exception {
    start(Map.of());
    assertThat(TestClient.items(recs("p0", "k=8&tag=t1"))).isNotEmpty().allMatch(i -> num(i) % 3 == 1);
    assertThat(TestClient.items(recs("p0", "k=8&exclude_tag=t1,t2"))).isNotEmpty().allMatch(i -> num(i) % 3 == 0);
    assertThat(TestClient.items(recs("p0", "k=8&exclude_author=w0&exclude_author=w2")))
        .isNotEmpty().allMatch(i -> num(i) % 2 == 1 || num(i) % 4 != 0 && num(i) % 4 != 2);
    // a user who is also an author: w0 has a history like p0's; never their own items, with or without rules
    client.post("/v1/events", "[{\"user\":\"w0\",\"item\":\"x2\",\"type\":\"like\"},{\"user\":\"w0\",\"item\":\"x6\"}]");
    for (String q : List.of("k=20", "k=20&category=sci", "k=20&diversity=0.5")) {
      assertThat(TestClient.items(recs("w0", q))).as(q).isNotEmpty().noneMatch(i -> num(i) % 4 == 0);
    }
  }

  @Test
  void maxAgeAndFreshnessUseTheRequestsClock() throws Exception {
    start(Map.of());
    // created i hours before NOW: max_age of 10 hours keeps x0..x10
    List<String> fresh = TestClient.items(recs("p1", "k=20&max_age=36000&now=" + NOW));
    assertThat(fresh).isNotEmpty().allMatch(i -> num(i) <= 10);
    // a day later nothing is that young
    JsonNode later = recs("p1", "k=5&max_age=36000&now=" + (NOW + 86_400 * 2));
    assertThat(TestClient.items(later)).isEmpty();
    assertThat(later.path("exhausted").asBoolean()).isTrue();
    // a strong freshness boost puts the youngest candidates first
    List<String> boosted = TestClient.items(recs("p1", "k=5&fresh_half_life=600&now=" + NOW));
    List<String> plain = TestClient.items(recs("p1", "k=5"));
    assertThat(boosted).isNotEqualTo(plain);
    assertThat(num(boosted.get(0))).isLessThanOrEqualTo(num(plain.get(0)));
  }

  @Test
  void diversityAndCapsReorderTheList() throws Exception {
    start(Map.of());
    List<String> capped = TestClient.items(recs("p0", "k=10&max_per_category=3"));
    assertThat(capped.stream().filter(i -> num(i) % 2 == 0).count()).isLessThanOrEqualTo(3);
    assertThat(capped.stream().filter(i -> num(i) % 2 == 1).count()).isLessThanOrEqualTo(3);
    assertThat(capped).hasSizeLessThanOrEqualTo(6);
    List<String> byAuthor = TestClient.items(recs("p0", "k=6&max_per_author=1"));
    assertThat(byAuthor.stream().map(i -> num(i) % 4).distinct().count()).isEqualTo(byAuthor.size());
    List<String> plain = TestClient.items(recs("p0", "k=10"));
    List<String> diverse = TestClient.items(recs("p0", "k=10&diversity=0.9"));
    assertThat(diverse).hasSize(10).isNotEqualTo(plain);
  }

  @Test
  void boostsAndPinsFromAJsonBody() throws Exception {
    start(Map.of());
    String body = "{\"k\":6,\"rules\":{\"boosts\":[{\"tag\":\"t1\",\"factor\":1000}],"
        + "\"pins\":[{\"item\":\"x39\",\"position\":0}]}}";
    TestClient.Answer a = client.post("/v1/users/p0/recommendations", body);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    List<String> items = TestClient.items(a.json());
    assertThat(items.get(0)).isEqualTo("x39");
    assertThat(num(items.get(1)) % 3).isEqualTo(1); // boosted tag first among the model's candidates
    assertThat(TestClient.items(recs("p0", "k=6")).get(0)).isNotEqualTo("x39");
  }

  @Test
  void rotationLeavesShownItemsOutUntilTheUserEngagesAndTheCacheFollows() throws Exception {
    start(Map.of("rotation", "exclude"));
    List<String> first = TestClient.items(recs("p3", "k=4&rotate=off"));
    List<String> again = TestClient.items(recs("p3", "k=4&rotate=off"));
    assertThat(again).isEqualTo(first);
    StringBuilder shown = new StringBuilder("[");
    for (String i : first) {
      shown.append(shown.length() > 1 ? "," : "").append("{\"user\":\"p3\",\"item\":\"").append(i)
          .append("\",\"type\":\"impression\"}");
    }
    assertThat(client.post("/v1/events", shown.append("]").toString()).status()).isEqualTo(200);
    List<String> next = TestClient.items(recs("p3", "k=4"));
    assertThat(next).hasSize(4).doesNotContainAnyElementsOf(first);
    assertThat(TestClient.items(recs("p3", "k=4&rotate=off"))).isEqualTo(first); // impressions are no taste
    List<String> demoted = TestClient.items(recs("p3", "k=4&rotate=demote"));
    assertThat(demoted).doesNotContainAnyElementsOf(first);
    // engaging with a shown item brings nothing back to rotation: it is now part of the history
    client.post("/v1/events", "[{\"user\":\"p3\",\"item\":\"" + first.get(0) + "\",\"type\":\"like\"}]");
    assertThat(TestClient.items(recs("p3", "k=4"))).doesNotContain(first.get(0));
  }

  @Test
  void theServerCanRecordWhatItServedAsImpressions() throws Exception {
    start(Map.of("rotation", "exclude", "record-impressions", "true"));
    List<String> first = TestClient.items(recs("p5", "k=3"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> next = TestClient.items(recs("p5", "k=3"));
    while (next.equals(first) && System.nanoTime() < deadline) { // impressions are written behind the answer
      Thread.sleep(50);
      next = TestClient.items(recs("p5", "k=3"));
    }
    assertThat(next).hasSize(3).doesNotContainAnyElementsOf(first);
  }

  @Test
  void explorationIsDeterministicForUserSeedAndNow() throws Exception {
    start(Map.of());
    String q = "k=10&explore=0.3&seed=7&now=" + NOW;
    JsonNode a = recs("p2", q + "&explain=true");
    assertThat(TestClient.items(recs("p2", q))).isEqualTo(TestClient.items(a));
    long explored = 0;
    for (JsonNode item : a.path("items")) {
      explored += item.path("because").path("reason").asText().equals("explored") ? 1 : 0;
    }
    assertThat(explored).isEqualTo(3);
    assertThat(TestClient.items(recs("p2", "k=10&explore=0.3&seed=8&now=" + NOW)))
        .isNotEqualTo(TestClient.items(a));
  }

  @Test
  void explanationsNameTheHistoryBehindEachItem() throws Exception {
    start(Map.of());
    JsonNode r = recs("p0", "k=3&explain=true");
    Set<String> history = new HashSet<>();
    for (int n = 0; n < 8; n++) {
      history.add("x" + (2 * n));
    }
    for (JsonNode item : r.path("items")) {
      JsonNode because = item.path("because");
      assertThat(because.path("reason").asText()).isEqualTo("history");
      assertThat(because.path("items")).isNotEmpty().hasSizeLessThanOrEqualTo(3);
      for (JsonNode h : because.path("items")) {
        assertThat(history).contains(h.path("item").asText());
        assertThat(h.path("share").asDouble()).isBetween(0.0, 1.0);
      }
    }
    JsonNode factor = recs("p0", "k=2&algo=als&explain=true");
    assertThat(factor.path("items").get(0).path("because").path("reason").asText()).isEqualTo("similar");
    JsonNode pop = recs("nobody", "k=2&explain=true");
    assertThat(pop.path("items").get(0).path("because").path("reason").asText()).isEqualTo("popular");
  }

  @Test
  void rankOrdersTheCallersCandidatesUnknownOnesLast() throws Exception {
    start(Map.of());
    TestClient.Answer a = client.post("/v1/users/p0/rank",
        "{\"items\":[\"x1\",\"x2\",\"nope\",\"x4\",\"x3\"],\"rules\":{\"exclude_category\":\"art\"}}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(TestClient.items(a.json())).containsExactlyInAnyOrder("x2", "x4");
    assertThat(a.json().path("unknown")).extracting(JsonNode::asText).containsExactly("nope");
    TestClient.Answer all = client.post("/v1/users/p0/rank", "{\"items\":[\"x1\",\"x2\",\"x3\",\"x4\"]}");
    List<String> order = TestClient.items(all.json());
    assertThat(order).containsExactlyInAnyOrder("x1", "x2", "x3", "x4");
    assertThat(num(order.get(0)) % 2).isZero(); // p0's own community first
  }

  @Test
  void anAnswerUnderOneRuleSetIsNeverServedForAnother() throws Exception {
    start(Map.of());
    JsonNode sci = recs("p0", "k=4&category=sci");
    JsonNode art = recs("p0", "k=4&category=art");
    JsonNode sciAgain = recs("p0", "k=4&category=sci");
    assertThat(sciAgain.path("source").asText()).isEqualTo("l1");
    assertThat(TestClient.items(sciAgain)).isEqualTo(TestClient.items(sci));
    assertThat(TestClient.items(art)).doesNotContainAnyElementsOf(TestClient.items(sci));
    assertThat(recs("p0", "k=4").path("source").asText()).isEqualTo("computed");
    // metadata changes take effect at once: x0 becomes art
    assertThat(client.put("/v1/items/x0", "{\"categories\":[\"art\"],\"author\":\"w0\"}").status()).isEqualTo(200);
    assertThat(TestClient.items(recs("p1", "k=20&category=sci"))).doesNotContain("x0");
  }

  @Test
  void batchesAndStepsApplyTheRules() throws Exception {
    start(Map.of("rotation", "exclude"));
    String rules = "\"rules\":{\"category\":\"art\",\"now\":" + (System.currentTimeMillis() / 1000) + "}";
    JsonNode batch = client.post("/v1/recommendations/batch", "{\"users\":[\"p0\",\"p1\"],\"k\":3," + rules + "}").json();
    for (JsonNode r : batch.path("results")) {
      assertThat(TestClient.items(r)).hasSize(3).allMatch(i -> num(i) % 2 == 1);
    }
    String step = "{\"users\":[\"p0\",\"p1\"],\"k\":3,\"step\":true," + rules + "}";
    JsonNode s1 = client.post("/v1/recommendations/batch", step).json();
    JsonNode s2 = client.post("/v1/recommendations/batch", step).json();
    assertThat(s2.path("results").get(0).path("source").asText()).isEqualTo("step");
    List<String> p0 = TestClient.items(s1.path("results").get(0));
    assertThat(p0).allMatch(i -> num(i) % 2 == 1);
    client.post("/v1/events", "[{\"user\":\"p0\",\"item\":\"" + p0.get(0) + "\",\"type\":\"impression\"}]");
    JsonNode s3 = client.post("/v1/recommendations/batch", step).json();
    assertThat(s3.path("results").get(0).path("source").asText()).isEqualTo("computed"); // exposure changed
    assertThat(TestClient.items(s3.path("results").get(0))).doesNotContain(p0.get(0));
    assertThat(s3.path("results").get(1).path("source").asText()).isEqualTo("step");
  }

  @Test
  void followsFeedTheNetworkShareIncludingPostsWrittenAMomentAgo() throws Exception {
    start(Map.of());
    TestClient.Answer f = client.post("/v1/follows", "[{\"follower\":\"p0\",\"followee\":\"w1\"},"
        + "{\"follower\":\"p0\",\"followee\":\"w3\",\"type\":\"follow\"},"
        + "{\"follower\":\"p0\",\"followee\":\"w3\",\"type\":\"unfollow\"}]");
    assertThat(f.status()).as(f.body()).isEqualTo(200);
    assertThat(client.get("/v1/users/p0/following").json().path("following")).extracting(JsonNode::asText)
        .containsExactly("w1");
    // p0's community is sci (even items); w1 writes art (x1, x5, ...): half the list comes from the network
    JsonNode r = recs("p0", "k=6&network_share=0.5&explain=true");
    List<String> items = TestClient.items(r);
    assertThat(items).hasSize(6);
    assertThat(items.stream().filter(i -> num(i) % 4 == 1).count()).isEqualTo(3);
    assertThat(r.path("items")).anyMatch(i -> i.path("because").path("reason").asText().equals("network"));
    // a post written now, with no interaction and no rebuild, reaches the followers' network slots
    assertThat(client.put("/v1/items/brand-new", "{\"author\":\"w1\",\"categories\":[\"art\"],\"created\":"
        + (System.currentTimeMillis() / 1000) + ",\"text\":\"fresh\"}").status()).isEqualTo(200);
    assertThat(TestClient.items(recs("p0", "k=6&network_share=0.5"))).contains("brand-new");
    assertThat(TestClient.items(recs("p1", "k=6&network_share=0.5"))).doesNotContain("brand-new"); // p1 follows nobody
    assertThat(TestClient.items(recs("w1", "k=40&network_share=1"))).doesNotContain("brand-new"); // own post
    // the rules apply to the network source too
    assertThat(TestClient.items(recs("p0", "k=6&network_share=0.5&exclude_category=art"))).noneMatch(i -> num0(i) % 2 == 1);
    for (String bad : List.of("[{\"follower\":\"a\",\"followee\":\"a\"}]", "[{\"follower\":\"a\"}]",
        "[{\"follower\":\"a\",\"followee\":\"b\",\"type\":\"like\"}]", "[]")) {
      TestClient.Answer a = client.post("/v1/follows", bad);
      assertThat(a.status()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void oneRoundTripPerStepWritesThenAnswersTheFeedsAsNdjson() throws Exception {
    start(Map.of("step-epoch", Long.toString(NOW), "step-seconds", "600"));
    String body = "{\"step\":3,\"posts\":[{\"item\":\"post-a\",\"author\":\"w1\",\"categories\":[\"art\"],"
        + "\"text\":\"hello\"}],\"follows\":[{\"follower\":\"p0\",\"followee\":\"w1\"}],"
        + "\"events\":[{\"user\":\"p0\",\"item\":\"x30\",\"type\":\"like\"}],"
        + "\"feed\":{\"users\":[\"p0\",\"p1\"],\"k\":11,\"rules\":{\"network_share\":1}}}";
    TestClient.Answer a = client.post("/v1/steps", body);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String[] lines = a.body().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode p0 = TestClient.JSON.readTree(lines[0]);
    assertThat(p0.path("user").asText()).isEqualTo("p0");
    assertThat(TestClient.items(p0)).hasSize(11).contains("post-a").allMatch(i -> i.equals("post-a") || num(i) % 4 == 1);
    assertThat(client.get("/v1/users/p0/following").json().path("following").get(0).asText()).isEqualTo("w1");
    // the post took the step's clock as its creation time: max_age relative to that clock keeps it
    assertThat(TestClient.items(recs("p0", "k=5&network_share=1&max_age=60&now=" + (NOW + 1800))))
        .containsExactly("post-a");
    assertThat(TestClient.items(recs("p0", "k=40"))).doesNotContain("x30"); // the step's event counts
    // a bad part fails the whole call before anything is written
    TestClient.Answer bad = client.post("/v1/steps", "{\"step\":4,\"posts\":[{\"item\":\"post-b\"}],"
        + "\"events\":[{\"user\":\" \",\"item\":\"x1\"}],\"feed\":{\"users\":\"all\"}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(TestClient.items(recs("p0", "k=40&network_share=1"))).doesNotContain("post-b");
    // the same step twice answers the same; "all" answers every known agent
    String again = "{\"step\":5,\"feed\":{\"users\":\"all\",\"k\":3}}";
    String first = client.post("/v1/steps", again).body();
    String second = client.post("/v1/steps", again).body();
    assertThat(first.split("\n")).hasSizeGreaterThanOrEqualTo(60);
    assertThat(second.replace("\"source\":\"step\"", "\"source\":\"computed\""))
        .isEqualTo(first.replace("\"source\":\"step\"", "\"source\":\"computed\""));
    assertThat(second).contains("\"source\":\"step\"");
  }

  /** The item number, or 1 (odd: art) for a post outside the catalogue of numbered items. */
  private static int num0(String item) {
    return item.startsWith("x") ? num(item) : 1;
  }

  @Test
  void badRulesAreA400WithAStableCode() throws Exception {
    start(Map.of());
    for (String q : List.of("diversity=2", "diversity=x", "max_per_category=0", "max_age=-5", "rotate=sideways",
        "explore=1.5", "now=99999999999999999", "explain=maybe", "author=%20", "category=" + "c,".repeat(101))) {
      TestClient.Answer a = client.get("/v1/users/p0/recommendations?" + q);
      assertThat(a.status()).as(q).isEqualTo(400);
      assertThat(a.errorCode()).as(q).isEqualTo("invalid_rule");
    }
    for (String body : List.of("{\"rules\":{\"colour\":1}}", "{\"rules\":{\"boosts\":[{\"category\":\"a\"}]}}",
        "{\"rules\":{\"boosts\":[{\"category\":\"a\",\"factor\":-1}]}}", "{\"rules\":{\"pins\":[{\"item\":\"x1\"}]}}",
        "{\"rules\":[]}")) {
      TestClient.Answer a = client.post("/v1/users/p0/recommendations", body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.errorCode()).as(body).isEqualTo("invalid_rule");
    }
  }
}
