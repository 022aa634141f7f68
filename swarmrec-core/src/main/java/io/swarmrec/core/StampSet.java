package io.swarmrec.core;

/**
 * A set of small ints that clears in O(1): each member is marked with the current stamp, and
 * {@link #clear()} just moves to the next stamp. Built for per-request scratch state on hot paths
 * (the items a user has seen, an exclusion list) where clearing a bitset of 200,000 items per request
 * would cost more than the request itself. Not thread-safe: keep one per thread.
 */
public final class StampSet {
  private final int[] marks;
  private int stamp = 1;

  public StampSet(int capacity) {
    marks = new int[capacity];
  }

  public int capacity() {
    return marks.length;
  }

  public void clear() {
    if (++stamp == 0) { // wrapped after 2^32 clears: forget every old mark
      java.util.Arrays.fill(marks, 0);
      stamp = 1;
    }
  }

  public void add(int v) {
    marks[v] = stamp;
  }

  public boolean contains(int v) {
    return marks[v] == stamp;
  }
}
