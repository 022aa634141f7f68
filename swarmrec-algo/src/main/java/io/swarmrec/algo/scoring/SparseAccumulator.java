package io.swarmrec.algo.scoring;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;

/**
 * Sums values per id over a dense array, remembering which ids were touched so that reading and
 * clearing cost O(touched) rather than O(capacity). This is the sparse-accumulator ("SPA") of sparse
 * matrix-vector products (Gilbert, Moler and Schreiber, "Sparse matrices in MATLAB", 1992): a request
 * touches a few thousand of 200,000 items, and a dense array beats any hash map at that ratio. Not
 * thread-safe: one per thread, see {@link ScratchPool}.
 *
 * <p>Layout, chosen for the cache: membership is one bit per id (25 KB for 200,000 items, which stays
 * in the first- or second-level cache, where a stamp per id would be another 800 KB of random reads), and
 * the value array is kept all zero outside the touched ids, clearing walks the touched list and zeroes
 * what it wrote. Callers that only rank the sums and need no first-touch order should prefer
 * {@link BlockAccumulator}, whose adds do not depend on one another.
 */
public final class SparseAccumulator {
  private final float[] values; // zero at every id outside the touched list
  private final long[] marks; // bit id: touched since the last clear
  private final int[] touched;
  private int size;

  public SparseAccumulator(int capacity) {
    values = new float[capacity];
    marks = new long[(capacity + 63) >>> 6];
    touched = new int[capacity];
  }

  /** Forgets every sum; costs O(touched). */
  public void clear() {
    for (int n = 0; n < size; n++) {
      int id = touched[n];
      values[id] = 0f;
      marks[id >>> 6] = 0L;
    }
    size = 0;
  }

  /** Adds {@code v} to the sum of {@code id}. */
  public void add(int id, float v) {
    values[id] += v; // zero when untouched
    touch(id);
  }

  /** Sets the value of {@code id}, replacing any sum. */
  public void put(int id, float v) {
    values[id] = v;
    touch(id);
  }

  private void touch(int id) {
    long bit = 1L << id; // the shift uses the low six bits of id
    int w = id >>> 6;
    if ((marks[w] & bit) == 0) {
      marks[w] |= bit;
      touched[size++] = id;
    }
  }

  /** Adds {@code offsets[id]} to the sum of every touched id; untouched ids stay untouched. */
  public void addToTouched(float[] offsets) {
    for (int n = 0; n < size; n++) {
      int id = touched[n];
      values[id] += offsets[id];
    }
  }

  public boolean contains(int id) {
    return (marks[id >>> 6] & (1L << id)) != 0;
  }

  /** The value of {@code id}, 0 when untouched. */
  public float get(int id) {
    return values[id];
  }

  /** Number of distinct ids touched since the last {@link #clear()}. */
  public int size() {
    return size;
  }

  /** The {@code n}-th id touched, in first-touch order. */
  public int id(int n) {
    return touched[n];
  }

  /** Touched ids in first-touch order, positions {@code 0..size()-1}. Read-only, live. */
  public int[] ids() {
    return touched;
  }

  /** The {@code k} best touched ids that {@code filter} does not exclude, best first. */
  public ScoredIds top(int k, ItemFilter filter, TopK heap) {
    return top(k, filter, heap, null, null);
  }

  /**
   * The {@code k} best touched ids by sum plus {@code offsets[id]} that {@code filter} (over this
   * accumulator's ids) does not exclude, best first, reported and tie-broken as {@code idOf[id]}: the
   * accumulator may count in a renumbering of the caller's ids. Either array may be null (no offsets, the
   * identity). The sums themselves are left as they are; the float additions are those of
   * {@link #addToTouched} followed by {@link #top(int, ItemFilter, TopK)}, done in one pass.
   */
  public ScoredIds top(int k, ItemFilter filter, TopK heap, float[] offsets, int[] idOf) {
    heap.reset(k);
    for (int n = 0; n < size; n++) {
      int id = touched[n];
      float v = offsets == null ? values[id] : values[id] + offsets[id];
      // the filter is a second random read: ask it only about candidates that could enter the heap
      if (v >= heap.threshold() && !filter.excludes(id)) {
        heap.offer(idOf == null ? id : idOf[id], v);
      }
    }
    return heap.drain();
  }
}
