package io.swarmrec.core.matrix;

import io.swarmrec.core.IdDictionary;

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
 */
public final class Interactions {
  /** Epoch second that stored time offsets count from. */
  public static final long TIME_BASE = 1_577_836_800L;
  /** Stored time of an interaction without a timestamp. */
  public static final int NO_TIME = Integer.MIN_VALUE;

  private final IdDictionary users;
  private final IdDictionary items;
  private final CsrMatrix byUser;
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

  /** The latest interaction time, as epoch second, or {@link Long#MIN_VALUE} when none has a time. */
  public long latestEpochSecond() {
    int[] t = byUser.times();
    if (t == null) {
      return Long.MIN_VALUE;
    }
    int max = NO_TIME;
    for (int i = 0, n = byUser.nnz(); i < n; i++) {
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
