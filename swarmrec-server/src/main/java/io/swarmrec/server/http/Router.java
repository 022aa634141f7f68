package io.swarmrec.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Maps (method, path) to a route. Paths are matched segment by segment; a {@code {name}} segment
 * captures one decoded segment. A path that matches with another method answers 405, no match 404.
 */
public final class Router {
  /** A route's code. */
  @FunctionalInterface
  public interface Handler {
    CompletionStage<? extends Response> handle(Request request) throws Exception;
  }

  private record Route(String method, String path, String[] pattern, Handler handler) {}

  /** The result of a lookup: the handler and the captured path parameters. */
  public record Match(String route, Handler handler, List<String> params) {}

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String path, Handler handler) {
    routes.add(new Route(method, path, split(path), handler));
    return this;
  }

  /** Finds the route for a decoded path; throws 404 or 405 as an {@link ApiException}. */
  public Match match(String method, List<String> segments) {
    boolean pathKnown = false;
    for (Route r : routes) {
      List<String> params = capture(r.pattern, segments);
      if (params != null) {
        if (r.method.equals(method)) {
          return new Match(r.path, r.handler, params);
        }
        pathKnown = true;
      }
    }
    if (pathKnown) {
      throw new ApiException(405, "method_not_allowed", method + " is not allowed on /" + String.join("/", segments));
    }
    throw new ApiException(404, "not_found", "no route for /" + String.join("/", segments));
  }

  private static List<String> capture(String[] pattern, List<String> segments) {
    if (pattern.length != segments.size()) {
      return null;
    }
    List<String> params = new ArrayList<>(2);
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith("{")) {
        params.add(segments.get(i));
      } else if (!pattern[i].equals(segments.get(i))) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }
}
