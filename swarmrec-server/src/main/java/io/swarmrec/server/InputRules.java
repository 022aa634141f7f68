package io.swarmrec.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.core.EventTime;
import io.swarmrec.server.http.ApiException;
import io.swarmrec.server.http.Request;
import io.swarmrec.store.Event;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The rules every input passes at the edge, before the engine sees it. They are the store's own rules
 * ({@link Event} and {@link io.swarmrec.store.ItemMeta} check themselves when they are made, and a refusal
 * becomes a 400 here), plus what only the edge knows: strict JSON, the JSON types, numbers that fit the
 * float or long they become, one time range ({@link EventTime}) for seconds, milliseconds and ISO-8601, and
 * query parameters each route knows. So whatever is acknowledged can be stored, trained on, rebuilt and
 * restarted from.
 */
final class InputRules {
  /** Integer timestamps above this are taken as epoch milliseconds (as seconds it is the year 5138). */
  static final long MILLIS_FROM = 100_000_000_000L;

  private final ObjectMapper mapper;
  private final int maxIdLength;

  InputRules(int maxIdLength) {
    this.maxIdLength = maxIdLength;
    JsonFactory f = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    this.mapper = new ObjectMapper(f).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.mapper.getFactory().disable(JsonParser.Feature.ALLOW_COMMENTS);
  }

  /** One JSON document: nothing after it, no key twice in an object. */
  JsonNode parse(byte[] body) {
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
      String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      String code = msg.contains("UTF-8") || msg.contains("UTF8") ? "invalid_utf8" : "invalid_json";
      throw ApiException.badRequest(code, "malformed JSON: " + clip(msg.split("\n")[0]));
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_json", "unreadable body");
    }
  }

  /** Refuses query parameters the route does not know (a misspelt {@code K=5} must not be ignored). */
  static void onlyParams(Request r, Set<String> known) {
    for (String name : r.query().keySet()) {
      if (!known.contains(name)) {
        throw ApiException.badRequest("unknown_parameter", "unknown query parameter '" + clip(name) + "'; known: "
            + new java.util.TreeSet<>(known));
      }
    }
  }

  /** An id by the store's rule and the configured length limit. */
  String id(String s, String what) {
    if (s == null) {
      throw ApiException.badRequest("invalid_id", what + " is missing");
    }
    String p = idProblem(s);
    if (p != null) {
      throw ApiException.badRequest("invalid_id", what + ": " + p);
    }
    return s;
  }

  /** Why {@code s} is not a valid id, or null. */
  String idProblem(String s) {
    if (s.length() > maxIdLength) {
      return "id is longer than " + maxIdLength + " characters";
    }
    try {
      Event.requireId("the", s);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage().replaceFirst("^the id", "id");
    }
  }

  /** A JSON number that becomes a finite float (1e300 or -1e39 do not). */
  static float finiteFloat(JsonNode v, String what, String code) {
    if (v == null || !v.isNumber()) {
      throw ApiException.badRequest(code, what + " must be a number");
    }
    double d = v.asDouble();
    float f = (float) d;
    if (!Double.isFinite(d) || !Float.isFinite(f)) {
      throw ApiException.badRequest(code, what + " must be a finite number within +-3.4e38, got " + clip(v.asText()));
    }
    return f;
  }

  /**
   * A time as epoch seconds: an integer (seconds, or milliseconds from {@link #MILLIS_FROM}) or an
   * ISO-8601 instant or offset date-time; every form within {@link EventTime}'s range.
   */
  static long time(JsonNode t, String what, String code) {
    long s;
    if (t.isIntegralNumber()) {
      if (!t.canConvertToLong()) {
        throw ApiException.badRequest(code, what + " is out of range (" + EventTime.describe() + ")");
      }
      s = t.asLong();
      if (s >= MILLIS_FROM) {
        s /= 1000;
      }
    } else if (t.isTextual()) {
      s = iso(t.asText(), what, code);
    } else {
      throw ApiException.badRequest(code, what + " must be epoch seconds, epoch milliseconds or ISO-8601");
    }
    if (!EventTime.inRange(s)) {
      throw ApiException.badRequest(code, what + " is out of range (" + EventTime.describe() + ")");
    }
    return s;
  }

  private static long iso(String s, String what, String code) {
    try {
      return Instant.parse(s).getEpochSecond();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toEpochSecond();
      } catch (DateTimeParseException e2) {
        throw ApiException.badRequest(code, what + " must be epoch seconds, epoch milliseconds or ISO-8601, got '"
            + clip(s) + "'");
      }
    }
  }

  static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
