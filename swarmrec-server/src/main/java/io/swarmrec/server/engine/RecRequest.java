package io.swarmrec.server.engine;

import java.util.List;

/**
 * One user's recommendation request after validation.
 *
 * @param scene request context for the cache key and future rules; null when absent (likewise device, location)
 */
public record RecRequest(String user, int k, String algo, List<String> exclude, String scene, String device,
    String location) {

  /** A request without exclusions or context. */
  public static RecRequest of(String user, int k, String algo) {
    return new RecRequest(user, k, algo, List.of(), null, null, null);
  }
}
