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

  // Written out rather than left to the record's generated methods: every L1 lookup hashes and compares a
  // key, and the generated ones go through method handles that cost more than these few field reads.
  @Override
  public int hashCode() {
    int h = user.hashCode();
    h = 31 * h + k;
    h = 31 * h + algorithm.hashCode();
    h = 31 * h + (scene == null ? 0 : scene.hashCode());
    h = 31 * h + (device == null ? 0 : device.hashCode());
    return 31 * h + (location == null ? 0 : location.hashCode());
  }

  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof RecKey r && k == r.k && user.equals(r.user) && algorithm.equals(r.algorithm)
        && java.util.Objects.equals(scene, r.scene) && java.util.Objects.equals(device, r.device)
        && java.util.Objects.equals(location, r.location);
  }

  private static String absentIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
