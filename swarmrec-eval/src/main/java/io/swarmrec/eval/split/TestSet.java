package io.swarmrec.eval.split;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.io.EventSink;
import java.util.Arrays;

/**
 * The held-out items of each user, in the dense ids of the training snapshot they are evaluated against.
 * {@link #known()} holds, per training user, the relevant items the training catalogue knows (ascending;
 * values unused by the metrics); {@link #unknownItems(int)} counts the relevant items it does not know:
 * they can never be recommended, yet they stay in the user's relevant set so that recall is not
 * flattered by dropping them. Test users unknown to the training data cannot be scored and are skipped;
 * {@link #skippedUsers()} says how many.
 */
public final class TestSet {
  private final CsrMatrix known;
  private final int[] unknown;
  private final int skippedUsers;
  private final long skippedEvents;

  TestSet(CsrMatrix known, int[] unknown, int skippedUsers, long skippedEvents) {
    if (unknown.length != known.rows()) {
      throw new IllegalArgumentException("unknown counts for " + unknown.length + " users, matrix has "
          + known.rows());
    }
    this.known = known;
    this.unknown = unknown;
    this.skippedUsers = skippedUsers;
    this.skippedEvents = skippedEvents;
  }

  /** A builder that maps test events onto {@code train}'s dictionaries; it is an {@link EventSink}. */
  public static Builder builder(Interactions train) {
    return new Builder(train);
  }

  /** Number of users (the training snapshot's). */
  public int numUsers() {
    return known.rows();
  }

  /** Relevant items known to the training catalogue: users x items, item ids ascending per row. Read-only. */
  public CsrMatrix known() {
    return known;
  }

  /** Relevant items of {@code user} missing from the training catalogue. */
  public int unknownItems(int user) {
    return unknown[user];
  }

  /** All relevant items of {@code user}, known or not. */
  public int relevantCount(int user) {
    return known.rowLength(user) + unknown[user];
  }

  /** Users with at least one relevant item, ascending: the users an evaluation averages over. */
  public int[] evaluableUsers() {
    int[] out = new int[numUsers()];
    int n = 0;
    for (int u = 0; u < out.length; u++) {
      if (relevantCount(u) > 0) {
        out[n++] = u;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Relevant (user, item) pairs in total, unknown items included. */
  public long totalRelevant() {
    long n = known.nnz();
    for (int c : unknown) {
      n += c;
    }
    return n;
  }

  /**
   * This test set with only the known entries whose value is at least {@code minValue} kept relevant
   * (e.g. ratings >= 4 of a holdout cut from rated data, {@link Splits#randomHoldout}); unknown items are
   * kept as they are. For a test set read from a file, filter while reading instead (the builder does
   * not keep values).
   */
  public TestSet relevantAtLeast(float minValue) {
    int rows = known.rows();
    int[] indptr = new int[rows + 1];
    int[] src = known.indices();
    float[] values = known.values();
    int[] indices = new int[known.nnz()];
    float[] kept = new float[known.nnz()];
    int q = 0;
    for (int u = 0; u < rows; u++) {
      for (int p = known.rowStart(u), end = known.rowEnd(u); p < end; p++) {
        if (values[p] >= minValue) {
          indices[q] = src[p];
          kept[q++] = values[p];
        }
      }
      indptr[u + 1] = q;
    }
    CsrMatrix m = new CsrMatrix(rows, known.cols(), indptr, Arrays.copyOf(indices, q), Arrays.copyOf(kept, q), null);
    return new TestSet(m, unknown, skippedUsers, skippedEvents);
  }

  /** Distinct test users absent from the training data. */
  public int skippedUsers() {
    return skippedUsers;
  }

  /** Test events of those users. */
  public long skippedEvents() {
    return skippedEvents;
  }

  /**
   * Collects test events onto a training snapshot. Repeated (user, item) events count once. Items the
   * training catalogue lacks get provisional ids past its end, so they too are de-duplicated per user
   * before being counted as unknown. Not thread-safe.
   */
  public static final class Builder implements EventSink {
    private final Interactions train;
    private final IdDictionary unknownItems = new IdDictionary();
    private final IdDictionary skipped = new IdDictionary();
    private long skippedEvents;
    private long[] pairs = new long[1024];
    private int size;

    private Builder(Interactions train) {
      this.train = train;
    }

    @Override
    public void accept(String user, String item, float value, long epochSecond) {
      int u = train.users().get(user);
      if (u == IdDictionary.ABSENT) {
        skipped.getOrAdd(user);
        skippedEvents++;
        return;
      }
      int i = train.items().get(item);
      if (i == IdDictionary.ABSENT) {
        i = train.numItems() + unknownItems.getOrAdd(item);
      }
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, size + (size >> 1));
      }
      pairs[size++] = (long) u << 32 | i;
    }

    public TestSet build() {
      long[] sorted = Arrays.copyOf(pairs, size);
      Arrays.parallelSort(sorted);
      int numUsers = train.numUsers();
      int numItems = train.numItems();
      int[] indptr = new int[numUsers + 1];
      int[] indices = new int[size];
      int[] unknown = new int[numUsers];
      int n = 0;
      for (int p = 0; p < size; p++) {
        if (p > 0 && sorted[p] == sorted[p - 1]) {
          continue;
        }
        int u = (int) (sorted[p] >>> 32);
        int i = (int) sorted[p];
        if (i >= numItems) {
          unknown[u]++;
        } else {
          indices[n++] = i;
          indptr[u + 1]++;
        }
      }
      for (int u = 0; u < numUsers; u++) {
        indptr[u + 1] += indptr[u];
      }
      float[] values = new float[n];
      Arrays.fill(values, 1f);
      CsrMatrix known = new CsrMatrix(numUsers, numItems, indptr, Arrays.copyOf(indices, n), values, null);
      return new TestSet(known, unknown, skipped.size(), skippedEvents);
    }
  }
}
