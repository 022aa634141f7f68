package io.swarmrec.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.EventIn;
import io.swarmrec.server.engine.ItemMetaIn;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code /v1} HTTP API: parses and validates each request into the engine's terms, and renders what
 * the engine answers. Validation is complete before anything is written: an ingest batch with one bad event
 * stores none of them. All shapes are documented in {@code docs/openapi.yaml}.
 */
final class Api {
  private static final int MAX_EXCLUDE = 1000;
  private static final int MAX_CONTEXT = 128;
  private static final int MAX_VECTOR = 4096;

  private final Engine engine;
  private final ServerConfig cfg;
  private final Metrics metrics;
  private final byte[] adminToken;
  private final ObjectMapper mapper = new ObjectMapper();

  Api(Engine engine, ServerConfig cfg, Metrics metrics, String adminToken) {
    this.engine = engine;
    this.cfg = cfg;
    this.metrics = metrics;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  Router router() {
    return new Router()
        .add("POST", "/v1/events", this::events)
        .add("PUT", "/v1/items/{id}", this::putItem)
        .add("DELETE", "/v1/items/{id}", this::deleteItem)
        .add("GET", "/v1/items/{id}/similar", this::similarItems)
        .add("GET", "/v1/users/{id}/recommendations", this::recommend)
        .add("GET", "/v1/users/{id}/similar", this::similarUsers)
        .add("DELETE", "/v1/users/{id}", this::forgetUser)
        .add("POST", "/v1/recommendations/batch", this::batch)
        .add("GET", "/v1/popular", this::popular)
        .add("GET", "/v1/model", r -> done(modelJson()))
        .add("POST", "/v1/model/rebuild", this::rebuild)
        .add("GET", "/metrics", r -> done(new Reply(200, metrics.contentType(), metrics.scrape())))
        .add("GET", "/health", r -> done(Reply.json(new Json(32).beginObject().field("status", "up").endObject())))
        .add("GET", "/ready", this::ready);
  }

  // ---- ingest

  private CompletionStage<Response> events(Request r) {
    JsonNode root = parse(r.body());
    JsonNode arr = root.isArray() ? root : root.get("events");
    if (arr == null || !arr.isArray()) {
      throw ApiException.badRequest("invalid_body", "expected a JSON array of events or {\"events\": [...]}");
    }
    int max = cfg.getInt("max-events-per-request");
    if (arr.size() > max) {
      throw new ApiException(413, "batch_too_large", "at most " + max + " events per request, got " + arr.size());
    }
    if (arr.isEmpty()) {
      throw ApiException.badRequest("invalid_body", "no events given");
    }
    long now = System.currentTimeMillis() / 1000;
    List<EventIn> events = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      events.add(event(arr.get(i), "events[" + i + "]", now));
    }
    return engine.ingest(events).thenApply(res -> Reply.json(new Json(64).beginObject()
        .field("accepted", events.size()).field("last_sequence", res).endObject()));
  }

  private EventIn event(JsonNode e, String at, long now) {
    if (e == null || !e.isObject()) {
      throw ApiException.badRequest("invalid_event", at + " must be an object");
    }
    String user = id(text(e, "user", at, true), at + ".user");
    String item = id(text(e, "item", at, true), at + ".item");
    String type = text(e, "type", at, false);
    type = type == null ? "view" : type;
    if (!engine.knowsEventType(type)) {
      throw ApiException.badRequest("invalid_event", at + ".type '" + clip(type) + "' is unknown; known: "
          + engine.eventTypes());
    }
    float value = Float.NaN;
    JsonNode v = e.get("value");
    if (v != null && !v.isNull()) {
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw ApiException.badRequest("invalid_event", at + ".value must be a finite number");
      }
      value = (float) v.asDouble();
    }
    if (type.equals("rating") && Float.isNaN(value)) {
      throw ApiException.badRequest("invalid_event", at + " is a rating and needs a value");
    }
    long ts = now;
    JsonNode t = e.get("timestamp");
    if (t != null && !t.isNull()) {
      ts = timestamp(t, at);
    }
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("user") && !f.equals("item") && !f.equals("type") && !f.equals("value") && !f.equals("timestamp")) {
        throw ApiException.badRequest("invalid_event", at + " has unknown field '" + clip(f) + "'");
      }
    }
    return new EventIn(user, item, type, value, ts);
  }

  private static long timestamp(JsonNode t, String at) {
    if (t.isIntegralNumber()) {
      long s = t.asLong();
      if (s > 100_000_000_000L) {
        s /= 1000; // milliseconds
      }
      if (s < 0 || s > 4_102_444_800L) {
        throw ApiException.badRequest("invalid_event", at + ".timestamp is out of range (1970..2100)");
      }
      return s;
    }
    if (t.isTextual()) {
      try {
        return Instant.parse(t.asText()).getEpochSecond();
      } catch (DateTimeParseException ex) {
        throw ApiException.badRequest("invalid_event", at + ".timestamp must be epoch seconds or ISO-8601");
      }
    }
    throw ApiException.badRequest("invalid_event", at + ".timestamp must be epoch seconds or ISO-8601");
  }

  // ---- items and users

  private CompletionStage<Response> putItem(Request r) {
    String item = id(r.pathParam(0), "item id");
    JsonNode root = parse(r.body());
    return engine.putItem(itemMeta(item, root))
        .thenApply(x -> Reply.json(new Json(64).beginObject().field("item", item).field("stored", true).endObject()));
  }

  /** The metadata of {@code item} from a JSON object {@code {categories, tags, created, vector}}, validated. */
  private ItemMetaIn itemMeta(String item, JsonNode root) {
    if (!root.isObject()) {
      throw ApiException.badRequest("invalid_body", "expected a JSON object");
    }
    List<String> categories = labels(root, "categories");
    List<String> tags = labels(root, "tags");
    long created = Long.MIN_VALUE;
    JsonNode c = root.get("created");
    if (c != null && !c.isNull()) {
      created = timestamp(c, "created");
    }
    float[] vector = null;
    JsonNode v = root.get("vector");
    if (v != null && !v.isNull()) {
      if (!v.isArray() || v.isEmpty() || v.size() > MAX_VECTOR) {
        throw ApiException.badRequest("invalid_item", "vector must be an array of 1.." + MAX_VECTOR + " numbers");
      }
      vector = new float[v.size()];
      for (int i = 0; i < vector.length; i++) {
        JsonNode x = v.get(i);
        if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
          throw ApiException.badRequest("invalid_item", "vector[" + i + "] must be a finite number");
        }
        vector[i] = (float) x.asDouble();
      }
    }
    return new ItemMetaIn(item, categories, tags, created, vector);
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
        return Api.this.event(parse(json), "event", recordEpochSecond);
      }

      @Override
      public ItemMetaIn item(byte[] json) {
        JsonNode root = parse(json);
        if (!root.isObject()) {
          throw ApiException.badRequest("invalid_body", "expected a JSON object");
        }
        return itemMeta(id(text(root, "item", "item record", true), "item"), root);
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
    for (JsonNode s : a) {
      if (!s.isTextual() || s.asText().isEmpty() || s.asText().length() > MAX_CONTEXT) {
        throw ApiException.badRequest("invalid_item", field + " must hold non-empty strings of at most "
            + MAX_CONTEXT + " characters");
      }
      out.add(s.asText());
    }
    return out;
  }

  private CompletionStage<Response> deleteItem(Request r) {
    String item = id(r.pathParam(0), "item id");
    return engine.deleteItem(item)
        .thenApply(x -> Reply.json(new Json(64).beginObject().field("item", item).field("deleted", true).endObject()));
  }

  private CompletionStage<Response> forgetUser(Request r) {
    String user = id(r.pathParam(0), "user id");
    return engine.forgetUser(user).thenApply(n -> Reply.json(new Json(64).beginObject().field("user", user)
        .field("forgotten", true).field("events_deleted", n).endObject()));
  }

  // ---- recommendations

  private CompletionStage<Response> recommend(Request r) {
    RecRequest req = new RecRequest(id(r.pathParam(0), "user id"), k(r), algo(r), exclude(r),
        context(r, "scene"), context(r, "device"), context(r, "location"));
    return engine.recommend(req).thenApply(res -> res.json() != null ? Reply.json(200, res.json())
        : Reply.json(render(new Json(256), res)));
  }

  private CompletionStage<Response> batch(Request r) {
    JsonNode root = parse(r.body());
    JsonNode users = root.get("users");
    if (!root.isObject() || users == null || !users.isArray()) {
      throw ApiException.badRequest("invalid_body", "expected {\"users\": [...], \"k\": ..., \"algo\": ...}");
    }
    int max = cfg.getInt("max-batch-users");
    if (users.size() > max) {
      throw new ApiException(413, "batch_too_large", "at most " + max + " users per batch, got " + users.size());
    }
    int k = root.has("k") ? intField(root.get("k"), "k") : 10;
    checkK(k);
    String algo = root.has("algo") ? checkAlgo(root.get("algo").asText()) : cfg.defaultAlgo();
    String scene = ctxField(root, "scene");
    String device = ctxField(root, "device");
    String location = ctxField(root, "location");
    List<RecRequest> reqs = new ArrayList<>(users.size());
    List<String> invalid = new ArrayList<>();
    for (JsonNode u : users) {
      String id = u.isTextual() ? u.asText() : u.isIntegralNumber() ? u.asText() : null;
      String problem = id == null ? "user ids must be strings" : idProblem(id);
      if (problem != null) {
        invalid.add(problem);
        reqs.add(null);
      } else {
        invalid.add(null);
        reqs.add(new RecRequest(id, k, algo, List.of(), scene, device, location));
      }
    }
    boolean ndjson = (r.accept() != null && r.accept().contains("application/x-ndjson"))
        || users.size() > cfg.getInt("ndjson-threshold");
    if (root.has("step") && booleanField(root.get("step"), "step")) {
      return step(users, reqs, invalid, k, algo, ndjson);
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
      String algo, boolean ndjson) {
    List<String> valid = new ArrayList<>();
    for (RecRequest q : reqs) {
      if (q != null) {
        valid.add(q.user());
      }
    }
    return engine.step(valid, k, algo).thenApply(results -> {
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
        .field("source", res.source()).field("model_version", res.modelVersion()).name("items").beginArray();
    for (int i = 0; i < res.items().length; i++) {
      j.beginObject().field("item", res.items()[i]).name("score").value(res.scores()[i]).endObject();
    }
    return j.endArray().endObject();
  }

  private CompletionStage<Response> similarItems(Request r) {
    String item = id(r.pathParam(0), "item id");
    int k = k(r);
    String algo = algo(r);
    return engine.similarItems(item, k, algo).thenApply(res -> Reply.json(list("item", item, res)));
  }

  private CompletionStage<Response> similarUsers(Request r) {
    String user = id(r.pathParam(0), "user id");
    int k = k(r);
    String algo = algo(r);
    return engine.similarUsers(user, k, algo).thenApply(res -> Reply.json(list("user", user, res)));
  }

  private CompletionStage<Response> popular(Request r) {
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
        .field("algos", String.join(",", m.algos())).field("default_algo", cfg.defaultAlgo()).endObject());
  }

  private CompletionStage<Response> rebuild(Request r) {
    requireAdmin(r);
    return engine.rebuildNow().thenApply(v -> modelJson());
  }

  private CompletionStage<Response> ready(Request r) {
    if (!engine.ready()) {
      throw new ApiException(503, "not_ready", "the first model is still being built", 1);
    }
    return done(Reply.json(new Json(32).beginObject().field("status", "ready").endObject()));
  }

  private void requireAdmin(Request r) {
    byte[] given = r.bearerToken() == null ? new byte[0] : r.bearerToken().getBytes(StandardCharsets.UTF_8);
    if (r.bearerToken() == null) {
      throw new ApiException(401, "unauthorized", "admin endpoint: send 'Authorization: Bearer <admin token>'");
    }
    if (!MessageDigest.isEqual(given, adminToken)) {
      throw new ApiException(403, "forbidden", "admin token is wrong");
    }
  }

  // ---- validation helpers

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("invalid_body", "request body is empty");
    }
    try {
      JsonNode n = mapper.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw ApiException.badRequest("invalid_json", "request body is not JSON");
      }
      return n;
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      String code = msg != null && msg.contains("UTF-8") ? "invalid_utf8" : "invalid_json";
      throw ApiException.badRequest(code, "malformed JSON: " + clip(msg == null ? "" : msg.split("\n")[0]));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("invalid_json", "unreadable body");
    }
  }

  private String id(String s, String what) {
    String p = s == null ? what + " is missing" : idProblem(s);
    if (p != null) {
      throw ApiException.badRequest("invalid_id", what + ": " + p);
    }
    return s;
  }

  private String idProblem(String s) {
    int max = cfg.getInt("max-id-length");
    if (s.isEmpty()) {
      return "id is empty";
    }
    if (s.length() > max) {
      return "id is longer than " + max + " characters";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogate(s, i)) {
        return "id contains a control or invalid character";
      }
    }
    return null;
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

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
    if (v.isIntegralNumber()) {
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
    int max = cfg.getInt("max-k");
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

  private String algo(Request r) {
    return checkAlgo(r.query("algo", cfg.defaultAlgo()));
  }

  private String checkAlgo(String algo) {
    if (!engine.algos().contains(algo)) {
      throw ApiException.badRequest("unknown_algo", "algo '" + clip(algo) + "' is not served; served: " + engine.algos());
    }
    return algo;
  }

  private List<String> exclude(Request r) {
    List<String> ex = r.queryAll("exclude");
    if (ex.size() > MAX_EXCLUDE) {
      throw ApiException.badRequest("invalid_parameter", "at most " + MAX_EXCLUDE + " excluded items");
    }
    for (String s : ex) {
      id(s, "excluded item id");
    }
    return ex;
  }

  private static String context(Request r, String name) {
    String v = r.query(name, null);
    return checkContext(v, name);
  }

  private static String ctxField(JsonNode root, String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("invalid_parameter", name + " must be a string");
    }
    return checkContext(v.asText(), name);
  }

  private static String checkContext(String v, String name) {
    if (v != null && (v.length() > MAX_CONTEXT || v.chars().anyMatch(Character::isISOControl))) {
      throw ApiException.badRequest("invalid_parameter", name + " must be at most " + MAX_CONTEXT
          + " printable characters");
    }
    return v == null || v.isEmpty() ? null : v;
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static CompletionStage<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }

}
