package io.swarmrec.algo;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.ParallelBlocks;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * "Recommend for these agents now", step after step, as an agent-based simulation asks: between two
 * steps most agents did nothing, so their answer cannot have changed, and only the agents whose inputs
 * changed are scored again. Every other answer is served from the previous step's table.
 *
 * <p>Model: an agent's answer is a pure function of the model and of the agent's inputs (its snapshot
 * history plus the events it has had since, which reach the scorer as {@link RecOptions#extraItems()}).
 * So an answer stays valid until the caller reports new inputs for that agent ({@link #changed}) or a
 * different model is used (every answer is invalid then, see {@link #stepWith}).
 * This is the memoisation of incremental computation (Acar, "Self-adjusting computation", 2005) reduced to
 * its simplest dependency structure, one input set per agent: the same idea as the service's cache
 * invalidation by user events, without the cache's eviction, expiry and string keys, so that a step is
 * deterministic (the same model, inputs and agents give the same answers, whatever was computed before
 * and however many threads score) and costs O(agents) array reads plus the rescoring of changed agents.
 *
 * <p>Layout: one table row of {@code k} ids and scores per agent (8 bytes per slot, 80 MB for a million
 * agents at k = 10), its length, the step that last scored it and one validity bit, allocated once. Rows being disjoint, the changed
 * agents are scored in parallel with no locking. A step runs at a time ({@link #step} is synchronized);
 * {@link #changed} may be called from any thread at any time: the validity bit is set before the agent's
 * inputs are read, so an event racing with its agent's rescoring leaves the bit cleared and the agent is
 * scored again at the next step rather than lost.
 */
public final class SimulationSteps {
  /** Agents one thread scores in a row: enough to reuse what the previous one left in cache. */
  static final int CHUNK = 256;

  /** Scores one agent for a step; called concurrently for different agents. */
  @FunctionalInterface
  public interface Scorer {
    ScoredIds score(int agent);
  }

  /**
   * What one step did.
   *
   * @param agents agents asked for
   * @param recomputed of which were scored again (the others came from the previous step)
   * @param seconds wall time of the step
   */
  public record Step(int agents, int recomputed, double seconds) {
    /** Agents answered per second of wall time. */
    public double agentsPerSecond() {
      return agents / Math.max(seconds, 1e-9);
    }
  }

  private final int capacity;
  private final int k;
  private final int[] ids;
  private final float[] scores;
  private final byte[] sizes; // k <= 127
  private final AtomicLongArray valid;
  private final int[] scoredAt; // the step number that last scored each agent, 0 = never
  private int stepNumber;
  private Object lastModel;

  /**
   * @param agents agent ids are {@code 0..agents-1}
   * @param k answer length, 1 to 127
   */
  public SimulationSteps(int agents, int k) {
    if (agents < 0) {
      throw new IllegalArgumentException("agents must be >= 0, got " + agents);
    }
    if (k < 1 || k > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("k must be in [1, " + Byte.MAX_VALUE + "], got " + k);
    }
    long slots = (long) agents * k;
    if (slots > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(agents + " agents x k " + k + " exceed one table");
    }
    this.capacity = agents;
    this.k = k;
    this.ids = new int[(int) slots];
    this.scores = new float[(int) slots];
    this.sizes = new byte[agents];
    this.valid = new AtomicLongArray((agents + 63) >>> 6);
    this.scoredAt = new int[agents];
  }

  public int agents() {
    return capacity;
  }

  public int k() {
    return k;
  }

  /** Reports new inputs for {@code agent} (an event, a forgotten history): it is scored again at the next step. */
  public void changed(int agent) {
    checkAgent(agent);
    long bit = 1L << agent;
    int w = agent >>> 6;
    long old;
    do {
      old = valid.get(w);
    } while ((old & bit) != 0 && !valid.compareAndSet(w, old, old & ~bit));
  }

  /** Every answer is scored again at the next step (a model swap, a deleted item). */
  public void changedAll() {
    for (int w = 0; w < valid.length(); w++) {
      valid.set(w, 0L);
    }
  }

  /** Whether {@code agent}'s answer is up to date with what {@link #changed} was told. */
  public boolean isValid(int agent) {
    checkAgent(agent);
    return (valid.get(agent >>> 6) & (1L << agent)) != 0;
  }

  /**
   * One step with {@code model}: scores {@code model.recommend(agent, k, inputs.apply(agent))} for the
   * agents that changed since their last answer, or for all of them when {@code model} is not the model of
   * the previous step, and serves the others from the table. {@code inputs} is called only for agents
   * that are scored and must be safe to call from several threads.
   */
  public synchronized Step step(Recommender model, int[] agents, IntFunction<RecOptions> inputs) {
    return stepWith(model, agents, a -> model.recommend(a, k, inputs.apply(a)), model::batchOrder);
  }

  /**
   * One step with a scorer of the caller's: {@code generation} identifies what the answers depend on
   * beyond each agent's own inputs (the model; compared by identity); when it differs from the previous
   * step's every agent is scored again. Answers longer than {@code k} are cut to {@code k}.
   */
  public synchronized Step stepWith(Object generation, int[] agents, Scorer scorer) {
    return stepWith(generation, agents, scorer, null);
  }

  /**
   * {@link #stepWith(Object, int[], Scorer)}, scoring the agents in the order {@code order} gives (positions into
   * the agents to score, as {@link Recommender#batchOrder}; null: as given), {@value #CHUNK} at a time per
   * thread: a full step of an item-kNN model then reads the index the way its batch does.
   */
  public synchronized Step stepWith(Object generation, int[] agents, Scorer scorer, UnaryOperator<int[]> order) {
    long t0 = System.nanoTime();
    int number = ++stepNumber;
    if (generation != lastModel) {
      changedAll();
      lastModel = generation;
    }
    int[] todo = new int[agents.length];
    int n = 0;
    for (int agent : agents) {
      checkAgent(agent);
      int w = agent >>> 6;
      long bit = 1L << agent;
      long old = valid.get(w);
      if ((old & bit) == 0) {
        // valid before the inputs are read: a change racing with the scoring clears it again
        while ((old & bit) == 0 && !valid.compareAndSet(w, old, old | bit)) {
          old = valid.get(w);
        }
        if ((old & bit) == 0) {
          todo[n++] = agent; // not a duplicate within this step
        }
      }
    }
    int count = n;
    try {
      int[] batch = Arrays.copyOf(todo, count);
      int[] at = order == null ? null : order.apply(batch);
      ParallelBlocks.run(count, CHUNK, Runtime.getRuntime().availableProcessors(), (w, b, from, to) -> {
        for (int i = from; i < to; i++) {
          int agent = batch[at == null ? i : at[i]];
          store(agent, scorer.score(agent), number);
        }
      });
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < count; i++) {
        changed(todo[i]); // whatever was stored is not to be trusted
      }
      throw e;
    }
    return new Step(agents.length, count, (System.nanoTime() - t0) / 1e9);
  }

  private void store(int agent, ScoredIds s, int number) {
    int len = Math.min(k, s.size());
    int at = agent * k;
    System.arraycopy(s.ids(), 0, ids, at, len);
    System.arraycopy(s.scores(), 0, scores, at, len);
    sizes[agent] = (byte) len;
    scoredAt[agent] = number;
  }

  /** Number of steps run so far (the first is 1). */
  public synchronized int steps() {
    return stepNumber;
  }

  /** The step that last scored {@code agent} (0: never); equal to {@link #steps()} when the last step did. */
  public synchronized int scoredAt(int agent) {
    checkAgent(agent);
    return scoredAt[agent];
  }

  /** The answer of {@code agent} at the last step that asked for it; empty before any. */
  public ScoredIds result(int agent) {
    checkAgent(agent);
    int at = agent * k;
    int len = sizes[agent];
    return new ScoredIds(Arrays.copyOfRange(ids, at, at + len), Arrays.copyOfRange(scores, at, at + len));
  }

  /** Number of ids in {@code agent}'s answer. */
  public int size(int agent) {
    return sizes[agent];
  }

  /** The {@code rank}-th id of {@code agent}'s answer, without copying. */
  public int id(int agent, int rank) {
    return ids[agent * k + rank];
  }

  /** The {@code rank}-th score of {@code agent}'s answer, without copying. */
  public float score(int agent, int rank) {
    return scores[agent * k + rank];
  }

  /** Bytes held by the table. */
  public long sizeInBytes() {
    return 8L * ids.length + sizes.length + 4L * scoredAt.length + 8L * valid.length();
  }

  private void checkAgent(int agent) {
    if (agent < 0 || agent >= capacity) {
      throw new IllegalArgumentException("agent id " + agent + " not in [0, " + capacity + ")");
    }
  }
}
