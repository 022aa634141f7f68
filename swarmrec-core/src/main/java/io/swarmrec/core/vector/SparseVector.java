package io.swarmrec.core.vector;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.matrix.CsrMatrix;
import java.util.Arrays;

/**
 * A growable sparse vector (parallel id and value arrays), used as per-thread scratch for a user's
 * history at request time: the snapshot's row merged with the events that arrived after it. Reused
 * across requests, so it allocates only when a history is longer than any seen before.
 *
 * <p>Ids are distinct: {@link #merge} adds to an existing entry (as the interaction builder does with
 * repeated events) instead of appending a duplicate. Order is not meaningful. Not thread-safe.
 */
public final class SparseVector {
  private int[] ids;
  private float[] values;
  private int size;
  private int sortedPrefix; // entries [0, sortedPrefix) are ascending by id (a copied CSR row)

  public SparseVector(int capacity) {
    ids = new int[Math.max(4, capacity)];
    values = new float[Math.max(4, capacity)];
  }

  public int size() {
    return size;
  }

  public int id(int p) {
    return ids[p];
  }

  public float value(int p) {
    return values[p];
  }

  /** The ids, valid in {@code [0, size())}. Read-only. */
  public int[] ids() {
    return ids;
  }

  /** The values, valid in {@code [0, size())}. Read-only. */
  public float[] values() {
    return values;
  }

  public void clear() {
    size = 0;
    sortedPrefix = 0;
  }

  /** Replaces the content with row {@code row} of {@code m} ({@code row < 0} leaves it empty). */
  public void setRow(CsrMatrix m, int row) {
    clear();
    if (row < 0) {
      return;
    }
    int from = m.rowStart(row);
    int n = m.rowEnd(row) - from;
    ensure(n);
    System.arraycopy(m.indices(), from, ids, 0, n);
    System.arraycopy(m.values(), from, values, 0, n);
    size = n;
    sortedPrefix = n;
  }

  /** Replaces the content with a copy of {@code other}. */
  public void copyFrom(SparseVector other) {
    ensure(other.size);
    System.arraycopy(other.ids, 0, ids, 0, other.size);
    System.arraycopy(other.values, 0, values, 0, other.size);
    size = other.size;
    sortedPrefix = other.sortedPrefix;
  }

  /** Adds {@code value} to entry {@code id}, creating it when absent. */
  public void merge(int id, float value) {
    int p = Arrays.binarySearch(ids, 0, sortedPrefix, id);
    if (p < 0) {
      p = sortedPrefix;
      while (p < size && ids[p] != id) {
        p++;
      }
    }
    if (p < size) {
      values[p] += value;
      return;
    }
    ensure(size + 1);
    ids[size] = id;
    values[size] = value;
    size++;
  }

  /** Merges parallel arrays of ids and values (e.g. a request's extra history). */
  public void mergeAll(int[] extraIds, float[] extraValues) {
    for (int i = 0; i < extraIds.length; i++) {
      merge(extraIds[i], extraValues[i]);
    }
  }

  /** Adds every id to {@code set}. */
  public void markIn(StampSet set) {
    for (int p = 0; p < size; p++) {
      set.add(ids[p]);
    }
  }

  private void ensure(int n) {
    if (n > ids.length) {
      int cap = Math.max(n, ids.length + (ids.length >> 1));
      ids = Arrays.copyOf(ids, cap);
      values = Arrays.copyOf(values, cap);
    }
  }
}
