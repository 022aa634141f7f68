package io.swarmrec.eval.synthetic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The hidden structure behind a {@link SyntheticScenario}: which community each item belongs to, each
 * agent's communities and event count, and the popularity samplers. It is the ground truth a test or a
 * benchmark can check a recommender against (are recommended items in the agent's communities?).
 *
 * <p>Layout, all derived from the seed:
 * <ul>
 *   <li>Items get a random global popularity rank; item popularity is Zipf in that rank. Items are dealt
 *       to communities through a second random permutation, round robin, so community sizes differ by at
 *       most one and popularity is independent of the item id.</li>
 *   <li>Inside a community, members are ordered by global rank and drawn by Zipf in their local rank: a
 *       community's hits are the globally popular items among its members. Since sizes take at most two
 *       values, only two community alias tables exist, shared by all communities.</li>
 *   <li>Each agent has a primary community, drawn by Zipf over communities (a few large interest groups,
 *       a long tail of small ones), and with some probability a second one; its activity is lognormal,
 *       turned into exact counts (at least a minimum, at most a cap, summing to E).</li>
 *   <li>Agents are cut into blocks of whole agents holding about {@value #BLOCK_EVENTS} events: the unit of
 *       parallel work and, in gzip output, of one gzip member. Blocks depend only on the counts, so output
 *       does not depend on the thread count.</li>
 * </ul>
 * Memory: 12 bytes per agent and about 16 per item. Immutable; safe to share between threads.
 */
public final class SyntheticWorld {
  static final int BLOCK_EVENTS = 1 << 16;
  /** Stream purposes: each kind of randomness has its own streams, so adding one never shifts another. */
  static final long ITEM_STREAM = 1;
  static final long AGENT_STREAM = 2;
  static final long EVENT_STREAM = 3;

  private final int[] itemCommunity;
  private final int[] itemAtRank;
  private final AliasSampler globalRank;
  private final int[] memberStart; // community c holds members[memberStart[c] .. memberStart[c+1]-1]
  private final int[] members;     // by ascending global rank within a community
  private final AliasSampler[] localRank;
  private final int[] primary;
  private final int[] secondary;
  private final int[] counts;
  private final int[] blockStart;

  SyntheticWorld(SyntheticScenario s) {
    int m = s.items();
    int c = s.communities();
    SplitMix64 rng = new SplitMix64(SplitMix64.streamSeed(s.seed(), ITEM_STREAM, 0));
    itemAtRank = permutation(m, rng);
    int[] deal = permutation(m, rng);
    itemCommunity = new int[m];
    for (int p = 0; p < m; p++) {
      itemCommunity[deal[p]] = p % c;
    }
    globalRank = new AliasSampler(AliasSampler.zipfWeights(m, s.itemSkew()));
    memberStart = new int[c + 1];
    members = groupByCommunity(c);
    localRank = communitySamplers(c, s.itemSkew());

    int n = s.agents();
    primary = new int[n];
    secondary = new int[n];
    double[] activity = new double[n];
    drawAgents(s, activity);
    counts = ActivityAllocator.allocate(activity, s.minEventsPerAgent(), s.maxEventsPerAgent(), s.interactions());
    blockStart = cutBlocks(counts);
  }

  public int agents() {
    return counts.length;
  }

  public int items() {
    return itemCommunity.length;
  }

  public int communities() {
    return localRank.length;
  }

  /** The community of {@code item}. */
  public int communityOf(int item) {
    return itemCommunity[item];
  }

  /** The primary community of {@code agent}. */
  public int primaryCommunity(int agent) {
    return primary[agent];
  }

  /** The second community of {@code agent}, or -1 when it has one community only. */
  public int secondaryCommunity(int agent) {
    return secondary[agent];
  }

  /** Whether {@code item} belongs to one of {@code agent}'s communities. */
  public boolean inCommunities(int agent, int item) {
    int c = itemCommunity[item];
    return c == primary[agent] || c == secondary[agent];
  }

  /** How many events {@code agent} has. */
  public int eventsOf(int agent) {
    return counts[agent];
  }

  /** The item at global popularity rank {@code rank} (0 = the most popular by construction). */
  public int itemAtRank(int rank) {
    return itemAtRank[rank];
  }

  int blocks() {
    return blockStart.length - 1;
  }

  int blockFirstAgent(int block) {
    return blockStart[block];
  }

  int blockEndAgent(int block) {
    return blockStart[block + 1];
  }

  int eventsIn(int fromAgent, int toAgent) {
    int e = 0;
    for (int a = fromAgent; a < toAgent; a++) {
      e += counts[a];
    }
    return e;
  }

  /** A popular item from the whole catalogue. */
  int sampleGlobal(SplitMix64 rng) {
    return itemAtRank[globalRank.sample(rng)];
  }

  /** A popular item from {@code community}. */
  int sampleCommunity(int community, SplitMix64 rng) {
    return members[memberStart[community] + localRank[community].sample(rng)];
  }

  /** Any member of {@code community}, uniformly. */
  int anyOfCommunity(int community, SplitMix64 rng) {
    int start = memberStart[community];
    return members[start + rng.nextInt(memberStart[community + 1] - start)];
  }

  private int[] groupByCommunity(int c) {
    for (int item : itemAtRank) {
      memberStart[itemCommunity[item] + 1]++;
    }
    for (int k = 0; k < c; k++) {
      memberStart[k + 1] += memberStart[k];
    }
    int[] next = memberStart.clone();
    int[] out = new int[itemAtRank.length];
    for (int item : itemAtRank) { // ranks ascend, so each community's list ends up in rank order
      out[next[itemCommunity[item]]++] = item;
    }
    return out;
  }

  private AliasSampler[] communitySamplers(int c, double skew) {
    Map<Integer, AliasSampler> bySize = new HashMap<>();
    AliasSampler[] out = new AliasSampler[c];
    for (int k = 0; k < c; k++) {
      int size = memberStart[k + 1] - memberStart[k];
      out[k] = bySize.computeIfAbsent(size, z -> new AliasSampler(AliasSampler.zipfWeights(z, skew)));
    }
    return out;
  }

  private void drawAgents(SyntheticScenario s, double[] activity) {
    AliasSampler community = new AliasSampler(AliasSampler.zipfWeights(s.communities(), s.communitySkew()));
    SplitMix64 rng = new SplitMix64(SplitMix64.streamSeed(s.seed(), AGENT_STREAM, 0));
    for (int a = 0; a < activity.length; a++) {
      activity[a] = StrictMath.exp(s.activitySigma() * rng.nextGaussian());
      primary[a] = community.sample(rng);
      secondary[a] = rng.nextDouble() < s.secondaryCommunityShare() ? other(primary[a], community, rng) : -1;
    }
  }

  /** A community other than {@code first}, or -1 when there is no other. */
  private static int other(int first, AliasSampler community, SplitMix64 rng) {
    int c = community.size();
    if (c == 1) {
      return -1;
    }
    for (int tries = 0; tries < 8; tries++) {
      int k = community.sample(rng);
      if (k != first) {
        return k;
      }
    }
    return (first + 1 + rng.nextInt(c - 1)) % c; // uniform among the others: only for very skewed draws
  }

  private static int[] cutBlocks(int[] counts) {
    int n = counts.length;
    int[] starts = new int[n + 1];
    int blocks = 0;
    long inBlock = 0;
    for (int a = 0; a < n; a++) {
      if (inBlock == 0) {
        starts[blocks++] = a;
      }
      inBlock += counts[a];
      if (inBlock >= BLOCK_EVENTS) {
        inBlock = 0;
      }
    }
    starts[blocks] = n;
    return Arrays.copyOf(starts, blocks + 1);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher and Yates, in Durstenfeld's in-place form). */
  private static int[] permutation(int n, SplitMix64 rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
