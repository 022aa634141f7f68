package io.swarmrec.server.engine;

import java.util.List;

/**
 * One user's recommendation request after validation.
 *
 * @param scene request context for the cache key; null when absent (likewise device, location)
 * @param rules the feed rules ({@link FeedRules#NONE}: the top k by score)
 */
public record RecRequest(String user, int k, String algo, List<String> exclude, String scene, String device,
    String location, FeedRules rules) {

  public RecRequest {
    rules = rules == null ? FeedRules.NONE : rules;
  }

  /** A request without rules. */
  public RecRequest(String user, int k, String algo, List<String> exclude, String scene, String device,
      String location) {
    this(user, k, algo, exclude, scene, device, location, FeedRules.NONE);
  }

  /** A request without exclusions or context. */
  public static RecRequest of(String user, int k, String algo) {
    return new RecRequest(user, k, algo, List.of(), null, null, null, FeedRules.NONE);
  }

  /** This request under other rules. */
  public RecRequest withRules(FeedRules r) {
    return new RecRequest(user, k, algo, exclude, scene, device, location, r);
  }
}
