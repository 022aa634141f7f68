package io.swarmrec.algo.rerank;

/**
 * Non-negative int keys to counts for one list being built (linear probing, grows when half full): the
 * caps' category and author counts and the set of items already placed. Sized from the list length, never
 * from the number of possible keys. Not thread-safe.
 */
final class IntCounts {
  private int[] keys;
  private int[] counts;
  private int size;

  IntCounts(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new int[cap];
    counts = new int[cap];
    java.util.Arrays.fill(keys, -1);
  }

  int get(int key) {
    int mask = keys.length - 1;
    for (int p = mix(key) & mask; ; p = (p + 1) & mask) {
      if (keys[p] == key) {
        return counts[p];
      }
      if (keys[p] == -1) {
        return 0;
      }
    }
  }

  void increment(int key) {
    add(key, 1);
  }

  /** Adds {@code delta} to the count of {@code key}. */
  void add(int key, int delta) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int p = mix(key) & mask;
    while (keys[p] != -1 && keys[p] != key) {
      p = (p + 1) & mask;
    }
    if (keys[p] == -1) {
      keys[p] = key;
      size++;
    }
    counts[p] += delta;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new int[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    java.util.Arrays.fill(keys, -1);
    int mask = keys.length - 1;
    for (int q = 0; q < oldKeys.length; q++) {
      if (oldKeys[q] != -1) {
        int p = mix(oldKeys[q]) & mask;
        while (keys[p] != -1) {
          p = (p + 1) & mask;
        }
        keys[p] = oldKeys[q];
        counts[p] = oldCounts[q];
      }
    }
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
