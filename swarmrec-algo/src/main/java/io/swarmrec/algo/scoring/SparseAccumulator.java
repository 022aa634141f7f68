package io.swarmrec.algo.scoring;

import io.swarmrec.core.StampSet;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;

/**
 * Sums values per id over a dense array, remembering which ids were touched so that reading and
 * clearing cost O(touched) rather than O(capacity). This is the sparse-accumulator ("SPA") of sparse
 * matrix-vector products (Gilbert, Moler and Schreiber, "Sparse matrices in MATLAB", 1992): a request
 * touches a few thousand of 200,000 items, and a dense array beats any hash map at that ratio while a
 * {@link StampSet} makes clearing O(1). Not thread-safe: one per thread, see {@link ScratchPool}.
 */
public final class SparseAccumulator {
  private final float[] values;
  private final StampSet touchedSet;
  private final int[] touched;
  private int size;

  public SparseAccumulator(int capacity) {
    values = new float[capacity];
    touchedSet = new StampSet(capacity);
    touched = new int[capacity];
  }

  public void clear() {
    touchedSet.clear();
    size = 0;
  }

  /** Adds {@code v} to the sum of {@code id}. */
  public void add(int id, float v) {
    if (touchedSet.contains(id)) {
      values[id] += v;
    } else {
      touch(id, v);
    }
  }

  /** Sets the value of {@code id}, replacing any sum. */
  public void put(int id, float v) {
    if (touchedSet.contains(id)) {
      values[id] = v;
    } else {
      touch(id, v);
    }
  }

  private void touch(int id, float v) {
    touchedSet.add(id);
    values[id] = v;
    touched[size++] = id;
  }

  /** Adds {@code offsets[id]} to the sum of every touched id; untouched ids stay untouched. */
  public void addToTouched(float[] offsets) {
    for (int n = 0; n < size; n++) {
      int id = touched[n];
      values[id] += offsets[id];
    }
  }

  public boolean contains(int id) {
    return touchedSet.contains(id);
  }

  /** The value of {@code id}, 0 when untouched. */
  public float get(int id) {
    return touchedSet.contains(id) ? values[id] : 0f;
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
    heap.reset(k);
    for (int n = 0; n < size; n++) {
      int id = touched[n];
      float v = values[id];
      // the filter is a second random read: ask it only about candidates that could enter the heap
      if (v >= heap.threshold() && !filter.excludes(id)) {
        heap.offer(id, v);
      }
    }
    return heap.drain();
  }
}
