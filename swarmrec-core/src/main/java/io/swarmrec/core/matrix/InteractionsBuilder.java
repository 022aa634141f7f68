package io.swarmrec.core.matrix;

import io.swarmrec.core.IdDictionary;
import java.util.Arrays;

/**
 * Accumulates a stream of events into {@link Interactions}.
 *
 * <p>Mechanism: events are appended to four parallel primitive arrays (user, item, weight, time: 16 bytes
 * an event). When the buffer fills it is <em>consolidated</em>: two stable counting sorts, by item then by
 * user, order it by (user, item) in O(n + users + items), and repeated (user, item) pairs are merged, their
 * weights added and their latest time kept. The buffer only grows when the distinct pairs alone fill half
 * of it, so memory follows the number of distinct interactions, not the number of events, and
 * {@link #build} is one last consolidation followed by slicing the sorted arrays into CSR rows.
 *
 * <p>Options: {@link #logConfidence(boolean)} stores {@code log(1 + accumulated weight)} instead of the sum
 * (the confidence transform of Hu, Koren and Volinsky, ICDM 2008, with alpha folded into the event weights);
 * {@link #keepTimes(boolean)} drops timestamps when nothing needs them.
 *
 * <p>Not thread-safe.
 */
public final class InteractionsBuilder {
  private final IdDictionary users;
  private final IdDictionary items;
  private final EventWeights weights;
  private int[] u;
  private int[] it;
  private float[] w;
  private int[] t;
  private int size;
  private int consolidated; // size right after the last consolidation
  private boolean logConfidence;
  private boolean keepTimes = true;
  private long events;

  public InteractionsBuilder() {
    this(EventWeights.defaults());
  }

  public InteractionsBuilder(EventWeights weights) {
    this(weights, new IdDictionary(), new IdDictionary(), 1 << 16);
  }

  /** A builder that extends existing dictionaries (their ids are kept; new keys get new ids). */
  public InteractionsBuilder(EventWeights weights, IdDictionary users, IdDictionary items, int initialCapacity) {
    this.weights = weights;
    this.users = users;
    this.items = items;
    int cap = Math.max(16, initialCapacity);
    u = new int[cap];
    it = new int[cap];
    w = new float[cap];
    t = new int[cap];
  }

  public InteractionsBuilder logConfidence(boolean on) {
    this.logConfidence = on;
    return this;
  }

  public InteractionsBuilder keepTimes(boolean on) {
    this.keepTimes = on;
    return this;
  }

  public IdDictionary users() {
    return users;
  }

  public IdDictionary items() {
    return items;
  }

  /** Events added so far. */
  public long events() {
    return events;
  }

  /** Adds one typed event; see {@link EventWeights#weight}. {@code epochSecond} may be {@link Long#MIN_VALUE} for none. */
  public void addEvent(String user, String item, String type, float value, long epochSecond) {
    add(user, item, weights.weight(type, value), epochSecond);
  }

  /** Adds one event with an explicit weight. */
  public void add(String user, String item, float weight, long epochSecond) {
    add(users.getOrAdd(user), items.getOrAdd(item), weight, epochSecond);
  }

  /** Adds one event by dense ids, which must already exist in the dictionaries. */
  public void add(int user, int item, float weight, long epochSecond) {
    if (user < 0 || user >= users.size() || item < 0 || item >= items.size()) {
      throw new IllegalArgumentException("unknown dense id: user " + user + ", item " + item);
    }
    if (!Float.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite, got " + weight);
    }
    if (size == u.length) {
      consolidate();
      if (size > u.length / 2) {
        grow();
      }
    }
    u[size] = user;
    it[size] = item;
    w[size] = weight;
    t[size] = epochSecond == Long.MIN_VALUE ? Interactions.NO_TIME : Interactions.encodeTime(epochSecond);
    size++;
    events++;
  }

  /** Builds the snapshot. The builder may keep receiving events afterwards. */
  public Interactions build() {
    consolidate();
    int nu = users.size();
    int ni = items.size();
    int[] indptr = new int[nu + 1];
    for (int p = 0; p < size; p++) {
      indptr[u[p] + 1]++;
    }
    for (int r = 0; r < nu; r++) {
      indptr[r + 1] += indptr[r];
    }
    int[] indices = Arrays.copyOf(it, size);
    float[] values = Arrays.copyOf(w, size);
    if (logConfidence) {
      for (int p = 0; p < size; p++) {
        values[p] = (float) Math.log1p(Math.max(0f, values[p]));
      }
    }
    int[] times = keepTimes ? Arrays.copyOf(t, size) : null;
    CsrMatrix byUser = new CsrMatrix(nu, ni, indptr, indices, values, times);
    return new Interactions(users.copy(), items.copy(), byUser);
  }

  private void grow() {
    int cap = u.length + (u.length >> 1) + 16;
    u = Arrays.copyOf(u, cap);
    it = Arrays.copyOf(it, cap);
    w = Arrays.copyOf(w, cap);
    t = Arrays.copyOf(t, cap);
  }

  /** Sorts the buffer by (user, item) and merges duplicates in place (through one scratch copy). */
  private void consolidate() {
    if (size == consolidated) {
      return; // nothing appended since the buffer was last sorted and merged
    }
    int n = size;
    int[] u2 = new int[n];
    int[] i2 = new int[n];
    float[] w2 = new float[n];
    int[] t2 = new int[n];
    // pass 1: stable counting sort by item into the scratch arrays
    countingSort(it, items.size(), u, it, w, t, u2, i2, w2, t2, n);
    // pass 2: stable counting sort by user back into the buffer: now ordered by (user, item)
    countingSort(u2, users.size(), u2, i2, w2, t2, u, it, w, t, n);
    int out = 0;
    for (int p = 0; p < n; p++) {
      if (out > 0 && u[out - 1] == u[p] && it[out - 1] == it[p]) {
        w[out - 1] += w[p];
        if (t[p] > t[out - 1]) {
          t[out - 1] = t[p];
        }
      } else {
        u[out] = u[p];
        it[out] = it[p];
        w[out] = w[p];
        t[out] = t[p];
        out++;
      }
    }
    size = out;
    consolidated = out;
  }

  private static void countingSort(int[] key, int keys, int[] su, int[] si, float[] sw, int[] st,
      int[] du, int[] di, float[] dw, int[] dt, int n) {
    int[] next = new int[keys + 1];
    for (int p = 0; p < n; p++) {
      next[key[p] + 1]++;
    }
    for (int k = 0; k < keys; k++) {
      next[k + 1] += next[k];
    }
    for (int p = 0; p < n; p++) {
      int q = next[key[p]]++;
      du[q] = su[p];
      di[q] = si[p];
      dw[q] = sw[p];
      dt[q] = st[p];
    }
  }
}
