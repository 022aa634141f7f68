package io.swarmrec.eval.synthetic;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * A synthetic interaction log for the million-agent scenario: N agents, M items and exactly E events with
 * Zipf item popularity, lognormal (heavy-tailed) agent activity and interest communities, generated
 * deterministically from a seed. The parameters are validated here, once; {@link #builder()} gives the
 * defaults of the design brief (1,000,000 agents, 200,000 items, 50,000,000 interactions).
 *
 * <p>Model: items are split into C communities; every agent has a primary community and possibly a second
 * one. Each event picks, with probability {@code inCommunityShare}, a popular item of the agent's
 * communities (Zipf within the community), otherwise a popular item of the whole catalogue (Zipf over
 * all items), avoiding repeats of the agent's earlier items so that E is close to the number of distinct
 * (agent, item) pairs. Kinds follow a fixed mix (views mostly); times are uniform over the window and
 * increasing per agent. {@link SyntheticWorld} keeps the ground truth. The model is deliberately plain
 * (popularity plus latent groups) so that every statistic a test checks has a clear expected value; at
 * the default scale about 80% of an agent's events fall in its communities and the top 1% of items take
 * about a quarter of all events.
 *
 * <p>Determinism: the same parameters give the same events and byte-identical files on any machine, JDK
 * or thread count. Every agent draws from its own random stream seeded by (seed, agent); work is split
 * into blocks that depend only on the data, and blocks are delivered in order.
 *
 * <p>File format ({@link #writeTsv}): header-less TSV, one event a line, ordered by agent then time:
 * {@code a<agent> TAB i<item> TAB value TAB epochSecond TAB view|like|share|rating}, where agent and item
 * are plain decimal numbers ({@code a0 .. a<N-1>}, {@code i0 .. i<M-1>}), value is the rating (1..5) for
 * ratings and 1 otherwise. Paths ending in {@code .gz} get gzip made of concatenated members (one per
 * block of agents, RFC 1952 section 2.2, readable by any gzip reader).
 */
public final class SyntheticScenario {
  /** Upper bound on a single agent's events, which keeps every block buffer far below 2 GB. */
  public static final int MAX_EVENTS_PER_AGENT_LIMIT = 1 << 24;

  private final int agents;
  private final int items;
  private final long interactions;
  private final int communities;
  private final long seed;
  private final double inCommunityShare;
  private final double secondaryCommunityShare;
  private final double itemSkew;
  private final double communitySkew;
  private final double activitySigma;
  private final int minEventsPerAgent;
  private final int maxEventsPerAgent;
  private final double likeShare;
  private final double shareShare;
  private final double ratingShare;
  private final long startEpochSecond;
  private final int days;
  private volatile SyntheticWorld world;

  private SyntheticScenario(Builder b) {
    agents = atLeast("agents", b.agents, 1);
    items = atLeast("items", b.items, 1);
    if (b.interactions < agents) {
      throw new IllegalArgumentException("interactions must be >= agents (" + agents
          + ") so that every agent has an event, got " + b.interactions);
    }
    interactions = b.interactions;
    communities = b.communities > 0 ? b.communities : defaultCommunities(items);
    if (communities > items) {
      throw new IllegalArgumentException("communities must be in [1, items = " + items + "], got " + communities);
    }
    seed = b.seed;
    inCommunityShare = fraction("inCommunityShare", b.inCommunityShare);
    secondaryCommunityShare = fraction("secondaryCommunityShare", b.secondaryCommunityShare);
    itemSkew = nonNegative("itemSkew", b.itemSkew);
    communitySkew = nonNegative("communitySkew", b.communitySkew);
    activitySigma = nonNegative("activitySigma", b.activitySigma);
    minEventsPerAgent = b.minEventsPerAgent > 0 ? b.minEventsPerAgent : (int) Math.min(3, interactions / agents);
    maxEventsPerAgent = b.maxEventsPerAgent > 0 ? b.maxEventsPerAgent
        : Math.max(minEventsPerAgent, Math.min(MAX_EVENTS_PER_AGENT_LIMIT, items / 4));
    checkActivityBounds();
    likeShare = fraction("likeShare", b.likeShare);
    shareShare = fraction("shareShare", b.shareShare);
    ratingShare = fraction("ratingShare", b.ratingShare);
    if (likeShare + shareShare + ratingShare > 1) {
      throw new IllegalArgumentException("likeShare + shareShare + ratingShare must be <= 1, got "
          + (likeShare + shareShare + ratingShare));
    }
    if (b.startEpochSecond < 0) {
      throw new IllegalArgumentException("startEpochSecond must be >= 0, got " + b.startEpochSecond);
    }
    startEpochSecond = b.startEpochSecond;
    days = b.days;
    if (days < 1 || days > 3650) {
      throw new IllegalArgumentException("days must be in [1, 3650], got " + days);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default number of communities: sqrt(items / 5), so 200 for 200,000 items (1,000 items each). */
  static int defaultCommunities(int items) {
    return (int) Math.max(1, Math.round(Math.sqrt(items / 5.0)));
  }

  /** The external id of agent number {@code agent}: {@code a<agent>}. */
  public static String agentId(int agent) {
    return "a" + agent;
  }

  /** The external id of item number {@code item}: {@code i<item>}. */
  public static String itemId(int item) {
    return "i" + item;
  }

  /** The ground truth (communities, per-agent counts); built on first use (12 bytes per agent). */
  public SyntheticWorld world() {
    SyntheticWorld w = world;
    if (w == null) {
      synchronized (this) {
        w = world;
        if (w == null) {
          world = w = new SyntheticWorld(this);
        }
      }
    }
    return w;
  }

  /**
   * Streams every event into {@code sink} on the calling thread, in file order, while {@code threads}
   * workers generate ahead. The same events, in the same order, as {@link #writeTsv}.
   */
  public void generate(EventSink sink, int threads) {
    Objects.requireNonNull(sink, "sink");
    checkThreads(threads);
    OrderedPipeline.run(world().blocks(), threads, blockProducer(), block -> block.replay(sink, startEpochSecond));
  }

  /**
   * The events as {@link Interactions}, identical to loading the {@link #writeTsv} file into an
   * {@link InteractionsBuilder} with the same weights (same id dictionaries, same matrices), minus the
   * parsing. The builder is sized for all events at once: 16 bytes an event while building.
   */
  public Interactions toInteractions(EventWeights weights, int threads) {
    int capacity = (int) Math.min(interactions, Integer.MAX_VALUE - 16);
    InteractionsBuilder builder = new InteractionsBuilder(weights, new IdDictionary(agents),
        new IdDictionary(items), capacity);
    generate(new BuilderSink(builder, weights, agents, items), threads);
    return builder.build();
  }

  /**
   * Writes the events to {@code out} in the format above: gzip when the name ends in {@code .gz}, at
   * deflate {@code level} 0..9 (1 is fastest), plain text otherwise. Output goes to a sibling
   * {@code .part} file renamed at the end, so a failed run never leaves a truncated file behind.
   * {@code progress} receives the number of events written so far, after each block.
   *
   * @return the bytes written
   */
  public long writeTsv(Path out, int threads, int level, LongConsumer progress) throws IOException {
    Objects.requireNonNull(progress, "progress");
    checkThreads(threads);
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("compression level must be in [0, 9], got " + level);
    }
    return TsvFileWriter.write(this, out, threads, level, progress);
  }

  /** Makes block {@code b}'s events, with one simulator (and its scratch buffers) per worker thread. */
  OrderedPipeline.Producer<EventBlock> blockProducer() {
    SyntheticWorld w = world();
    ThreadLocal<AgentSimulator> simulators = ThreadLocal.withInitial(() -> new AgentSimulator(this, w));
    return b -> simulators.get().simulate(w.blockFirstAgent(b), w.blockEndAgent(b));
  }

  public int agents() {
    return agents;
  }

  public int items() {
    return items;
  }

  public long interactions() {
    return interactions;
  }

  public int communities() {
    return communities;
  }

  public long seed() {
    return seed;
  }

  public double inCommunityShare() {
    return inCommunityShare;
  }

  public double secondaryCommunityShare() {
    return secondaryCommunityShare;
  }

  public double itemSkew() {
    return itemSkew;
  }

  public double communitySkew() {
    return communitySkew;
  }

  public double activitySigma() {
    return activitySigma;
  }

  public int minEventsPerAgent() {
    return minEventsPerAgent;
  }

  public int maxEventsPerAgent() {
    return maxEventsPerAgent;
  }

  public double likeShare() {
    return likeShare;
  }

  public double shareShare() {
    return shareShare;
  }

  public double ratingShare() {
    return ratingShare;
  }

  public long startEpochSecond() {
    return startEpochSecond;
  }

  public int days() {
    return days;
  }

  @Override
  public String toString() {
    return "SyntheticScenario[agents=" + agents + ", items=" + items + ", interactions=" + interactions
        + ", communities=" + communities + ", seed=" + seed + ", inCommunityShare=" + inCommunityShare
        + ", secondaryCommunityShare=" + secondaryCommunityShare + ", itemSkew=" + itemSkew
        + ", communitySkew=" + communitySkew + ", activitySigma=" + activitySigma
        + ", eventsPerAgent=" + minEventsPerAgent + ".." + maxEventsPerAgent + ", likeShare=" + likeShare
        + ", shareShare=" + shareShare + ", ratingShare=" + ratingShare
        + ", startEpochSecond=" + startEpochSecond + ", days=" + days + "]";
  }

  private void checkActivityBounds() {
    if (maxEventsPerAgent < minEventsPerAgent || maxEventsPerAgent > MAX_EVENTS_PER_AGENT_LIMIT) {
      throw new IllegalArgumentException("maxEventsPerAgent must be in [minEventsPerAgent = " + minEventsPerAgent
          + ", " + MAX_EVENTS_PER_AGENT_LIMIT + "], got " + maxEventsPerAgent);
    }
    long least = (long) agents * minEventsPerAgent;
    long most = (long) agents * maxEventsPerAgent;
    if (interactions < least || interactions > most) {
      throw new IllegalArgumentException("interactions must be in [" + least + ", " + most + "] for " + agents
          + " agents with " + minEventsPerAgent + ".." + maxEventsPerAgent + " events each, got " + interactions);
    }
  }

  private static void checkThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  private static int atLeast(String name, long v, int min) {
    if (v < min || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + Integer.MAX_VALUE + "], got " + v);
    }
    return (int) v;
  }

  private static double fraction(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
    return v;
  }

  private static double nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
    }
    return v;
  }

  /** Parameters with the defaults of the design brief; {@link #build()} validates them all. */
  public static final class Builder {
    private long agents = 1_000_000;
    private long items = 200_000;
    private long interactions = 50_000_000;
    private int communities;         // 0: sqrt(items / 5)
    private long seed = 42;
    private double inCommunityShare = 0.8;
    private double secondaryCommunityShare = 0.3;
    private double itemSkew = 1.0;
    private double communitySkew = 0.5;
    private double activitySigma = 1.2;
    private int minEventsPerAgent;   // 0: min(3, interactions / agents)
    private int maxEventsPerAgent;   // 0: max(min, items / 4)
    private double likeShare = 0.10;
    private double shareShare = 0.03;
    private double ratingShare = 0.0;
    private long startEpochSecond = 1_704_067_200L; // 2024-01-01T00:00:00Z
    private int days = 30;

    private Builder() {}

    public Builder agents(long n) {
      agents = n;
      return this;
    }

    public Builder items(long m) {
      items = m;
      return this;
    }

    public Builder interactions(long e) {
      interactions = e;
      return this;
    }

    /** Number of interest communities; default sqrt(items / 5). */
    public Builder communities(int c) {
      if (c < 1) {
        throw new IllegalArgumentException("communities must be >= 1, got " + c);
      }
      communities = c;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /** Probability that an event picks from the agent's communities rather than the whole catalogue (0.8). */
    public Builder inCommunityShare(double p) {
      inCommunityShare = p;
      return this;
    }

    /** Fraction of agents with a second community (0.3). */
    public Builder secondaryCommunityShare(double p) {
      secondaryCommunityShare = p;
      return this;
    }

    /** Zipf exponent of item popularity, globally and within communities (1.0). */
    public Builder itemSkew(double s) {
      itemSkew = s;
      return this;
    }

    /** Zipf exponent of community sizes, in agents (0.5). */
    public Builder communitySkew(double s) {
      communitySkew = s;
      return this;
    }

    /** Sigma of the lognormal agent activity (1.2: the busiest agents have ~100 times the median). */
    public Builder activitySigma(double sigma) {
      activitySigma = sigma;
      return this;
    }

    /** Events per agent: at least {@code min} (default min(3, E/N)), at most {@code max} (default items/4). */
    public Builder eventsPerAgent(int min, int max) {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("events per agent need 1 <= min <= max, got " + min + ".." + max);
      }
      minEventsPerAgent = min;
      maxEventsPerAgent = max;
      return this;
    }

    /** Shares of like, share and rating events (0.10, 0.03, 0); views take the rest. */
    public Builder eventMix(double like, double share, double rating) {
      likeShare = like;
      shareShare = share;
      ratingShare = rating;
      return this;
    }

    /** Start of the time window, epoch seconds (2024-01-01T00:00:00Z). */
    public Builder startEpochSecond(long epochSecond) {
      startEpochSecond = epochSecond;
      return this;
    }

    /** Length of the time window in days (30). */
    public Builder days(int d) {
      days = d;
      return this;
    }

    public SyntheticScenario build() {
      return new SyntheticScenario(this);
    }
  }
}
