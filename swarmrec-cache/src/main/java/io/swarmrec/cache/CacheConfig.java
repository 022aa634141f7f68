package io.swarmrec.cache;

import java.net.URI;
import java.time.Duration;

/**
 * Everything the cache can be told, validated in one place at construction: a bad value fails start-up
 * with an {@link IllegalArgumentException} naming the setting, instead of misbehaving later.
 *
 * @param l1MaxBytes the L1 budget, in estimated bytes of entries ({@link CachedRecs#estimatedBytes()})
 * @param newUserTtl time to live of a user seen fewer than {@code regularAfter} times lately
 * @param regularTtl time to live of a user seen at least {@code regularAfter} times
 * @param frequentTtl time to live of a user seen at least {@code frequentAfter} times
 * @param degradedTtl cap on the time to live of a degraded (fallback) list, so a transient failure does
 *     not pin popular items on a user for hours
 * @param regularAfter sightings (within about one half-life) from which a user is regular
 * @param frequentAfter sightings from which a user is frequent
 * @param frequencyHalfLife how fast past sightings fade
 * @param expectedUsers sizes the frequency sketch and the invalidation stamps (8 bytes per user in all)
 * @param trackedActiveUsers how many of the most active users are remembered for warm-up
 * @param redisUrl {@code redis://host:port/db} (or {@code rediss://}) of the L2, or {@code null} for L1 only
 * @param commandTimeout how long one Redis command may take before the call degrades to L1
 * @param redisQueueSize the most Redis commands in flight or queued; beyond it commands fail at once
 * @param keyPrefix first segment of every Redis key and of the invalidation channel; letters, digits,
 *     '.', '_' and '-' only
 */
public record CacheConfig(long l1MaxBytes, Duration newUserTtl, Duration regularTtl, Duration frequentTtl,
    Duration degradedTtl, int regularAfter, int frequentAfter, Duration frequencyHalfLife, int expectedUsers,
    int trackedActiveUsers, String redisUrl, Duration commandTimeout, int redisQueueSize, String keyPrefix) {

  private static final int MAX_EXPECTED_USERS = 1 << 26;

  public CacheConfig {
    check(l1MaxBytes >= 1 << 16, "l1MaxBytes must be at least 65536, got " + l1MaxBytes);
    positive("newUserTtl", newUserTtl);
    positive("regularTtl", regularTtl);
    positive("frequentTtl", frequentTtl);
    positive("degradedTtl", degradedTtl);
    positive("frequencyHalfLife", frequencyHalfLife);
    positive("commandTimeout", commandTimeout);
    check(newUserTtl.compareTo(regularTtl) <= 0 && regularTtl.compareTo(frequentTtl) <= 0,
        "TTLs must not shrink with frequency: newUserTtl " + newUserTtl + ", regularTtl " + regularTtl
            + ", frequentTtl " + frequentTtl);
    check(regularAfter >= 1 && regularAfter <= frequentAfter && frequentAfter <= AgingCountMinSketch.MAX_COUNT,
        "need 1 <= regularAfter <= frequentAfter <= " + AgingCountMinSketch.MAX_COUNT + ", got regularAfter "
            + regularAfter + ", frequentAfter " + frequentAfter);
    check(expectedUsers >= 1 && expectedUsers <= MAX_EXPECTED_USERS,
        "expectedUsers must be in [1, " + MAX_EXPECTED_USERS + "], got " + expectedUsers);
    check(trackedActiveUsers >= 0, "trackedActiveUsers must not be negative, got " + trackedActiveUsers);
    check(commandTimeout.compareTo(Duration.ofSeconds(10)) <= 0,
        "commandTimeout must be at most 10 s (it bounds how long a request waits for Redis), got " + commandTimeout);
    check(redisQueueSize >= 16, "redisQueueSize must be at least 16, got " + redisQueueSize);
    check(keyPrefix != null && keyPrefix.matches("[A-Za-z0-9._-]+"),
        "keyPrefix must be non-empty letters, digits, '.', '_' or '-', got " + keyPrefix);
    redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl.strip();
    checkRedisUrl(redisUrl);
  }

  public static CacheConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to change a few settings. */
  public Builder toBuilder() {
    return new Builder().l1MaxBytes(l1MaxBytes).ttls(newUserTtl, regularTtl, frequentTtl)
        .degradedTtl(degradedTtl).thresholds(regularAfter, frequentAfter).frequencyHalfLife(frequencyHalfLife)
        .expectedUsers(expectedUsers).trackedActiveUsers(trackedActiveUsers).redisUrl(redisUrl)
        .commandTimeout(commandTimeout).redisQueueSize(redisQueueSize).keyPrefix(keyPrefix);
  }

  private static void positive(String name, Duration d) {
    check(d != null && d.isPositive(), name + " must be a positive duration, got " + d);
  }

  private static void checkRedisUrl(String url) {
    if (url == null) {
      return;
    }
    String scheme;
    try {
      scheme = new URI(url).getScheme();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("redisUrl is not a URI: " + url);
    }
    check(scheme != null && scheme.matches("rediss?|redis-socket"),
        "redisUrl must start with redis://, rediss:// or redis-socket://, got " + url);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Defaults: 256 MiB L1; TTL 30 min / 1 h / 2 h from 3 and 10 sightings per ~hour; 50 ms Redis timeout. */
  public static final class Builder {
    private long l1MaxBytes = 256L << 20;
    private Duration newUserTtl = Duration.ofMinutes(30);
    private Duration regularTtl = Duration.ofHours(1);
    private Duration frequentTtl = Duration.ofHours(2);
    private Duration degradedTtl = Duration.ofMinutes(1);
    private int regularAfter = 3;
    private int frequentAfter = 10;
    private Duration frequencyHalfLife = Duration.ofHours(1);
    private int expectedUsers = 1_000_000;
    private int trackedActiveUsers = 10_000;
    private String redisUrl;
    private Duration commandTimeout = Duration.ofMillis(50);
    private int redisQueueSize = 10_000;
    private String keyPrefix = "sr";

    private Builder() {}

    public Builder l1MaxBytes(long bytes) {
      this.l1MaxBytes = bytes;
      return this;
    }

    public Builder ttls(Duration newUser, Duration regular, Duration frequent) {
      this.newUserTtl = newUser;
      this.regularTtl = regular;
      this.frequentTtl = frequent;
      return this;
    }

    public Builder degradedTtl(Duration ttl) {
      this.degradedTtl = ttl;
      return this;
    }

    public Builder thresholds(int regularAfter, int frequentAfter) {
      this.regularAfter = regularAfter;
      this.frequentAfter = frequentAfter;
      return this;
    }

    public Builder frequencyHalfLife(Duration halfLife) {
      this.frequencyHalfLife = halfLife;
      return this;
    }

    public Builder expectedUsers(int users) {
      this.expectedUsers = users;
      return this;
    }

    public Builder trackedActiveUsers(int users) {
      this.trackedActiveUsers = users;
      return this;
    }

    public Builder redisUrl(String url) {
      this.redisUrl = url;
      return this;
    }

    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    public Builder redisQueueSize(int size) {
      this.redisQueueSize = size;
      return this;
    }

    public Builder keyPrefix(String prefix) {
      this.keyPrefix = prefix;
      return this;
    }

    public CacheConfig build() {
      return new CacheConfig(l1MaxBytes, newUserTtl, regularTtl, frequentTtl, degradedTtl, regularAfter,
          frequentAfter, frequencyHalfLife, expectedUsers, trackedActiveUsers, redisUrl, commandTimeout,
          redisQueueSize, keyPrefix);
    }
  }
}
