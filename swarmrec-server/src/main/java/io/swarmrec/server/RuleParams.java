package io.swarmrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmrec.core.EventTime;
import io.swarmrec.server.engine.FeedRules;
import io.swarmrec.server.http.ApiException;
import io.swarmrec.server.http.Request;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Feed rules from a request: the simple ones as query parameters, all of them (boosts and pins too) as a JSON
 * object ({@code rules} in batch and step bodies, or the body of {@code POST /v1/users/{id}/recommendations}).
 * The names are the contract of docs/openapi.yaml; anything malformed is a 400 {@code invalid_rule}.
 */
final class RuleParams {
  /** Query parameters that are rules. */
  static final Set<String> QUERY = Set.of("category", "exclude_category", "tag", "exclude_tag", "author",
      "exclude_author", "max_age", "now", "fresh_half_life", "diversity", "max_per_category", "max_per_author",
      "explore", "seed", "rotate", "explain", "network_share");
  /** Fields of a JSON rules object: the query rules plus boosts and pins. */
  static final Set<String> JSON = union(QUERY, Set.of("boosts", "pins"));
  static final int MAX_LABELS = 100;
  static final int MAX_BOOSTS = 20;
  static final int MAX_PINS = 100;

  private final InputRules rules;

  RuleParams(InputRules rules) {
    this.rules = rules;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  /** The rules among a request's query parameters ({@link FeedRules#NONE} when there are none). */
  FeedRules fromQuery(Request r) {
    if (r.query().keySet().stream().noneMatch(QUERY::contains)) {
      return FeedRules.NONE;
    }
    Builder b = new Builder();
    b.categories = labels(r.queryAll("category"), "category");
    b.excludeCategories = labels(r.queryAll("exclude_category"), "exclude_category");
    b.tags = labels(r.queryAll("tag"), "tag");
    b.excludeTags = labels(r.queryAll("exclude_tag"), "exclude_tag");
    b.authors = authors(r.queryAll("author"), "author");
    b.excludeAuthors = authors(r.queryAll("exclude_author"), "exclude_author");
    b.maxAge = seconds(r.query("max_age", null), "max_age");
    String now = r.query("now", null);
    b.now = now == null ? FeedRules.WALL_CLOCK : time(parseLong(now, "now"));
    b.freshHalfLife = seconds(r.query("fresh_half_life", null), "fresh_half_life");
    b.diversity = unit(r.query("diversity", null), "diversity");
    b.maxPerCategory = count(r.query("max_per_category", null), "max_per_category");
    b.maxPerAuthor = count(r.query("max_per_author", null), "max_per_author");
    b.explore = unit(r.query("explore", null), "explore");
    String seed = r.query("seed", null);
    b.seed = seed == null ? 0 : parseLong(seed, "seed");
    b.rotate = rotation(r.query("rotate", null));
    b.explain = bool(r.query("explain", null), "explain");
    b.networkShare = unit(r.query("network_share", null), "network_share");
    return b.build();
  }

  /** The rules of a JSON object (null or missing: {@link FeedRules#NONE}). */
  FeedRules fromJson(JsonNode o) {
    if (o == null || o.isNull()) {
      return FeedRules.NONE;
    }
    if (!o.isObject()) {
      throw bad("rules must be an object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!JSON.contains(f)) {
        throw bad("unknown rule '" + InputRules.clip(f) + "'; known: " + new java.util.TreeSet<>(JSON));
      }
    }
    Builder b = new Builder();
    b.categories = labels(strings(o.get("category"), "category"), "category");
    b.excludeCategories = labels(strings(o.get("exclude_category"), "exclude_category"), "exclude_category");
    b.tags = labels(strings(o.get("tag"), "tag"), "tag");
    b.excludeTags = labels(strings(o.get("exclude_tag"), "exclude_tag"), "exclude_tag");
    b.authors = authors(strings(o.get("author"), "author"), "author");
    b.excludeAuthors = authors(strings(o.get("exclude_author"), "exclude_author"), "exclude_author");
    b.maxAge = seconds(text(o.get("max_age")), "max_age");
    JsonNode now = o.get("now");
    b.now = now == null || now.isNull() ? FeedRules.WALL_CLOCK : InputRules.time(now, "now", "invalid_rule");
    b.freshHalfLife = seconds(text(o.get("fresh_half_life")), "fresh_half_life");
    b.diversity = unit(text(o.get("diversity")), "diversity");
    b.maxPerCategory = count(text(o.get("max_per_category")), "max_per_category");
    b.maxPerAuthor = count(text(o.get("max_per_author")), "max_per_author");
    b.explore = unit(text(o.get("explore")), "explore");
    String seed = text(o.get("seed"));
    b.seed = seed == null ? 0 : parseLong(seed, "seed");
    b.rotate = rotation(text(o.get("rotate")));
    JsonNode explain = o.get("explain");
    if (explain != null && !explain.isNull() && !explain.isBoolean()) {
      throw bad("explain must be true or false");
    }
    b.explain = explain != null && explain.asBoolean();
    b.networkShare = unit(text(o.get("network_share")), "network_share");
    b.boosts = boosts(o.get("boosts"));
    b.pins = pins(o.get("pins"));
    return b.build();
  }

  /** A scalar rule's text (numbers and strings alike); objects and arrays are refused. */
  private static String text(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isValueNode() || n.isBoolean()) {
      throw bad("a rule value must be a number or a string, got " + InputRules.clip(n.toString()));
    }
    return n.asText();
  }

  private static List<String> strings(JsonNode n, String name) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (n.isTextual()) {
      for (String s : n.asText().split(",")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      return out;
    }
    if (!n.isArray()) {
      throw bad(name + " must be a string or an array of strings");
    }
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        throw bad(name + " must hold strings");
      }
      out.add(x.asText());
    }
    return out;
  }

  private static Set<String> labels(List<String> values, String name) {
    if (values.size() > MAX_LABELS) {
      throw bad("at most " + MAX_LABELS + " values in " + name + ", got " + values.size());
    }
    for (String v : values) {
      if (v.isEmpty() || v.length() > io.swarmrec.store.ItemMeta.MAX_LABEL_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
        throw bad(name + " values must have 1 to " + io.swarmrec.store.ItemMeta.MAX_LABEL_LENGTH
            + " printable characters");
      }
    }
    return new LinkedHashSet<>(values);
  }

  private Set<String> authors(List<String> values, String name) {
    if (values.size() > MAX_LABELS) {
      throw bad("at most " + MAX_LABELS + " values in " + name + ", got " + values.size());
    }
    for (String v : values) {
      String p = rules.idProblem(v);
      if (p != null) {
        throw bad(name + ": " + p);
      }
    }
    return new LinkedHashSet<>(values);
  }

  private List<FeedRules.Boost> boosts(JsonNode n) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_BOOSTS) {
      throw bad("boosts must be an array of at most " + MAX_BOOSTS + " {category|tag|author, factor} objects");
    }
    List<FeedRules.Boost> out = new ArrayList<>();
    for (JsonNode b : n) {
      if (!b.isObject()) {
        throw bad("a boost must be an object");
      }
      FeedRules.Field field = null;
      List<String> values = null;
      for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        switch (f) {
          case "category", "tag", "author" -> {
            if (field != null) {
              throw bad("a boost matches on one of category, tag or author");
            }
            field = FeedRules.Field.valueOf(f.toUpperCase(java.util.Locale.ROOT));
            values = strings(b.get(f), f);
            if (field == FeedRules.Field.AUTHOR) {
              authors(values, "boosts.author");
            } else {
              labels(values, "boosts." + f);
            }
          }
          case "factor" -> { }
          default -> throw bad("unknown boost field '" + InputRules.clip(f) + "'");
        }
      }
      if (field == null || values.isEmpty()) {
        throw bad("a boost needs category, tag or author");
      }
      JsonNode factor = b.get("factor");
      if (factor == null || !factor.isNumber() || !(factor.asDouble() > 0) || factor.asDouble() > 1e6) {
        throw bad("a boost needs a factor > 0 (at most 1e6)");
      }
      out.add(new FeedRules.Boost(field, values, (float) factor.asDouble()));
    }
    return out;
  }

  private List<FeedRules.Pin> pins(JsonNode n) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_PINS) {
      throw bad("pins must be an array of at most " + MAX_PINS + " {item, position} objects");
    }
    List<FeedRules.Pin> out = new ArrayList<>();
    for (JsonNode p : n) {
      if (!p.isObject() || p.size() != 2 || !p.has("item") || !p.has("position")) {
        throw bad("a pin is {\"item\": id, \"position\": 0-based index}");
      }
      String item = p.get("item").isTextual() ? p.get("item").asText() : null;
      String problem = item == null ? "must be a string" : rules.idProblem(item);
      if (problem != null) {
        throw bad("pins.item: " + problem);
      }
      JsonNode pos = p.get("position");
      if (!pos.isIntegralNumber() || !pos.canConvertToInt() || pos.asInt() < 0) {
        throw bad("pins.position must be an integer >= 0");
      }
      out.add(new FeedRules.Pin(item, pos.asInt()));
    }
    return out;
  }

  private static long seconds(String v, String name) {
    if (v == null) {
      return 0;
    }
    long s = parseLong(v, name);
    if (s <= 0 || s > EventTime.MAX_EPOCH_SECOND) {
      throw bad(name + " must be a positive number of seconds, got " + InputRules.clip(v));
    }
    return s;
  }

  private static long time(long s) {
    if (s >= InputRules.MILLIS_FROM) {
      s /= 1000;
    }
    if (!EventTime.inRange(s)) {
      throw bad("now is out of range (" + EventTime.describe() + ")");
    }
    return s;
  }

  private static double unit(String v, String name) {
    if (v == null) {
      return 0;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d >= 0 && d <= 1)) {
        throw bad(name + " must be between 0 and 1, got " + InputRules.clip(v));
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad(name + " must be a number between 0 and 1, got '" + InputRules.clip(v) + "'");
    }
  }

  private static int count(String v, String name) {
    if (v == null) {
      return 0;
    }
    long n = parseLong(v, name);
    if (n < 1 || n > 10_000) {
      throw bad(name + " must be between 1 and 10000, got " + n);
    }
    return (int) n;
  }

  private static long parseLong(String v, String name) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw bad(name + " must be an integer, got '" + InputRules.clip(v) + "'");
    }
  }

  private static boolean bool(String v, String name) {
    if (v == null) {
      return false;
    }
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw bad(name + " must be true or false, got '" + InputRules.clip(v) + "'");
  }

  private static FeedRules.Rotation rotation(String v) {
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "exclude" -> FeedRules.Rotation.EXCLUDE;
      case "demote" -> FeedRules.Rotation.DEMOTE;
      case "off" -> FeedRules.Rotation.OFF;
      default -> throw bad("rotate must be exclude, demote or off, got '" + InputRules.clip(v) + "'");
    };
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("invalid_rule", message);
  }

  /** Collects the rules before the record is made. */
  private static final class Builder {
    Set<String> categories = Set.of();
    Set<String> excludeCategories = Set.of();
    Set<String> tags = Set.of();
    Set<String> excludeTags = Set.of();
    Set<String> authors = Set.of();
    Set<String> excludeAuthors = Set.of();
    long maxAge;
    long now = FeedRules.WALL_CLOCK;
    long freshHalfLife;
    double diversity;
    int maxPerCategory;
    int maxPerAuthor;
    List<FeedRules.Boost> boosts = List.of();
    List<FeedRules.Pin> pins = List.of();
    double explore;
    long seed;
    FeedRules.Rotation rotate;
    boolean explain;
    double networkShare;

    FeedRules build() {
      FeedRules r = new FeedRules(categories, excludeCategories, tags, excludeTags, authors, excludeAuthors, maxAge,
          now, freshHalfLife, diversity, maxPerCategory, maxPerAuthor, boosts, pins, explore, seed, rotate, explain,
          networkShare);
      return r.equals(FeedRules.NONE) ? FeedRules.NONE : r;
    }
  }
}
