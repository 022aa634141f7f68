package io.swarmrec.server.http;

import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP request as routes see it: method, decoded path parameters, query parameters, the
 * bearer token if any, and the body bytes.
 */
public record Request(String method, String path, List<String> pathParams, Map<String, List<String>> query,
    String bearerToken, String accept, byte[] body, Headers headers) {

  /** Request headers by name, case-insensitive. */
  @FunctionalInterface
  public interface Headers {
    /** The first value of header {@code name}, or null. */
    String get(String name);

    Headers NONE = name -> null;
  }

  /** The first value of a request header, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  public String pathParam(int i) {
    return pathParams.get(i);
  }

  /** The single value of a query parameter, or {@code def} when absent; a repeated parameter is an error. */
  public String query(String name, String def) {
    List<String> v = query.get(name);
    if (v == null || v.isEmpty()) {
      return def;
    }
    if (v.size() > 1) {
      throw ApiException.badRequest("invalid_parameter", "query parameter '" + name + "' given more than once");
    }
    return v.get(0);
  }

  /** Every value of a repeated or comma-separated query parameter. */
  public List<String> queryAll(String name) {
    List<String> v = query.get(name);
    if (v == null) {
      return List.of();
    }
    return v.stream().flatMap(s -> java.util.Arrays.stream(s.split(","))).filter(s -> !s.isEmpty()).toList();
  }

  public int queryInt(String name, int def) {
    String v = query(name, null);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_parameter", "query parameter '" + name + "' must be an integer, got '"
          + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'");
    }
  }
}
