package io.swarmrec.core.matrix;

import io.swarmrec.core.IdDictionary;
import java.util.Set;

/**
 * An immutable snapshot of who interacted with what: the user and item dictionaries and the weighted
 * interaction matrix in both orientations, {@link #byUser()} (user -> items) and {@link #byItem()}
 * (item -> users), each sorted by id within a row. Built by {@link InteractionsBuilder}.
 *
 * <p>Times are stored as int seconds relative to {@link #TIME_BASE} (2020-01-01T00:00:00Z), which
 * covers 1952 to 2088 in four bytes; {@link #NO_TIME} marks an interaction without a timestamp.
 *
 * <p>Memory: the item-major orientation is derived from the user-major one, built on the first call of
 * {@link #byItem()} and kept. Training needs it (co-occurrence counts, popularity, item means), but an
 * item-kNN or popularity model serves from its own structures and the user rows alone, so a serving
 * process can {@link #dropItemMajor() drop} it after training: at a million users and 50 million
 * interactions that is 600 MB of the 1.2 GB the two orientations hold. A later {@link #byItem()} call
 * rebuilds it (a counting sort, seconds at that scale), so dropping is always safe, only slower when a
 * rarely used request (similar users) needs it again.
 *
 * <p>Models such as a binary item-kNN without time decay, or popularity once counted, serve from the user
 * rows' item ids alone (history and seen-item filter): their weights and times are another 8 bytes per
 * interaction, 400 MB at that scale. {@link #release} lets a serving process drop the {@link Part parts} no
 * model it serves reads. Unlike the item-major copy these cannot be rebuilt: afterwards the snapshot answers
 * {@link CsrMatrix#values()} with an {@link IllegalStateException} and has no times, so it must not be
 * trained on again (a server rebuilds from its store).
 */
public final class Interactions {
  /** Epoch second that stored time offsets count from. */
  public static final long TIME_BASE = 1_577_836_800L;
  /** Stored time of an interaction without a timestamp. */
  public static final int NO_TIME = Integer.MIN_VALUE;

  private final IdDictionary users;
  private final IdDictionary items;
  private volatile CsrMatrix byUser; // replaced only by release()
  private volatile CsrMatrix byItem; // derived from byUser; null until needed or after dropItemMajor()

  /** A snapshot whose item-major orientation is derived from {@code byUser} when first needed. */
  public Interactions(IdDictionary users, IdDictionary items, CsrMatrix byUser) {
    this(users, items, byUser, null);
  }

  /** @param byItem the transpose of {@code byUser}, or null to derive it when first needed */
  public Interactions(IdDictionary users, IdDictionary items, CsrMatrix byUser, CsrMatrix byItem) {
    if (byUser.rows() != users.size() || byUser.cols() != items.size()) {
      throw new IllegalArgumentException("matrix " + byUser.rows() + "x" + byUser.cols()
          + " does not match dictionaries " + users.size() + "x" + items.size());
    }
    this.users = users;
    this.items = items;
    this.byUser = byUser;
    this.byItem = byItem;
  }

  public IdDictionary users() {
    return users;
  }

  public IdDictionary items() {
    return items;
  }

  public int numUsers() {
    return byUser.rows();
  }

  public int numItems() {
    return byUser.cols();
  }

  public long numInteractions() {
    return byUser.nnz();
  }

  /** User -> items, weights and times. */
  public CsrMatrix byUser() {
    return byUser;
  }

  /** Item -> users, weights and times; built from {@link #byUser()} on the first call after construction or a drop. */
  public CsrMatrix byItem() {
    CsrMatrix m = byItem;
    if (m == null) {
      synchronized (this) {
        m = byItem;
        if (m == null) {
          m = byUser.transpose();
          byItem = m;
        }
      }
    }
    return m;
  }

  /**
   * Forgets the item-major orientation (see the class comment); the next {@link #byItem()} call rebuilds
   * it. Matrices already handed out stay valid. Returns the bytes released (0 when it was not held).
   */
  public long dropItemMajor() {
    synchronized (this) {
      CsrMatrix m = byItem;
      byItem = null;
      return m == null ? 0 : m.sizeInBytes();
    }
  }

  /** What a serving process may {@link #release} when no model it serves reads it. */
  public enum Part {
    /** Interaction weights (without them every history item counts as present, weight unknown). */
    WEIGHTS,
    /** Interaction times (decay, recency). */
    TIMES,
    /** The item-major copy; rebuilt on demand after release (see {@link #dropItemMajor()}). */
    ITEM_MAJOR
  }

  /**
   * Releases every part not in {@code keep} and returns the bytes freed. Releasing weights or times also
   * drops the item-major copy (a later {@link #byItem()} derives it without them). Matrices already handed
   * out stay valid; call this before serving, once every model is trained.
   */
  public long release(Set<Part> keep) {
    synchronized (this) {
      long before = matrixBytes();
      CsrMatrix u = byUser;
      if (!keep.contains(Part.WEIGHTS) && u.hasValues()) {
        u = u.withoutValues();
      }
      if (!keep.contains(Part.TIMES) && u.hasTimes()) {
        u = u.withoutTimes();
      }
      if (u != byUser || !keep.contains(Part.ITEM_MAJOR)) {
        byItem = null;
      }
      byUser = u;
      return before - matrixBytes();
    }
  }

  /** Whether the item-major orientation is currently held. */
  public boolean holdsItemMajor() {
    return byItem != null;
  }

  /** The stored time offset for an epoch second. */
  public static int encodeTime(long epochSecond) {
    long d = epochSecond - TIME_BASE;
    if (d <= Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timestamp out of range: " + epochSecond);
    }
    return (int) d;
  }

  /** The epoch second of a stored time offset; {@link Long#MIN_VALUE} for {@link #NO_TIME}. */
  public static long epochSecond(int stored) {
    return stored == NO_TIME ? Long.MIN_VALUE : TIME_BASE + stored;
  }

  /**
   * The "now" that time-decayed models measure ages from when none is given: the 99.9th percentile of the
   * interaction times, but never later than {@code wallClockSecond}. Unlike the latest time, a handful of
   * events dated in the future (a client's clock, a bad import) cannot move it: with the latest event as
   * now, one item dated 2087 would weigh 1 and every real item 0. {@link Long#MIN_VALUE} when none has a time.
   *
   * <p>Mechanism: a two-pass radix select over the 32-bit stored times (the high 16 bits, then the low 16
   * bits within the chosen bucket), O(n) with two arrays of 65,536 counters, no copy of the times.
   */
  public long robustNowEpochSecond(long wallClockSecond) {
    CsrMatrix u = byUser;
    int[] t = u.times();
    if (t == null) {
      return Long.MIN_VALUE;
    }
    long timed = 0;
    int[] high = new int[1 << 16];
    for (int i = 0, n = u.nnz(); i < n; i++) {
      if (t[i] != NO_TIME) {
        high[(t[i] >>> 16) ^ 0x8000]++; // sign flipped: buckets in numeric order
        timed++;
      }
    }
    if (timed == 0) {
      return Long.MIN_VALUE;
    }
    long rank = Math.min(timed - 1, (long) Math.ceil(0.999 * timed) - 1); // 0-based rank of the quantile
    int bucket = 0;
    long below = 0;
    while (below + high[bucket] <= rank) {
      below += high[bucket++];
    }
    int[] low = new int[1 << 16];
    int hi = bucket ^ 0x8000;
    for (int i = 0, n = u.nnz(); i < n; i++) {
      if (t[i] != NO_TIME && (t[i] >>> 16) == hi) {
        low[t[i] & 0xFFFF]++;
      }
    }
    int l = 0;
    while (below + low[l] <= rank) {
      below += low[l++];
    }
    long q = epochSecond(hi << 16 | l);
    return Math.min(q, wallClockSecond);
  }

  /** The latest interaction time, as epoch second, or {@link Long#MIN_VALUE} when none has a time. */
  public long latestEpochSecond() {
    CsrMatrix u = byUser;
    int[] t = u.times();
    if (t == null) {
      return Long.MIN_VALUE;
    }
    int max = NO_TIME;
    for (int i = 0, n = u.nnz(); i < n; i++) {
      if (t[i] > max) {
        max = t[i];
      }
    }
    return epochSecond(max);
  }

  /** Bytes held by the matrices currently held, both orientations when both are (dictionaries excluded). */
  public long matrixBytes() {
    CsrMatrix m = byItem;
    return byUser.sizeInBytes() + (m == null ? 0 : m.sizeInBytes());
  }
}
