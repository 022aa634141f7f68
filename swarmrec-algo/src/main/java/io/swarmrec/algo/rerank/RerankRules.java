package io.swarmrec.algo.rerank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The re-ranking part of a request's rules ({@code diversity}, {@code max_per_category},
 * {@code max_per_author}, boosts, pins, {@code explore}, {@code seed}): an immutable value, built by
 * {@code with...} calls from {@link #NONE}, each validating its argument. See {@link Reranker} for what each
 * rule does.
 *
 * @param diversity the weight of the diversity term of maximal marginal relevance, in [0, 1]; 0 = off
 * @param maxPerCategory the most items of one category in a list; 0 = no cap
 * @param maxPerAuthor the most items of one author in a list; 0 = no cap
 * @param boosts score multipliers for matching items, applied in order (a match of several multiplies)
 * @param pins items placed at fixed positions
 * @param explore the share of the list's slots filled from the exploration pool, in [0, 1]; 0 = off
 * @param seed the seed of the exploration draw
 */
public record RerankRules(double diversity, int maxPerCategory, int maxPerAuthor, List<Boost> boosts, List<Pin> pins,
    double explore, long seed) {

  /** No rule: the candidates' own order, cut at k. */
  public static final RerankRules NONE = new RerankRules(0, 0, 0, List.of(), List.of(), 0, 0);

  /** What a boost matches on. */
  public enum Field { CATEGORY, TAG, AUTHOR }

  /**
   * Multiplies the score of every item with any of {@code ids} in {@code field} by {@code factor} (&gt; 0).
   * On a negative score a factor above 1 lowers it: boosts assume the model's scores are non-negative
   * where it matters, as with every model's top candidates.
   */
  public record Boost(Field field, int[] ids, float factor) {
    public Boost {
      if (field == null) {
        throw new IllegalArgumentException("a boost needs a field");
      }
      if (!(factor > 0) || !Float.isFinite(factor)) {
        throw new IllegalArgumentException("a boost factor must be a finite number > 0, got " + factor);
      }
      ids = Arrays.stream(ids).sorted().distinct().toArray();
      if (ids.length == 0) {
        throw new IllegalArgumentException("a boost needs at least one " + field.name().toLowerCase() + " id");
      }
    }

    boolean matches(ItemAttributes a, int item) {
      switch (field) {
        case AUTHOR:
          return Arrays.binarySearch(ids, a.author(item)) >= 0;
        case CATEGORY:
          for (int id : ids) {
            if (a.hasCategory(item, id)) {
              return true;
            }
          }
          return false;
        default:
          for (int id : ids) {
            if (a.hasTag(item, id)) {
              return true;
            }
          }
          return false;
      }
    }
  }

  /** Item {@code item} (dense id) at 0-based {@code position}; at the end of a list shorter than that. */
  public record Pin(int item, int position) {
    public Pin {
      if (item < 0) {
        throw new IllegalArgumentException("a pinned item id must be >= 0, got " + item);
      }
      if (position < 0) {
        throw new IllegalArgumentException("a pin position must be >= 0, got " + position);
      }
    }
  }

  public RerankRules {
    if (!(diversity >= 0 && diversity <= 1)) {
      throw new IllegalArgumentException("diversity must be in [0, 1], got " + diversity);
    }
    if (maxPerCategory < 0 || maxPerAuthor < 0) {
      throw new IllegalArgumentException("max per category / author must be >= 0 (0 = no cap), got "
          + maxPerCategory + " / " + maxPerAuthor);
    }
    if (!(explore >= 0 && explore <= 1)) {
      throw new IllegalArgumentException("explore must be a share in [0, 1], got " + explore);
    }
    boosts = List.copyOf(boosts);
    pins = List.copyOf(pins);
    long distinct = pins.stream().mapToInt(Pin::item).distinct().count();
    if (distinct != pins.size()) {
      throw new IllegalArgumentException("an item is pinned more than once");
    }
  }

  public RerankRules withDiversity(double lambda) {
    return new RerankRules(lambda, maxPerCategory, maxPerAuthor, boosts, pins, explore, seed);
  }

  public RerankRules withMaxPerCategory(int n) {
    return new RerankRules(diversity, n, maxPerAuthor, boosts, pins, explore, seed);
  }

  public RerankRules withMaxPerAuthor(int n) {
    return new RerankRules(diversity, maxPerCategory, n, boosts, pins, explore, seed);
  }

  public RerankRules withBoost(Boost boost) {
    List<Boost> b = new ArrayList<>(boosts);
    b.add(boost);
    return new RerankRules(diversity, maxPerCategory, maxPerAuthor, b, pins, explore, seed);
  }

  public RerankRules withPin(Pin pin) {
    List<Pin> p = new ArrayList<>(pins);
    p.add(pin);
    return new RerankRules(diversity, maxPerCategory, maxPerAuthor, boosts, p, explore, seed);
  }

  public RerankRules withExplore(double share, long seed) {
    return new RerankRules(diversity, maxPerCategory, maxPerAuthor, boosts, pins, share, seed);
  }

  /** Whether any rule changes the candidates' order or content. */
  public boolean isEmpty() {
    return diversity == 0 && maxPerCategory == 0 && maxPerAuthor == 0 && boosts.isEmpty() && pins.isEmpty()
        && explore == 0;
  }

  /** Whether a rule reads item attributes (caps, boosts). */
  boolean readsAttributes() {
    return maxPerCategory > 0 || maxPerAuthor > 0 || !boosts.isEmpty();
  }
}
