package io.swarmrec.cache;

/**
 * What a cached recommendation list answers: top-{@code k} for {@code user} from {@code algorithm}, in an
 * optional context (scene, device, location) since the origin document's cache keys are context-aware.
 * Absent context fields are {@code null}; an empty string means the same as {@code null}, so that
 * "no scene" has one spelling in the Redis key.
 */
public record RecKey(String user, int k, String algorithm, String scene, String device, String location) {

  public RecKey {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("user id must be non-empty");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (algorithm == null || algorithm.isEmpty()) {
      throw new IllegalArgumentException("algorithm name must be non-empty");
    }
    scene = absentIfEmpty(scene);
    device = absentIfEmpty(device);
    location = absentIfEmpty(location);
  }

  /** A key without context. */
  public static RecKey of(String user, int k, String algorithm) {
    return new RecKey(user, k, algorithm, null, null, null);
  }

  private static String absentIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
