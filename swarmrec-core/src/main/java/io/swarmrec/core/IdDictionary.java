package io.swarmrec.core;

import java.util.Arrays;

/**
 * A two-way dictionary between external string ids and dense int ids {@code 0..size()-1}.
 *
 * <p>Design: external ids live only at the edges of the system; everything behind them works on dense
 * ints so that matrices, scores and caches can be plain arrays indexed by id. The dictionary is an
 * open-addressing hash table (linear probing, power-of-two capacity, load factor at most 1/2) whose slots
 * hold the dense id; the key itself is looked up in a parallel {@code String[]} indexed by that dense id,
 * and each slot's cached hash avoids most {@code String.equals} calls. A million ids cost about
 * 24 bytes per id of table plus the strings themselves, with no boxed {@code Integer} and no per-entry
 * node object (compare {@code HashMap<String,Integer>} at roughly 80 bytes per entry).
 *
 * <p>Lookups ({@link #get}, {@link #key}) are safe from many threads while no thread adds; {@link #getOrAdd}
 * must be externally serialised. {@link #copy()} gives an independent snapshot for copy-on-write use.
 */
public final class IdDictionary {
  /** Returned by {@link #get} when the key is absent. */
  public static final int ABSENT = -1;

  private String[] keys;
  private int[] slots; // dense id + 1, 0 = empty
  private int[] slotHash;
  private int size;

  public IdDictionary() {
    this(16);
  }

  public IdDictionary(int expectedSize) {
    int cap = Integer.highestOneBit(Math.max(4, expectedSize) * 2 - 1) << 1;
    keys = new String[Math.max(4, expectedSize)];
    slots = new int[cap];
    slotHash = new int[cap];
  }

  private IdDictionary(IdDictionary other) {
    keys = Arrays.copyOf(other.keys, other.keys.length);
    slots = other.slots.clone();
    slotHash = other.slotHash.clone();
    size = other.size;
  }

  /** Number of ids. */
  public int size() {
    return size;
  }

  /** The dense id of {@code key}, or {@link #ABSENT}. */
  public int get(String key) {
    int h = spread(key.hashCode());
    int mask = slots.length - 1;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      int v = slots[s];
      if (v == 0) {
        return ABSENT;
      }
      if (slotHash[s] == h && keys[v - 1].equals(key)) {
        return v - 1;
      }
    }
  }

  /** The dense id of {@code key}, assigning the next free id when it is new. */
  public int getOrAdd(String key) {
    int h = spread(key.hashCode());
    int mask = slots.length - 1;
    int s = h & mask;
    for (; ; s = (s + 1) & mask) {
      int v = slots[s];
      if (v == 0) {
        break;
      }
      if (slotHash[s] == h && keys[v - 1].equals(key)) {
        return v - 1;
      }
    }
    int id = size++;
    if (id == keys.length) {
      keys = Arrays.copyOf(keys, Math.max(8, keys.length + (keys.length >> 1)));
    }
    keys[id] = key;
    slots[s] = id + 1;
    slotHash[s] = h;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return id;
  }

  /** The external key of a dense id. */
  public String key(int id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException("id " + id + " not in [0, " + size + ")");
    }
    return keys[id];
  }

  /**
   * Bytes held, estimated for a 64-bit JVM with compressed references: the two int tables, the key
   * array and each key's String object (24 bytes) and Latin-1 byte array (16-byte header plus the
   * characters, 8-byte aligned). An estimate: a key with non-Latin-1 characters takes twice as many.
   */
  public long estimatedBytes() {
    long b = 16L + 4L * slots.length + 16L + 4L * slotHash.length + 16L + 4L * keys.length;
    for (int i = 0; i < size; i++) {
      b += 24 + ((16 + keys[i].length() + 7) & ~7);
    }
    return b;
  }

  /** An independent copy; later additions to either do not show in the other. */
  public IdDictionary copy() {
    return new IdDictionary(this);
  }

  private void rehash(int capacity) {
    int[] newSlots = new int[capacity];
    int[] newHash = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < slots.length; i++) {
      int v = slots[i];
      if (v != 0) {
        int s = slotHash[i] & mask;
        while (newSlots[s] != 0) {
          s = (s + 1) & mask;
        }
        newSlots[s] = v;
        newHash[s] = slotHash[i];
      }
    }
    slots = newSlots;
    slotHash = newHash;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9; // Fibonacci hashing scatters the low bits that linear probing uses
    return h ^ (h >>> 16);
  }
}
