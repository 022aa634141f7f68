package io.swarmrec.eval.synthetic;

import io.swarmrec.core.StampSet;
import java.util.Arrays;

/**
 * Plays out each agent's events: which items, of which kind, when.
 *
 * <p>Each agent's randomness is one stream seeded by (seed, agent), so an agent's events never depend on
 * which thread or block produced them. An event comes from the agent's communities with probability
 * {@code inCommunityShare} (the primary one, or the secondary one for {@value #SECONDARY_PICK} of those
 * picks when the agent has one), else from the global popularity distribution: the mixture that gives
 * collaborative filtering a signal to find and a popularity baseline something to beat.
 *
 * <p>Repeats are avoided cheaply: a pick already seen by the agent (an O(1)-clear {@link StampSet}) is
 * redrawn by popularity up to {@value #TRIES} times, then uniformly within the community as often, then
 * from the whole catalogue the same way, and only then accepted as a repeat. Active agents thus work
 * through their communities' head, then their tail, and only the most active spill into the catalogue.
 * Times are uniform in the window, sorted, so each agent's events are in time order.
 *
 * <p>Not thread-safe: one per worker thread (the scratch buffers are reused across agents).
 */
final class AgentSimulator {
  static final double SECONDARY_PICK = 0.3;
  private static final int TRIES = 4;

  private final SyntheticScenario scenario;
  private final SyntheticWorld world;
  private final SplitMix64 rng = new SplitMix64(0);
  private final StampSet seen;
  private final int windowSeconds;
  private final double ratingBelow;
  private final double shareBelow;
  private final double likeBelow;
  private int[] times = new int[256];

  AgentSimulator(SyntheticScenario scenario, SyntheticWorld world) {
    this.scenario = scenario;
    this.world = world;
    this.seen = new StampSet(world.items());
    this.windowSeconds = scenario.days() * 86_400;
    this.ratingBelow = scenario.ratingShare();
    this.shareBelow = ratingBelow + scenario.shareShare();
    this.likeBelow = shareBelow + scenario.likeShare();
  }

  /** The events of agents {@code from .. to-1}. */
  EventBlock simulate(int from, int to) {
    EventBlock block = new EventBlock(world.eventsIn(from, to));
    for (int a = from; a < to; a++) {
      simulate(a, block);
    }
    return block;
  }

  private void simulate(int agent, EventBlock out) {
    rng.reseed(SplitMix64.streamSeed(scenario.seed(), SyntheticWorld.EVENT_STREAM, agent));
    int n = world.eventsOf(agent);
    drawSortedTimes(n);
    seen.clear();
    for (int e = 0; e < n; e++) {
      int item = pickItem(agent);
      seen.add(item);
      EventKind kind = pickKind();
      int value = kind == EventKind.RATING ? rating(world.inCommunities(agent, item)) : 1;
      out.add(agent, item, kind, value, times[e]);
    }
  }

  private int pickItem(int agent) {
    if (rng.nextDouble() < scenario.inCommunityShare()) {
      int second = world.secondaryCommunity(agent);
      int community = second >= 0 && rng.nextDouble() < SECONDARY_PICK ? second : world.primaryCommunity(agent);
      int item = fresh(community);
      if (!seen.contains(item)) {
        return item;
      }
    }
    return fresh(-1);
  }

  /**
   * An item of {@code community} (-1: the whole catalogue) the agent has not seen: first by popularity,
   * then, once the popular head is used up, uniformly over the members, which reaches the tail that
   * popularity draws almost never hit. Returns the last draw, a repeat, if every try was seen.
   */
  private int fresh(int community) {
    int item = 0;
    for (int t = 0; t < 2 * TRIES; t++) {
      boolean byPopularity = t < TRIES;
      if (community < 0) {
        item = byPopularity ? world.sampleGlobal(rng) : rng.nextInt(world.items());
      } else {
        item = byPopularity ? world.sampleCommunity(community, rng) : world.anyOfCommunity(community, rng);
      }
      if (!seen.contains(item)) {
        break;
      }
    }
    return item;
  }

  private EventKind pickKind() {
    double u = rng.nextDouble();
    if (u < ratingBelow) {
      return EventKind.RATING;
    }
    if (u < shareBelow) {
      return EventKind.SHARE;
    }
    return u < likeBelow ? EventKind.LIKE : EventKind.VIEW;
  }

  /** 3 to 5 stars on an item of the agent's own interests, 2 to 4 elsewhere: ratings carry signal too. */
  private int rating(boolean ownInterest) {
    return (ownInterest ? 4 : 3) + rng.nextInt(3) - 1;
  }

  private void drawSortedTimes(int n) {
    if (times.length < n) {
      times = new int[Math.max(n, times.length * 2)];
    }
    for (int e = 0; e < n; e++) {
      times[e] = rng.nextInt(windowSeconds);
    }
    Arrays.sort(times, 0, n);
  }
}
