package io.swarmrec.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A two-way dictionary between external string ids and dense int ids {@code 0..size()-1}.
 *
 * <p>Design: external ids live only at the edges of the system; everything behind them works on dense
 * ints so that matrices, scores and caches can be plain arrays indexed by id. The dictionary is an
 * open-addressing hash table (linear probing, power-of-two capacity, load factor at most 1/2) whose slots
 * hold the dense id, with each slot's hash cached so that most probes never compare keys.
 *
 * <p>Keys are not kept as {@code String} objects: their bytes are appended to one byte array and key
 * {@code i} is the range {@code offsets[i] .. offsets[i+1]}. Each UTF-16 unit is written as one to three
 * bytes in the UTF-8 bit layout (CESU-8: a surrogate is encoded on its own), which is one byte per
 * character for the usual ASCII ids and, unlike strict UTF-8, lossless for every Java string, malformed
 * ones included. A short id such as {@code a123456} costs
 * 7 bytes plus a 4-byte offset there, against about 52 bytes as a {@code String} (object header, fields,
 * its own byte array and the reference to it), so a million agent ids take 27 MB with the table instead of
 * 68 MB, and the garbage collector sees three arrays instead of two million objects. The price is that
 * {@link #key} builds a new {@code String} (a copy of a few bytes) and that lookups compare characters
 * with bytes; both are cheap next to the hashing they follow. This is the string pool layout of column
 * stores and of compact symbol tables (the "string heap" of Apache Arrow's variable-size binary layout).
 *
 * <p>Lookups ({@link #get}, {@link #key}) are safe from many threads while no thread adds; {@link #getOrAdd}
 * must be externally serialised. {@link #copy()} gives an independent snapshot for copy-on-write use.
 */
public final class IdDictionary {
  /** Returned by {@link #get} when the key is absent. */
  public static final int ABSENT = -1;

  private byte[] bytes; // the keys' UTF-8 bytes, back to back
  private int[] offsets; // key i is bytes[offsets[i] .. offsets[i + 1]); length >= size + 1
  private int[] slots; // dense id + 1, 0 = empty
  private int[] slotHash;
  private int size;

  public IdDictionary() {
    this(16);
  }

  public IdDictionary(int expectedSize) {
    int n = Math.max(4, expectedSize);
    int cap = Integer.highestOneBit(n * 2 - 1) << 1;
    bytes = new byte[Math.max(16, n * 8)];
    offsets = new int[n + 1];
    slots = new int[cap];
    slotHash = new int[cap];
  }

  private IdDictionary(IdDictionary other) {
    bytes = Arrays.copyOf(other.bytes, other.offsets[other.size]);
    offsets = Arrays.copyOf(other.offsets, other.size + 1);
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
      if (slotHash[s] == h && keyEquals(v - 1, key)) {
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
      if (slotHash[s] == h && keyEquals(v - 1, key)) {
        return v - 1;
      }
    }
    int id = size;
    if (id + 1 == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length + (offsets.length >> 1) + 1);
    }
    int at = offsets[id];
    int len = encodedLength(key);
    if (at + len > bytes.length) {
      long grown = Math.max((long) at + len, bytes.length + ((long) bytes.length >> 1));
      if (grown > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("dictionary keys exceed 2 GB");
      }
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
    encode(key, bytes, at);
    offsets[id + 1] = at + len;
    size++;
    slots[s] = id + 1;
    slotHash[s] = h;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return id;
  }

  /** The external key of a dense id (a new String on each call). */
  public String key(int id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException("id " + id + " not in [0, " + size + ")");
    }
    int from = offsets[id];
    int to = offsets[id + 1];
    for (int p = from; p < to; p++) {
      if (bytes[p] < 0) {
        return decode(from, to);
      }
    }
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1); // ASCII
  }

  /** Whether key {@code id} is {@code key}, compared unit by unit against the stored bytes, no allocation. */
  private boolean keyEquals(int id, String key) {
    int p = offsets[id];
    int end = offsets[id + 1];
    for (int i = 0, n = key.length(); i < n; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        if (p >= end || bytes[p++] != (byte) c) {
          return false;
        }
      } else if (c < 0x800) {
        if (p + 2 > end || bytes[p++] != (byte) (0xC0 | c >> 6) || bytes[p++] != (byte) (0x80 | c & 0x3F)) {
          return false;
        }
      } else if (p + 3 > end || bytes[p++] != (byte) (0xE0 | c >> 12) || bytes[p++] != (byte) (0x80 | c >> 6 & 0x3F)
          || bytes[p++] != (byte) (0x80 | c & 0x3F)) {
        return false;
      }
    }
    return p == end;
  }

  private static int encodedLength(String key) {
    int len = 0;
    for (int i = 0, n = key.length(); i < n; i++) {
      char c = key.charAt(i);
      len += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return len;
  }

  private static void encode(String key, byte[] out, int at) {
    for (int i = 0, n = key.length(); i < n; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3F);
      } else {
        out[at++] = (byte) (0xE0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | c & 0x3F);
      }
    }
  }

  private String decode(int from, int to) {
    char[] chars = new char[to - from];
    int n = 0;
    for (int p = from; p < to; ) {
      int b = bytes[p++] & 0xFF;
      if (b < 0x80) {
        chars[n++] = (char) b;
      } else if (b < 0xE0) {
        chars[n++] = (char) ((b & 0x1F) << 6 | bytes[p++] & 0x3F);
      } else {
        chars[n++] = (char) ((b & 0x0F) << 12 | (bytes[p++] & 0x3F) << 6 | bytes[p++] & 0x3F);
      }
    }
    return new String(chars, 0, n);
  }

  /**
   * Bytes held: the key bytes, the offsets and the two int tables, each array with its 16-byte header
   * (the arrays are allocated with some room to grow, counted too).
   */
  public long estimatedBytes() {
    return 64L + bytes.length + 4L * offsets.length + 4L * slots.length + 4L * slotHash.length;
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
