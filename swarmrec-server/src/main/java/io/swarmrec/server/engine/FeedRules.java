package io.swarmrec.server.engine;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a feed request asks beyond "the top k by score": filters on the items' metadata, freshness, boosts,
 * pins, diversity and caps, exploration, rotation of what was shown, explanations. Validated by the edge
 * (the names are the HTTP contract of docs/openapi.yaml); {@link #NONE} asks for nothing.
 *
 * @param categories keep items with any of these categories (empty: no filter); likewise {@code tags},
 *     {@code authors}
 * @param excludeCategories drop items with any of these categories; likewise {@code excludeTags},
 *     {@code excludeAuthors}
 * @param maxAgeSeconds keep items created within this age of {@code now} (0: no limit; items without a
 *     creation time are dropped by it)
 * @param now the request's clock in epoch seconds ({@link #WALL_CLOCK}: the server's)
 * @param freshHalfLifeSeconds multiply scores by {@code 2^(-age / half-life)} (0: off)
 * @param diversity maximal marginal relevance weight in [0, 1] (0: off)
 * @param maxPerCategory at most this many items of one category (0: no cap); likewise {@code maxPerAuthor}
 * @param explore share of the slots filled from eligible items the user was never shown, in [0, 1]
 * @param seed seed of the exploration draw
 * @param rotate null: the server's {@code rotation} setting
 * @param explain add {@code because} to each item
 * @param networkShare share of the list from posts of the people the user follows, in [0, 1]
 */
public record FeedRules(Set<String> categories, Set<String> excludeCategories, Set<String> tags,
    Set<String> excludeTags, Set<String> authors, Set<String> excludeAuthors, long maxAgeSeconds, long now,
    long freshHalfLifeSeconds, double diversity, int maxPerCategory, int maxPerAuthor, List<Boost> boosts,
    List<Pin> pins, double explore, long seed, Rotation rotate, boolean explain, double networkShare) {

  /** {@link #now} of a request that gives none. */
  public static final long WALL_CLOCK = Long.MIN_VALUE;

  public static final FeedRules NONE = new FeedRules(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0,
      WALL_CLOCK, 0, 0, 0, 0, List.of(), List.of(), 0, 0, null, false, 0);

  /** How items shown before are treated. */
  public enum Rotation { EXCLUDE, DEMOTE, OFF }

  /** What a boost matches on. */
  public enum Field { CATEGORY, TAG, AUTHOR }

  /** Multiplies the scores of items with any of {@code values} in {@code field} by {@code factor}. */
  public record Boost(Field field, List<String> values, float factor) {}

  /** Places {@code item} at 0-based {@code position}. */
  public record Pin(String item, int position) {}

  public FeedRules {
    categories = Set.copyOf(categories);
    excludeCategories = Set.copyOf(excludeCategories);
    tags = Set.copyOf(tags);
    excludeTags = Set.copyOf(excludeTags);
    authors = Set.copyOf(authors);
    excludeAuthors = Set.copyOf(excludeAuthors);
    boosts = List.copyOf(boosts);
    pins = List.copyOf(pins);
  }

  /** These rules on the clock {@code epochSecond}. */
  public FeedRules withNow(long epochSecond) {
    return new FeedRules(categories, excludeCategories, tags, excludeTags, authors, excludeAuthors, maxAgeSeconds,
        epochSecond, freshHalfLifeSeconds, diversity, maxPerCategory, maxPerAuthor, boosts, pins, explore, seed, rotate,
        explain, networkShare);
  }

  /** Whether the answer depends on the clock (ages, exploration's draw, the network's recency). */
  public boolean timeDependent() {
    return maxAgeSeconds > 0 || freshHalfLifeSeconds > 0 || explore > 0 || networkShare > 0;
  }

  /** Whether the rules keep or drop items by their metadata or age. */
  boolean filters() {
    return !categories.isEmpty() || !excludeCategories.isEmpty() || !tags.isEmpty() || !excludeTags.isEmpty()
        || !authors.isEmpty() || !excludeAuthors.isEmpty() || maxAgeSeconds > 0;
  }

  /** Whether the final list is more than the model's top k cut (re-ranking needs a deeper pool). */
  boolean reranks() {
    return diversity > 0 || maxPerCategory > 0 || maxPerAuthor > 0 || !boosts.isEmpty() || !pins.isEmpty()
        || explore > 0 || freshHalfLifeSeconds > 0;
  }

  /** Whether the answer depends on the wall clock (then it is not cached: it goes stale by itself). */
  boolean usesWallClock() {
    return now == WALL_CLOCK && (maxAgeSeconds > 0 || freshHalfLifeSeconds > 0 || explore > 0 || networkShare > 0);
  }

  /** This request's clock. */
  long clock() {
    return now == WALL_CLOCK ? System.currentTimeMillis() / 1000 : now;
  }

  /** A stable text of the rules that change the list (explain does not), for cache keys and step tables. */
  public String canonical() {
    StringBuilder sb = new StringBuilder(64);
    set(sb, "c", categories);
    set(sb, "xc", excludeCategories);
    set(sb, "t", tags);
    set(sb, "xt", excludeTags);
    set(sb, "a", authors);
    set(sb, "xa", excludeAuthors);
    num(sb, "age", maxAgeSeconds);
    if (now != WALL_CLOCK) {
      sb.append("now=").append(now).append(';');
    }
    num(sb, "fresh", freshHalfLifeSeconds);
    if (diversity > 0) {
      sb.append("div=").append(diversity).append(';');
    }
    num(sb, "mpc", maxPerCategory);
    num(sb, "mpa", maxPerAuthor);
    for (Boost b : boosts) {
      sb.append("boost=").append(b.field()).append(':').append(new TreeSet<>(b.values())).append('*').append(b.factor())
          .append(';');
    }
    for (Pin p : pins) {
      sb.append("pin=").append(p.item()).append('@').append(p.position()).append(';');
    }
    if (explore > 0) {
      sb.append("explore=").append(explore).append(",seed=").append(seed).append(';');
    }
    if (rotate != null) {
      sb.append("rotate=").append(rotate).append(';');
    }
    if (networkShare > 0) {
      sb.append("network=").append(networkShare).append(';');
    }
    return sb.toString();
  }

  private static void set(StringBuilder sb, String name, Set<String> s) {
    if (!s.isEmpty()) {
      sb.append(name).append('=');
      for (String x : new TreeSet<>(s)) {
        sb.append(x.length()).append(':').append(x); // length-prefixed: no separator can be forged
      }
      sb.append(';');
    }
  }

  private static void num(StringBuilder sb, String name, long v) {
    if (v != 0) {
      sb.append(name).append('=').append(v).append(';');
    }
  }
}
