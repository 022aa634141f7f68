package io.swarmrec.algo.rerank;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a model's scored candidates into the final list of a feed request under {@link RerankRules}: the
 * last stage of the request pipeline, after filtering (which decides what may be shown at all) and before
 * encoding. HTTP-free and model-free: it sees dense ids, scores, {@link ItemAttributes} and an
 * {@link ItemSimilarity}. Thread-safe (one instance per model snapshot; all request state is local).
 *
 * <p>In order:
 *
 * <ol>
 *   <li><b>Boosts</b> multiply the score of each candidate matching a boost's categories, tags or authors by
 *       its factor (several matching boosts multiply), and the candidates are re-sorted by the new score
 *       (stable: ties keep the model's order). O(n * boosts * labels) for n candidates.
 *   <li><b>Pins</b> with a position below k are placed first (a pinned candidate leaves the pool); they count
 *       towards the caps but are never refused by them: a pin is an explicit instruction.
 *   <li><b>Relevance</b> fills the slots left after pins and exploration by {@link MarginalRelevance}:
 *       maximal marginal relevance with weight {@code diversity} on the similarity to what is already
 *       listed, skipping candidates that would break {@code max_per_category} or {@code max_per_author} (an
 *       item with several categories must fit under the cap of each). O(k * n) similarity calls with
 *       diversity, O(n) without.
 *   <li><b>Exploration</b> fills {@code round(explore * k)} slots with items drawn without replacement from
 *       the given pool (the caller's eligible, never-shown items, freshest and trending first, already
 *       filtered), skipping items already listed or over a cap, at positions drawn among the free ones. The
 *       draw is uniform over the pool as given, so the caller bounds how deep it reaches; it is seeded by
 *       {@code (user, seed, now)} and therefore identical for the same three (Steele, Lea and Flood's
 *       SplitMix finaliser mixes them). Slots the pool cannot fill go back to relevance.
 * </ol>
 *
 * <p>A list comes back shorter than k only when fewer than k items pass the caps: nothing that breaks a
 * rule pads it. Caps and diversity act only on what they are given, so the caller passes a pool deeper than
 * k (e.g. 3k to 10k candidates) when any of them is on.
 */
public final class Reranker {
  private static final int[] NO_POOL = new int[0];

  private final ItemAttributes attributes;
  private final ItemSimilarity similarity;

  /**
   * @param attributes the items' categories, tags and authors ({@link ItemAttributes#none} when there are none)
   * @param similarity the item similarity of {@code diversity} (null: diversity is refused)
   */
  public Reranker(ItemAttributes attributes, ItemSimilarity similarity) {
    this.attributes = attributes;
    this.similarity = similarity;
  }

  /** {@link #rerank(ScoredIds, int, RerankRules, long, long, int[])} without an exploration pool. */
  public Reranked rerank(ScoredIds candidates, int k, RerankRules rules) {
    return rerank(candidates, k, rules, 0, 0, NO_POOL);
  }

  /**
   * The final list of at most {@code k} items.
   *
   * @param candidates the model's candidates (dense ids), best first, already filtered
   * @param user a stable key of the requesting user (e.g. the dense id), for the exploration draw
   * @param now the request's clock (epoch seconds), for the exploration draw
   * @param explorePool the items exploration draws from (may be empty)
   */
  public Reranked rerank(ScoredIds candidates, int k, RerankRules rules, long user, long now, int[] explorePool) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    if (rules.diversity() > 0 && similarity == null) {
      throw new IllegalArgumentException("diversity needs an item similarity; none was given");
    }
    int n = candidates.size();
    int[] ids = candidates.ids().clone();
    float[] scores = candidates.scores().clone();
    checkItems(ids, "candidate");
    checkItems(explorePool, "exploration pool item");
    byte[] boosted = boost(ids, scores, rules.boosts());

    ListCaps caps = new ListCaps(attributes, rules.maxPerCategory(), rules.maxPerAuthor(), Math.max(k, 1));
    IntCounts listed = new IntCounts(Math.max(k, 1));
    MarginalRelevance relevance = new MarginalRelevance(ids, scores, rules.diversity(), similarity, caps);
    IntCounts position = new IntCounts(n); // candidate item -> its position + 1
    for (int i = 0; i < n; i++) {
      if (position.get(ids[i]) == 0) {
        position.add(ids[i], i + 1);
      } else {
        relevance.remove(i); // a duplicate candidate counts once
      }
    }

    RerankRules.Pin[] pins = pinsBelow(rules.pins(), k);
    for (RerankRules.Pin pin : pins) {
      checkItem(pin.item(), "pinned item");
      int at = position.get(pin.item()) - 1;
      if (at >= 0) {
        relevance.remove(at);
      }
      listed.increment(pin.item());
      caps.add(pin.item());
      relevance.noteListed(pin.item());
    }

    int free = k - pins.length;
    int exploreSlots = Math.min(free, (int) Math.round(rules.explore() * k));
    int[] chosen = new int[free]; // candidate positions, in order
    int ranked = 0;
    for (; ranked < free - exploreSlots; ranked++) {
      int i = relevance.next();
      if (i < 0) {
        break;
      }
      chosen[ranked] = i;
      listed.increment(ids[i]);
    }
    SplittableRandom random = new SplittableRandom(mix(user, rules.seed(), now));
    int[] explored = new int[exploreSlots];
    int exploredCount = 0;
    if (exploreSlots > 0) {
      int[] pool = explorePool.clone();
      for (int t = 0; t < pool.length && exploredCount < exploreSlots; t++) {
        int j = t + random.nextInt(pool.length - t); // partial Fisher-Yates
        int item = pool[j];
        pool[j] = pool[t];
        pool[t] = item;
        if (listed.get(item) > 0 || !caps.allows(item)) {
          continue;
        }
        explored[exploredCount++] = item;
        listed.increment(item);
        caps.add(item);
        int at = position.get(item) - 1;
        if (at >= 0) {
          relevance.remove(at);
        }
        relevance.noteListed(item);
      }
    }
    for (; ranked < free - exploredCount; ranked++) { // slots exploration could not fill
      int i = relevance.next();
      if (i < 0) {
        break;
      }
      chosen[ranked] = i;
    }
    return layout(ids, scores, boosted, chosen, ranked, pins, explored, exploredCount, random);
  }

  /** Applies the boosts in place and re-sorts (stably) when any matched; returns which positions were boosted. */
  private byte[] boost(int[] ids, float[] scores, List<RerankRules.Boost> boosts) {
    byte[] boosted = new byte[ids.length];
    if (boosts.isEmpty()) {
      return boosted;
    }
    boolean any = false;
    for (int i = 0; i < ids.length; i++) {
      for (RerankRules.Boost b : boosts) {
        if (b.matches(attributes, ids[i])) {
          scores[i] *= b.factor();
          boosted[i] = 1;
          any = true;
        }
      }
    }
    if (!any) {
      return boosted;
    }
    long[] keys = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      int bits = Float.floatToIntBits(scores[i]);
      bits ^= (bits >> 31) & 0x7fffffff; // ascending int order = ascending float order
      keys[i] = ((long) ~bits << 32) | i; // descending score, then ascending position
    }
    Arrays.sort(keys);
    int[] oldIds = ids.clone();
    float[] oldScores = scores.clone();
    byte[] oldBoosted = boosted.clone();
    for (int r = 0; r < ids.length; r++) {
      int i = (int) keys[r];
      ids[r] = oldIds[i];
      scores[r] = oldScores[i];
      boosted[r] = oldBoosted[i];
    }
    return boosted;
  }

  /** Pins with a position below {@code k}, by position (stable), at most {@code k} of them. */
  private static RerankRules.Pin[] pinsBelow(List<RerankRules.Pin> pins, int k) {
    return pins.stream().filter(p -> p.position() < k)
        .sorted(java.util.Comparator.comparingInt(RerankRules.Pin::position)).limit(k)
        .toArray(RerankRules.Pin[]::new);
  }

  /** Places pins at their positions (the end of a shorter list), explored items at drawn free positions, candidates in the rest. */
  private static Reranked layout(int[] ids, float[] scores, byte[] boosted, int[] chosen, int ranked,
      RerankRules.Pin[] pins, int[] explored, int exploredCount, SplittableRandom random) {
    int length = pins.length + exploredCount + ranked;
    int[] out = new int[length];
    byte[] sources = new byte[length];
    boolean[] taken = new boolean[length];
    for (RerankRules.Pin pin : pins) {
      int at = Math.min(pin.position(), length - 1);
      while (at < length && taken[at]) {
        at++;
      }
      if (at == length) { // past the end: the last free slot
        at = length - 1;
        while (taken[at]) {
          at--;
        }
      }
      taken[at] = true;
      out[at] = pin.item();
      sources[at] = (byte) Reranked.Source.PINNED.ordinal();
    }
    for (int e = 0; e < exploredCount; e++) {
      int slot = random.nextInt(length - pins.length - e); // the slot-th free position
      int at = -1;
      for (int f = -1; f < slot; ) {
        at++;
        if (!taken[at]) {
          f++;
        }
      }
      taken[at] = true;
      out[at] = explored[e];
      sources[at] = (byte) Reranked.Source.EXPLORED.ordinal();
    }
    float[] outScores = new float[length];
    boolean[] candidate = new boolean[length];
    for (int at = 0, r = 0; at < length; at++) {
      if (!taken[at]) {
        int i = chosen[r++];
        out[at] = ids[i];
        outScores[at] = scores[i];
        candidate[at] = true;
        sources[at] = (byte) (boosted[i] != 0 ? Reranked.Source.BOOSTED : Reranked.Source.RANKED).ordinal();
      }
    }
    float carried = 0;
    for (int at = 0; at < length; at++) { // the first candidate's score for rule-placed items on top
      if (candidate[at]) {
        carried = outScores[at];
        break;
      }
    }
    for (int at = 0; at < length; at++) {
      if (candidate[at]) {
        carried = outScores[at];
      } else {
        outScores[at] = carried;
      }
    }
    return new Reranked(new ScoredIds(out, outScores), sources);
  }

  private void checkItems(int[] items, String what) {
    for (int item : items) {
      checkItem(item, what);
    }
  }

  private void checkItem(int item, String what) {
    if (item < 0 || item >= attributes.numItems()) {
      throw new IllegalArgumentException(what + " id " + item + " not in [0, " + attributes.numItems() + ")");
    }
  }

  /** SplitMix64's finaliser over the three keys, so that nearby users, seeds and times draw unrelated streams. */
  static long mix(long user, long seed, long now) {
    long h = mix64(user + 0x9E3779B97F4A7C15L);
    h = mix64(h ^ seed + 0x9E3779B97F4A7C15L);
    return mix64(h ^ now + 0x9E3779B97F4A7C15L);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
