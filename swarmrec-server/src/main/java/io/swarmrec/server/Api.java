package io.swarmrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.EventIn;
import io.swarmrec.server.engine.RecRequest;
import io.swarmrec.server.engine.RecResult;
import io.swarmrec.server.http.ApiException;
import io.swarmrec.server.http.Json;
import io.swarmrec.server.http.Reply;
import io.swarmrec.server.http.Request;
import io.swarmrec.server.http.Response;
import io.swarmrec.server.http.Router;
import io.swarmrec.server.http.Streamed;
import io.swarmrec.server.kafka.KafkaIngest;
import io.swarmrec.server.metrics.Metrics;
import io.swarmrec.store.Event;
import io.swarmrec.store.ItemMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code /v1} HTTP API: parses and validates each request into the engine's terms ({@link InputRules}:
 * the store's rules, strict JSON, known parameters only), and renders what the engine answers. Validation
 * is complete before anything is written: an ingest batch with one bad event stores none of them. All
 * shapes are documented in {@code docs/openapi.yaml}.
 */
final class Api {
  private static final int MAX_EXCLUDE = 1000;
  private static final int MAX_CONTEXT = 128;
  private static final int MAX_VECTOR = 4096;
  private static final Set<String> NONE = Set.of();
  private static final Set<String> CONTEXT = Set.of("k", "algo", "exclude", "scene", "device", "location");
  private static final Set<String> RECOMMEND = union(CONTEXT, RuleParams.QUERY);
  private static final Set<String> RECOMMEND_BODY = union(CONTEXT, Set.of("rules"));
  private static final Set<String> RANK_BODY = Set.of("items", "k", "algo", "rules");
  private static final int MAX_RANK_ITEMS = 10_000;
  private static final Set<String> SIMILAR = Set.of("k", "algo");
  private static final Set<String> POPULAR = Set.of("k", "kind");
  private static final Set<String> EVENT_FIELDS = Set.of("id", "user", "item", "type", "value", "timestamp");
  private static final Set<String> ITEM_FIELDS = Set.of("categories", "tags", "author", "created", "text", "vector");
  private static final Set<String> BATCH_FIELDS = Set.of("users", "k", "algo", "step", "scene", "device", "location",
      "rules");

  private final Engine engine;
  private final ServerConfig cfg;
  private final Metrics metrics;
  private final byte[] adminToken;
  private final InputRules rules;
  private final RuleParams ruleParams;
  private final int maxEvents;
  private final int maxBatchUsers;
  private final int ndjsonThreshold;

  Api(Engine engine, ServerConfig cfg, Metrics metrics, String adminToken) {
    this.engine = engine;
    this.cfg = cfg;
    this.metrics = metrics;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.rules = new InputRules(cfg.getInt("max-id-length"));
    this.ruleParams = new RuleParams(rules);
    this.maxEvents = cfg.getInt("max-events-per-request");
    this.maxBatchUsers = cfg.getInt("max-batch-users");
    this.ndjsonThreshold = cfg.getInt("ndjson-threshold");
  }

  Router router() {
    return new Router()
        .add("POST", "/v1/events", this::events)
        .add("PUT", "/v1/items/{id}", this::putItem)
        .add("DELETE", "/v1/items/{id}", this::deleteItem)
        .add("GET", "/v1/items/{id}/similar", this::similarItems)
        .add("GET", "/v1/users/{id}/recommendations", this::recommend)
        .add("POST", "/v1/users/{id}/recommendations", this::recommendWithBody)
        .add("POST", "/v1/users/{id}/rank", this::rank)
        .add("POST", "/v1/follows", this::follows)
        .add("POST", "/v1/steps", this::steps)
        .add("GET", "/v1/users/{id}/following", this::following)
        .add("GET", "/v1/users/{id}/similar", this::similarUsers)
        .add("DELETE", "/v1/users/{id}", this::forgetUser)
        .add("POST", "/v1/recommendations/batch", this::batch)
        .add("GET", "/v1/popular", this::popular)
        .add("GET", "/v1/model", r -> plain(r, modelJson()))
        .add("POST", "/v1/model/rebuild", this::rebuild)
        .add("GET", "/metrics", r -> plain(r, new Reply(200, metrics.contentType(), metrics.scrape())))
        .add("GET", "/health", r -> plain(r, Reply.json(new Json(32).beginObject().field("status", "up").endObject())))
        .add("GET", "/ready", this::ready);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  private static CompletionStage<Response> plain(Request r, Response answer) {
    InputRules.onlyParams(r, NONE);
    return done(answer);
  }

  // ---- ingest

  private CompletionStage<Response> events(Request r) {
    InputRules.onlyParams(r, NONE);
    JsonNode root = rules.parse(r.body());
    JsonNode arr = root;
    if (root.isObject()) {
      arr = root.get("events");
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("events")) {
          throw ApiException.badRequest("invalid_body", "unknown field '" + InputRules.clip(f) + "'");
        }
      }
    }
    if (arr == null || !arr.isArray()) {
      throw ApiException.badRequest("invalid_body", "expected a JSON array of events or {\"events\": [...]}");
    }
    if (arr.size() > maxEvents) {
      throw new ApiException(413, "batch_too_large", "at most " + maxEvents + " events per request, got " + arr.size());
    }
    if (arr.isEmpty()) {
      throw ApiException.badRequest("invalid_body", "no events given");
    }
    String key = r.header("idempotency-key");
    if (key != null && (key.isEmpty() || key.length() > 256 || Event.isBlank(key))) {
      throw ApiException.badRequest("invalid_parameter", "Idempotency-Key must have 1 to 256 visible characters");
    }
    long now = System.currentTimeMillis() / 1000;
    List<EventIn> events = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      events.add(event(arr.get(i), "events[" + i + "]", now));
    }
    return engine.ingest(events, key).thenApply(res -> Reply.json(new Json(96).beginObject()
        .field("accepted", res.received()).field("stored", res.stored())
        .field("last_sequence", res.lastSequence()).endObject()));
  }

  private EventIn event(JsonNode e, String at, long now) {
    if (e == null || !e.isObject()) {
      throw ApiException.badRequest("invalid_event", at + " must be an object");
    }
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!EVENT_FIELDS.contains(f)) {
        throw ApiException.badRequest("invalid_event", at + " has unknown field '" + InputRules.clip(f) + "'");
      }
    }
    String user = idField(e, "user", at);
    String item = idField(e, "item", at);
    String type = text(e, "type", at, false);
    type = type == null ? "view" : type;
    float value = Float.NaN;
    JsonNode v = e.get("value");
    if (v != null && !v.isNull()) {
      value = InputRules.finiteFloat(v, at + ".value", "invalid_event");
    }
    long ts = now;
    JsonNode t = e.get("timestamp");
    if (t != null && !t.isNull()) {
      ts = InputRules.time(t, at + ".timestamp", "invalid_event");
    }
    String id = null;
    JsonNode idNode = e.get("id");
    if (idNode != null && !idNode.isNull()) {
      id = rules.id(text(e, "id", at, true), at + ".id");
    }
    Event event;
    try {
      event = new Event(user, item, type, value, ts); // the store's own rules: what passes can be stored
    } catch (IllegalArgumentException ex) {
      throw ApiException.badRequest("invalid_event", at + ": " + ex.getMessage());
    }
    if (!engine.knowsEventType(event.type())) {
      throw ApiException.badRequest("invalid_event", at + ".type '" + InputRules.clip(type) + "' is unknown; known: "
          + engine.eventTypes());
    }
    return new EventIn(id, event);
  }

  private String idField(JsonNode e, String field, String at) {
    return rules.id(text(e, field, at, true), at + "." + field);
  }

  // ---- follows

  /** {@code [{follower, followee, type: follow|unfollow}]} or {@code {"follows": [...]}}, all checked before any is stored. */
  private CompletionStage<Response> follows(Request r) {
    InputRules.onlyParams(r, NONE);
    JsonNode root = rules.parse(r.body());
    JsonNode arr = root.isObject() && root.size() == 1 && root.has("follows") ? root.get("follows") : root;
    if (!arr.isArray() || arr.isEmpty()) {
      throw ApiException.badRequest("invalid_body", "expected a non-empty JSON array of follows or {\"follows\": [...]}");
    }
    if (arr.size() > maxEvents) {
      throw new ApiException(413, "batch_too_large", "at most " + maxEvents + " follows per request, got " + arr.size());
    }
    List<io.swarmrec.store.Follow> changes = parseFollows(arr);
    return engine.follow(changes).thenApply(n -> Reply.json(new Json(64).beginObject()
        .field("accepted", changes.size()).field("changed", n).endObject()));
  }

  private List<io.swarmrec.store.Follow> parseFollows(JsonNode arr) {
    List<io.swarmrec.store.Follow> changes = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      JsonNode f = arr.get(i);
      String at = "follows[" + i + "]";
      if (!f.isObject()) {
        throw ApiException.badRequest("invalid_follow", at + " must be an object");
      }
      for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!Set.of("follower", "followee", "type").contains(name)) {
          throw ApiException.badRequest("invalid_follow", at + " has unknown field '" + InputRules.clip(name) + "'");
        }
      }
      String follower = rules.id(text(f, "follower", at, true), at + ".follower");
      String followee = rules.id(text(f, "followee", at, true), at + ".followee");
      String type = text(f, "type", at, false);
      if (type != null && !type.equals("follow") && !type.equals("unfollow")) {
        throw ApiException.badRequest("invalid_follow", at + ".type must be follow or unfollow");
      }
      try {
        changes.add(new io.swarmrec.store.Follow(follower, followee, !"unfollow".equals(type)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_follow", at + ": " + e.getMessage());
      }
    }
    return changes;
  }

  private CompletionStage<Response> following(Request r) {
    InputRules.onlyParams(r, NONE);
    String user = rules.id(r.pathParam(0), "user id");
    Json j = new Json(256).beginObject().field("user", user).name("following").beginArray();
    for (String f : engine.following(user)) {
      j.value(f);
    }
    return done(Reply.json(j.endArray().endObject()));
  }

  // ---- one round trip per simulation step

  private static final Set<String> STEP_FIELDS = Set.of("now", "step", "posts", "users_upsert", "follows", "events",
      "feed");
  private static final Set<String> FEED_FIELDS = Set.of("users", "k", "algo", "rules");

  /**
   * A simulation step in one call: {@code {now | step, posts, follows, events, feed: {users | "all", k, algo,
   * rules}}}. Everything is validated first; then the posts, follows and events are stored durably in that
   * order (a failed part fails the call before any feed is computed; the parts before it stay stored), and the
   * feeds are answered as NDJSON, rescoring only the agents whose inputs changed. The step's clock ({@code now},
   * or {@code step-epoch + step * step-seconds}) is the default time of its posts and events and the {@code now}
   * of its feed rules.
   */
  private CompletionStage<Response> steps(Request r) {
    InputRules.onlyParams(r, NONE);
    JsonNode root = rules.parse(r.body());
    knownFields(root, STEP_FIELDS);
    if (root.has("now") && root.has("step")) {
      throw ApiException.badRequest("invalid_body", "give now or step, not both");
    }
    long now;
    if (root.has("step")) {
      JsonNode st = root.get("step");
      if (!st.isIntegralNumber() || !st.canConvertToLong() || st.asLong() < 0) {
        throw ApiException.badRequest("invalid_body", "step must be an integer >= 0");
      }
      now = cfg.getLong("step-epoch") + st.asLong() * cfg.getLong("step-seconds");
      if (!io.swarmrec.core.EventTime.inRange(now)) {
        throw ApiException.badRequest("invalid_body", "step " + st.asLong() + " is past the accepted time range");
      }
    } else if (root.has("now")) {
      now = InputRules.time(root.get("now"), "now", "invalid_body");
    } else {
      now = System.currentTimeMillis() / 1000;
    }
    JsonNode upserts = root.get("users_upsert");
    if (upserts != null && !upserts.isNull() && !(upserts.isArray() && upserts.isEmpty())) {
      throw ApiException.badRequest("unsupported", "users_upsert (user profiles with a bio) is not served yet;"
          + " send it empty or leave it out");
    }
    List<ItemMeta> posts = new ArrayList<>();
    JsonNode ps = root.get("posts");
    if (ps != null && !ps.isNull()) {
      if (!ps.isArray() || ps.size() > maxEvents) {
        throw ApiException.badRequest("invalid_body", "posts must be an array of at most " + maxEvents + " items");
      }
      for (int i = 0; i < ps.size(); i++) {
        JsonNode p = ps.get(i);
        if (!p.isObject()) {
          throw ApiException.badRequest("invalid_item", "posts[" + i + "] must be an object");
        }
        if (p.has("item") == p.has("id")) {
          throw ApiException.badRequest("invalid_item", "posts[" + i + "] needs its id as item (or id), once");
        }
        String idField = p.has("item") ? "item" : "id";
        String item = rules.id(text(p, idField, "posts[" + i + "]", true), "posts[" + i + "]." + idField);
        com.fasterxml.jackson.databind.node.ObjectNode rest = ((com.fasterxml.jackson.databind.node.ObjectNode) p).deepCopy();
        rest.remove(idField);
        ItemMeta m = itemMeta(item, rest);
        posts.add(m.createdEpochSecond() != Event.NO_TIME ? m
            : new ItemMeta(m.item(), m.categories(), m.tags(), m.author(), now, m.text(), m.vector()));
      }
    }
    JsonNode fs = root.get("follows");
    List<io.swarmrec.store.Follow> follows = fs == null || fs.isNull() || fs.isEmpty() && fs.isArray() ? List.of()
        : parseFollows(fs);
    List<EventIn> events = new ArrayList<>();
    JsonNode es = root.get("events");
    if (es != null && !es.isNull()) {
      if (!es.isArray() || es.size() > maxEvents) {
        throw ApiException.badRequest("invalid_body", "events must be an array of at most " + maxEvents + " events");
      }
      for (int i = 0; i < es.size(); i++) {
        events.add(event(es.get(i), "events[" + i + "]", now));
      }
    }
    JsonNode feed = root.get("feed");
    List<String> users = null;
    int k = 10;
    String algo = engine.defaultAlgo();
    io.swarmrec.server.engine.FeedRules feedRules = io.swarmrec.server.engine.FeedRules.NONE;
    if (feed != null && !feed.isNull()) {
      knownFields(feed, FEED_FIELDS);
      JsonNode us = feed.get("users");
      if (us != null && us.isTextual() && us.asText().equals("all")) {
        users = List.of(); // resolved after the writes
      } else if (us != null && us.isArray()) {
        users = new ArrayList<>();
        for (JsonNode u : us) {
          users.add(rules.id(u.isTextual() ? u.asText() : u.isIntegralNumber() ? u.asText() : null, "feed.users[]"));
        }
      } else {
        throw ApiException.badRequest("invalid_body", "feed.users must be an array of user ids or \"all\"");
      }
      k = feed.has("k") ? intField(feed.get("k"), "feed.k") : 10;
      checkK(k);
      algo = feed.has("algo") ? checkAlgo(textField(feed.get("algo"), "feed.algo")) : engine.defaultAlgo();
      feedRules = ruleParams.fromJson(feed.get("rules"));
      if (feedRules.now() == io.swarmrec.server.engine.FeedRules.WALL_CLOCK
          && (feedRules.timeDependent() || !cfg.get("rotation").equals("off") || feedRules.rotate() != null)) {
        feedRules = feedRules.withNow(now); // the step's clock; rules that do not read it keep their step table
      }
    }
    boolean all = users != null && users.isEmpty() && feed.get("users").isTextual();
    List<String> asked = users;
    int fk = k;
    String falgo = algo;
    io.swarmrec.server.engine.FeedRules frules = feedRules;
    CompletableFuture<Integer> stored = engine.putItems(posts)
        .thenCompose(n -> follows.isEmpty() ? CompletableFuture.completedFuture(0) : engine.follow(follows))
        .thenCompose(n -> events.isEmpty() ? CompletableFuture.completedFuture(0)
            : engine.ingest(events, (String) null).thenApply(x -> x.stored()));
    return stored.thenCompose(x -> {
      if (asked == null) {
        return CompletableFuture.completedFuture(Reply.json(new Json(96).beginObject().field("posts", posts.size())
            .field("follows", follows.size()).field("events", events.size()).field("now", now).endObject()));
      }
      List<String> who = all ? engine.knownUsers() : asked;
      return engine.step(who, fk, falgo, frules).thenApply(results -> {
        StringBuilder lines = new StringBuilder(results.size() * 200 + 16);
        for (RecResult res : results) {
          lines.append(render(new Json(256), res)).append('\n');
        }
        return (Response) Reply.text(200, "application/x-ndjson", lines.toString());
      });
    });
  }

  // ---- items and users

  private CompletionStage<Response> putItem(Request r) {
    InputRules.onlyParams(r, NONE);
    String item = rules.id(r.pathParam(0), "item id");
    JsonNode root = rules.parse(r.body());
    return engine.putItem(itemMeta(item, root))
        .thenApply(x -> Reply.json(new Json(64).beginObject().field("item", item).field("stored", true).endObject()));
  }

  /** The metadata of {@code item} from a JSON object {@code {categories, tags, created, vector}}, by the store's rules. */
  private ItemMeta itemMeta(String item, JsonNode root) {
    if (!root.isObject()) {
      throw ApiException.badRequest("invalid_body", "expected a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ITEM_FIELDS.contains(f)) {
        throw ApiException.badRequest("invalid_item", "unknown field '" + InputRules.clip(f) + "'; known: " + ITEM_FIELDS);
      }
    }
    List<String> categories = labels(root, "categories");
    List<String> tags = labels(root, "tags");
    long created = Event.NO_TIME;
    JsonNode c = root.get("created");
    if (c != null && !c.isNull()) {
      created = InputRules.time(c, "created", "invalid_item");
    }
    float[] vector = null;
    JsonNode v = root.get("vector");
    if (v != null && !v.isNull()) {
      if (!v.isArray() || v.isEmpty() || v.size() > MAX_VECTOR) {
        throw ApiException.badRequest("invalid_item", "vector must be an array of 1.." + MAX_VECTOR + " numbers");
      }
      vector = new float[v.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = InputRules.finiteFloat(v.get(i), "vector[" + i + "]", "invalid_item");
      }
    }
    String author = null;
    JsonNode a = root.get("author");
    if (a != null && !a.isNull()) {
      author = rules.id(a.isTextual() ? a.asText() : a.isIntegralNumber() ? a.asText() : null, "author");
    }
    String text = null;
    JsonNode t = root.get("text");
    if (t != null && !t.isNull()) {
      if (!t.isTextual()) {
        throw ApiException.badRequest("invalid_item", "text must be a string");
      }
      text = t.asText();
    }
    try {
      return new ItemMeta(item, categories, tags, author, created, text, vector); // the store's own rules
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_item", e.getMessage());
    }
  }

  /**
   * Records of the Kafka topics, read with the same rules as the HTTP API: an event record is one event object
   * of {@code POST /v1/events} (without a timestamp it takes the record's), an item record the body of
   * {@code PUT /v1/items/{id}} with the id in {@code item}.
   */
  KafkaIngest.Records kafkaRecords() {
    return new KafkaIngest.Records() {
      @Override
      public EventIn event(byte[] json, long recordEpochSecond) {
        return Api.this.event(rules.parse(json), "event", recordEpochSecond);
      }

      @Override
      public ItemMeta item(byte[] json) {
        JsonNode root = rules.parse(json);
        if (!root.isObject()) {
          throw ApiException.badRequest("invalid_body", "expected a JSON object");
        }
        String item = rules.id(text(root, "item", "item record", true), "item");
        com.fasterxml.jackson.databind.node.ObjectNode rest = ((com.fasterxml.jackson.databind.node.ObjectNode) root).deepCopy();
        rest.remove("item");
        return itemMeta(item, rest);
      }
    };
  }

  private static List<String> labels(JsonNode root, String field) {
    JsonNode a = root.get(field);
    List<String> out = new ArrayList<>();
    if (a == null || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw ApiException.badRequest("invalid_item", field + " must be an array of strings");
    }
    if (a.size() > ItemMeta.MAX_LABELS) {
      throw ApiException.badRequest("invalid_item", "at most " + ItemMeta.MAX_LABELS + " " + field + ", got " + a.size());
    }
    for (JsonNode s : a) {
      if (!s.isTextual()) {
        throw ApiException.badRequest("invalid_item", field + " must hold strings");
      }
      out.add(s.asText());
    }
    return out;
  }

  private CompletionStage<Response> deleteItem(Request r) {
    InputRules.onlyParams(r, NONE);
    requireAdmin(r);
    String item = rules.id(r.pathParam(0), "item id");
    return engine.deleteItem(item)
        .thenApply(x -> Reply.json(new Json(64).beginObject().field("item", item).field("deleted", true).endObject()));
  }

  private CompletionStage<Response> forgetUser(Request r) {
    InputRules.onlyParams(r, NONE);
    requireAdmin(r);
    String user = rules.id(r.pathParam(0), "user id");
    return engine.forgetUser(user).thenApply(n -> Reply.json(new Json(64).beginObject().field("user", user)
        .field("forgotten", true).field("events_deleted", n).endObject()));
  }

  // ---- recommendations

  private CompletionStage<Response> recommend(Request r) {
    InputRules.onlyParams(r, RECOMMEND);
    RecRequest req = new RecRequest(rules.id(r.pathParam(0), "user id"), k(r), algo(r), exclude(r),
        context(r, "scene"), context(r, "device"), context(r, "location"), ruleParams.fromQuery(r));
    return engine.recommend(req).thenApply(res -> Reply.json(200, encoded(res)));
  }

  /** The same as GET, with the request in a JSON body: {k, algo, exclude, scene, device, location, rules}. */
  private CompletionStage<Response> recommendWithBody(Request r) {
    InputRules.onlyParams(r, NONE);
    String user = rules.id(r.pathParam(0), "user id");
    JsonNode root = rules.parse(r.body());
    knownFields(root, RECOMMEND_BODY);
    int k = root.has("k") ? intField(root.get("k"), "k") : 10;
    checkK(k);
    String algo = root.has("algo") ? checkAlgo(textField(root.get("algo"), "algo")) : engine.defaultAlgo();
    List<String> exclude = new ArrayList<>();
    JsonNode ex = root.get("exclude");
    if (ex != null && !ex.isNull()) {
      if (!ex.isArray() || ex.size() > MAX_EXCLUDE) {
        throw ApiException.badRequest("invalid_parameter", "exclude must be an array of at most " + MAX_EXCLUDE + " ids");
      }
      for (JsonNode x : ex) {
        exclude.add(rules.id(x.isTextual() ? x.asText() : null, "excluded item id"));
      }
    }
    RecRequest req = new RecRequest(user, k, algo, exclude, ctxField(root, "scene"), ctxField(root, "device"),
        ctxField(root, "location"), ruleParams.fromJson(root.get("rules")));
    return engine.recommend(req).thenApply(res -> Reply.json(200, encoded(res)));
  }

  /** A caller's candidates ordered for the user: {items: [...], k?, algo?, rules?}. */
  private CompletionStage<Response> rank(Request r) {
    InputRules.onlyParams(r, NONE);
    String user = rules.id(r.pathParam(0), "user id");
    JsonNode root = rules.parse(r.body());
    knownFields(root, RANK_BODY);
    JsonNode items = root.get("items");
    if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_RANK_ITEMS) {
      throw ApiException.badRequest("invalid_body", "items must be an array of 1 to " + MAX_RANK_ITEMS + " item ids");
    }
    List<String> candidates = new ArrayList<>();
    java.util.Set<String> distinct = new java.util.HashSet<>();
    for (JsonNode x : items) {
      String id = rules.id(x.isTextual() ? x.asText() : x.isIntegralNumber() ? x.asText() : null, "items[]");
      if (distinct.add(id)) {
        candidates.add(id);
      }
    }
    int k = root.has("k") ? intField(root.get("k"), "k") : Math.min(candidates.size(), engine.maxK());
    checkK(k);
    String algo = root.has("algo") ? checkAlgo(textField(root.get("algo"), "algo")) : engine.defaultAlgo();
    RecRequest req = new RecRequest(user, k, algo, List.of(), null, null, null, ruleParams.fromJson(root.get("rules")));
    return engine.rank(req, candidates).thenApply(ranked -> {
      Json j = new Json(256).beginObject().field("user", user).field("algo", ranked.result().algo())
          .field("model_version", ranked.result().modelVersion()).field("exhausted", ranked.result().exhausted())
          .name("items").beginArray();
      RecResult res = ranked.result();
      for (int i = 0; i < res.items().length; i++) {
        j.beginObject().field("item", res.items()[i]).name("score").value(res.scores()[i]);
        why(j, res, i);
        j.endObject();
      }
      j.endArray().name("unknown").beginArray();
      for (String u : ranked.unknown()) {
        j.value(u);
      }
      return Reply.json(j.endArray().endObject());
    });
  }

  private static void knownFields(JsonNode root, Set<String> known) {
    if (!root.isObject()) {
      throw ApiException.badRequest("invalid_body", "expected a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiException.badRequest("invalid_body", "unknown field '" + InputRules.clip(f) + "'; known: "
            + new java.util.TreeSet<>(known));
      }
    }
  }

  /**
   * The answer's JSON; a cached answer is encoded on its first hit and the bytes are kept in its cache
   * entry's memo for the next ones (a hit is always the same list for the same user).
   */
  static byte[] encoded(RecResult res) {
    RecResult.Memo memo = res.memo();
    if (memo != null && memo.get() instanceof Encoded e && e.user.equals(res.user()) && e.source.equals(res.source())) {
      return e.json;
    }
    byte[] json = render(new Json(256), res).toBytes();
    if (memo != null) {
      memo.set(new Encoded(res.user(), res.source(), json));
    }
    return json;
  }

  /** The JSON of a cached list's answer for its user, as served from one tier. */
  private record Encoded(String user, String source, byte[] json) {}

  private CompletionStage<Response> batch(Request r) {
    InputRules.onlyParams(r, NONE);
    JsonNode root = rules.parse(r.body());
    JsonNode users = root.get("users");
    if (!root.isObject() || users == null || !users.isArray()) {
      throw ApiException.badRequest("invalid_body", "expected {\"users\": [...], \"k\": ..., \"algo\": ...}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!BATCH_FIELDS.contains(f)) {
        throw ApiException.badRequest("invalid_body", "unknown field '" + InputRules.clip(f) + "'; known: " + BATCH_FIELDS);
      }
    }
    if (users.size() > maxBatchUsers) {
      throw new ApiException(413, "batch_too_large", "at most " + maxBatchUsers + " users per batch, got " + users.size());
    }
    int k = root.has("k") ? intField(root.get("k"), "k") : 10;
    checkK(k);
    String algo = root.has("algo") ? checkAlgo(textField(root.get("algo"), "algo")) : engine.defaultAlgo();
    String scene = ctxField(root, "scene");
    String device = ctxField(root, "device");
    String location = ctxField(root, "location");
    io.swarmrec.server.engine.FeedRules feedRules = ruleParams.fromJson(root.get("rules"));
    List<RecRequest> reqs = new ArrayList<>(users.size());
    List<String> invalid = new ArrayList<>();
    for (JsonNode u : users) {
      String id = u.isTextual() ? u.asText() : u.isIntegralNumber() ? u.asText() : null;
      String problem = id == null ? "user ids must be strings" : rules.idProblem(id);
      if (problem != null) {
        invalid.add(problem);
        reqs.add(null);
      } else {
        invalid.add(null);
        reqs.add(new RecRequest(id, k, algo, List.of(), scene, device, location, feedRules));
      }
    }
    boolean ndjson = (r.accept() != null && r.accept().contains("application/x-ndjson")) || users.size() > ndjsonThreshold;
    if (root.has("step") && booleanField(root.get("step"), "step")) {
      return step(users, reqs, invalid, k, algo, ndjson, feedRules);
    }
    if (ndjson) {
      return done(new Streamed("application/x-ndjson", engine.workers(), sink -> {
        int chunk = 256;
        for (int from = 0; from < reqs.size(); from += chunk) {
          int to = Math.min(reqs.size(), from + chunk);
          List<RecResult> part = engine.recommendBatch(reqs.subList(from, to)).join();
          StringBuilder lines = new StringBuilder(to - from << 8);
          for (int i = from; i < to; i++) {
            lines.append(batchEntry(users.get(i).asText(), invalid.get(i), part.get(i - from))).append('\n');
          }
          sink.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
      }));
    }
    return engine.recommendBatch(reqs).thenApply(results -> {
      Json j = new Json(256 * reqs.size() + 64).beginObject().field("k", k).field("algo", algo).name("results")
          .beginArray();
      for (int i = 0; i < reqs.size(); i++) {
        j.raw(batchEntry(users.get(i).asText(), invalid.get(i), results.get(i)));
      }
      return Reply.json(j.endArray().endObject());
    });
  }

  /**
   * A batch as a simulation step ({@code "step": true}): users whose inputs did not change since the
   * previous step with the same algo and k are answered from it (source {@code step}), see {@link Engine#step}.
   */
  private CompletionStage<Response> step(JsonNode users, List<RecRequest> reqs, List<String> invalid, int k,
      String algo, boolean ndjson, io.swarmrec.server.engine.FeedRules feedRules) {
    List<String> valid = new ArrayList<>();
    for (RecRequest q : reqs) {
      if (q != null) {
        valid.add(q.user());
      }
    }
    return engine.step(valid, k, algo, feedRules).thenApply(results -> {
      StringBuilder lines = new StringBuilder();
      Json j = new Json(256 * reqs.size() + 64).beginObject().field("k", k).field("algo", algo).field("step", true)
          .name("results").beginArray();
      for (int i = 0, n = 0; i < reqs.size(); i++) {
        String entry = batchEntry(users.get(i).asText(), invalid.get(i), reqs.get(i) == null ? null : results.get(n++));
        if (ndjson) {
          lines.append(entry).append('\n');
        } else {
          j.raw(entry);
        }
      }
      return ndjson ? Reply.text(200, "application/x-ndjson", lines.toString()) : Reply.json(j.endArray().endObject());
    });
  }

  private static String batchEntry(String user, String problem, RecResult res) {
    if (problem != null || res == null) {
      return new Json(128).beginObject().field("user", user).name("error").beginObject()
          .field("code", "invalid_user").field("message", problem == null ? "not computed" : problem)
          .endObject().endObject().toString();
    }
    return render(new Json(256), res).toString();
  }

  static Json render(Json j, RecResult res) {
    j.beginObject().field("user", res.user()).field("algo", res.algo()).field("degraded", res.degraded())
        .field("source", res.source()).field("model_version", res.modelVersion());
    if (res.exhausted()) {
      j.field("exhausted", true);
    }
    j.name("items").beginArray();
    for (int i = 0; i < res.items().length; i++) {
      j.beginObject().field("item", res.items()[i]).name("score").value(res.scores()[i]);
      why(j, res, i);
      j.endObject();
    }
    return j.endArray().endObject();
  }

  /** {@code because} of item {@code i}: the reason and up to 3 history items with their share or similarity. */
  private static void why(Json j, RecResult res, int i) {
    if (res.why() == null || i >= res.why().length) {
      return;
    }
    RecResult.Why w = res.why()[i];
    j.name("because").beginObject().field("reason", w.reason()).name("items").beginArray();
    for (int n = 0; n < w.items().length; n++) {
      j.beginObject().field("item", w.items()[n]).name(w.reason().endsWith("similar") ? "similarity" : "share")
          .value(w.values()[n]).endObject();
    }
    j.endArray().endObject();
  }

  private CompletionStage<Response> similarItems(Request r) {
    InputRules.onlyParams(r, SIMILAR);
    String item = rules.id(r.pathParam(0), "item id");
    int k = k(r);
    String algo = algo(r);
    return engine.similarItems(item, k, algo).thenApply(res -> Reply.json(list("item", item, res)));
  }

  private CompletionStage<Response> similarUsers(Request r) {
    InputRules.onlyParams(r, SIMILAR);
    String user = rules.id(r.pathParam(0), "user id");
    int k = k(r);
    String algo = algo(r);
    return engine.similarUsers(user, k, algo).thenApply(res -> Reply.json(list("user", user, res)));
  }

  private CompletionStage<Response> popular(Request r) {
    InputRules.onlyParams(r, POPULAR);
    int k = k(r);
    String kind = r.query("kind", "count");
    if (!kind.equals("count") && !kind.equals("trending")) {
      throw ApiException.badRequest("invalid_parameter", "kind must be count or trending");
    }
    return engine.popular(k, kind.equals("trending")).thenApply(res -> Reply.json(list("kind", kind, res)));
  }

  private static Json list(String keyName, String key, Engine.Scored res) {
    Json j = new Json(256).beginObject().field(keyName, key).field("algo", res.algo()).name("items").beginArray();
    for (int i = 0; i < res.ids().length; i++) {
      j.beginObject().field("id", res.ids()[i]).name("score").value(res.scores()[i]).endObject();
    }
    return j.endArray().endObject();
  }

  // ---- model and health

  private Reply modelJson() {
    Engine.ModelInfo m = engine.modelInfo();
    return Reply.json(new Json(512).beginObject().field("version", m.version())
        .field("built_at", Instant.ofEpochMilli(m.builtAtMillis()).toString())
        .field("build_seconds", m.buildSeconds()).field("users", m.users()).field("items", m.items())
        .field("interactions", m.interactions()).field("last_sequence", m.lastSequence())
        .field("pending_events", m.pendingEvents()).field("rebuilding", m.rebuilding())
        .field("skipped_rows", m.skippedRows())
        .field("algos", String.join(",", engine.algos())).field("default_algo", engine.defaultAlgo()).endObject());
  }

  private CompletionStage<Response> rebuild(Request r) {
    InputRules.onlyParams(r, NONE);
    requireAdmin(r);
    return engine.rebuildNow().thenApply(v -> modelJson());
  }

  /** 200 once the first model is built and while the store answers; 503 with the reason otherwise. */
  private CompletionStage<Response> ready(Request r) {
    InputRules.onlyParams(r, NONE);
    if (!engine.ready()) {
      throw new ApiException(503, "not_ready", "the first model is still being built", 1);
    }
    if (!engine.storeReachable()) {
      String why = engine.storeProblem();
      throw new ApiException(503, "store_unavailable", "the store does not answer"
          + (why == null ? "" : ": " + InputRules.clip(why)), 2);
    }
    return done(Reply.json(new Json(48).beginObject().field("status", "ready").field("store", "up").endObject()));
  }

  private void requireAdmin(Request r) {
    if (r.bearerToken() == null) {
      throw new ApiException(401, "unauthorized", "admin endpoint: send 'Authorization: Bearer <admin token>'");
    }
    if (!MessageDigest.isEqual(r.bearerToken().getBytes(StandardCharsets.UTF_8), adminToken)) {
      throw new ApiException(403, "forbidden", "admin token is wrong");
    }
  }

  // ---- parameter helpers

  private static String text(JsonNode e, String field, String at, boolean required) {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badRequest("invalid_event", at + "." + field + " is missing");
      }
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asText(); // numeric ids are accepted as their decimal text
    }
    throw ApiException.badRequest("invalid_event", at + "." + field + " must be a string");
  }

  private int k(Request r) {
    int k = r.queryInt("k", 10);
    checkK(k);
    return k;
  }

  private void checkK(int k) {
    int max = engine.maxK();
    if (k <= 0 || k > max) {
      throw ApiException.badRequest("invalid_k", "k must be between 1 and " + max + ", got " + k);
    }
  }

  private static boolean booleanField(JsonNode n, String name) {
    if (!n.isBoolean()) {
      throw ApiException.badRequest("invalid_parameter", name + " must be true or false");
    }
    return n.asBoolean();
  }

  private static int intField(JsonNode n, String name) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw ApiException.badRequest("invalid_parameter", name + " must be an integer");
    }
    return n.asInt();
  }

  private static String textField(JsonNode n, String name) {
    if (!n.isTextual()) {
      throw ApiException.badRequest("invalid_parameter", name + " must be a string");
    }
    return n.asText();
  }

  private String algo(Request r) {
    return checkAlgo(r.query("algo", engine.defaultAlgo()));
  }

  private String checkAlgo(String algo) {
    if (!engine.serves(algo)) {
      throw ApiException.badRequest("unknown_algo", "algo '" + InputRules.clip(algo) + "' is not served; served: "
          + engine.algos());
    }
    return algo;
  }

  private List<String> exclude(Request r) {
    List<String> ex = r.queryAll("exclude");
    if (ex.size() > MAX_EXCLUDE) {
      throw ApiException.badRequest("invalid_parameter", "at most " + MAX_EXCLUDE + " excluded items");
    }
    for (String s : ex) {
      rules.id(s, "excluded item id");
    }
    return ex;
  }

  private static String context(Request r, String name) {
    return checkContext(r.query(name, null), name);
  }

  private static String ctxField(JsonNode root, String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    return checkContext(textField(v, name), name);
  }

  private static String checkContext(String v, String name) {
    if (v != null && (v.length() > MAX_CONTEXT || v.chars().anyMatch(Character::isISOControl))) {
      throw ApiException.badRequest("invalid_parameter", name + " must be at most " + MAX_CONTEXT
          + " printable characters");
    }
    return v == null || v.isEmpty() ? null : v;
  }

  private static CompletionStage<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }
}
