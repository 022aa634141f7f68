package io.swarmrec.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often each user has been seen lately, in constant memory: the access-pattern tracker behind the
 * adaptive TTL (new / regular / frequent users) and the list of most active users to warm.
 *
 * <p>A count-min sketch (Cormode and Muthukrishnan, "An improved data stream summary: the count-min
 * sketch and its applications", 2005): four rows of byte counters, a key increments one counter per row
 * and its estimate is the row minimum, which never undercounts. Updates are conservative (Estan and
 * Varghese, "New directions in traffic measurement and accounting", 2002): only the counters equal to
 * the minimum grow, which cuts the overcount from collisions. Counters saturate at 255.
 *
 * <p>Old activity fades by halving every counter once per half-life, the aging of TinyLFU (Einziger,
 * Friedman and Manes, "TinyLFU: a highly efficient cache admission policy", 2017). TinyLFU halves after a
 * fixed number of samples; here the period is wall time, so that "frequent" means requests per hour
 * whatever the total traffic. The halving pass runs on the thread that notices the period has passed.
 *
 * <p>Layout: a key's four counters share one 64-byte block (one cache line), one counter in each 16-byte
 * quarter, as in Caffeine's FrequencySketch and in blocked Bloom filters (Putze, Sanders and Singler,
 * "Cache-, hash- and space-efficient Bloom filters", 2007): a sighting costs one cache miss instead of
 * four, for the same per-row collision rate (1/16 within the block times 1/blocks). Counter updates are
 * plain racy writes: concurrent increments of the same counter may lose one, which an estimate tolerates
 * (Caffeine makes the same trade) and which keeps the hot path free of atomics. Whether a half-life has
 * passed is checked on about one sighting in 64 (picked by hash bits, so no shared counter is written)
 * and on every estimate, which keeps a clock read off most sightings.
 */
final class AgingCountMinSketch {
  static final int MAX_COUNT = 255;
  private static final int ROWS = 4;

  private static final int BLOCK = 64;
  private static final int QUARTER = BLOCK / ROWS;

  private final byte[] table;
  private final int blockMask;
  private final Ticker ticker;
  private final long halfLifeNanos;
  private final AtomicLong nextAging;
  private volatile int halvings;

  AgingCountMinSketch(int expectedKeys, long halfLifeNanos, Ticker ticker) {
    int width = Integer.highestOneBit(Math.max(64, expectedKeys - 1) << 1);
    table = new byte[ROWS * width];
    blockMask = table.length / BLOCK - 1;
    this.ticker = ticker;
    this.halfLifeNanos = halfLifeNanos;
    this.nextAging = new AtomicLong(ticker.read() + halfLifeNanos);
  }

  /** Counts one sighting of {@code key} and returns its new estimate. */
  int increment(String key) {
    int h1 = spread(key.hashCode());
    if (h1 >>> 26 == 0) {
      age();
    }
    int h2 = rehash(h1);
    int min = minimum(h1, h2);
    if (min < MAX_COUNT) {
      for (int row = 0; row < ROWS; row++) {
        int i = index(row, h1, h2);
        if ((table[i] & 0xFF) == min) {
          table[i] = (byte) (min + 1);
        }
      }
      min++;
    }
    return min;
  }

  int estimate(String key) {
    age();
    int h1 = spread(key.hashCode());
    return minimum(h1, rehash(h1));
  }

  /** How many times the counters have been halved so far: lets callers decay numbers they keep. */
  int halvings() {
    return halvings;
  }

  private int minimum(int h1, int h2) {
    int min = MAX_COUNT;
    for (int row = 0; row < ROWS; row++) {
      min = Math.min(min, table[index(row, h1, h2)] & 0xFF);
    }
    return min;
  }

  /** Block from the low bits of h1, then a position in the row's quarter of the block from h2. */
  private int index(int row, int h1, int h2) {
    return (h1 & blockMask) * BLOCK + row * QUARTER + ((h2 >>> (4 * row)) & (QUARTER - 1));
  }

  private void age() {
    long due = nextAging.get();
    long now = ticker.read();
    if (now - due < 0) {
      return;
    }
    long periods = 1 + (now - due) / halfLifeNanos;
    if (nextAging.compareAndSet(due, due + periods * halfLifeNanos)) {
      int shift = (int) Math.min(8, periods); // eight halvings empty a byte counter
      for (int i = 0; i < table.length; i++) {
        table[i] = (byte) ((table[i] & 0xFF) >>> shift);
      }
      halvings += shift; // only the CAS winner writes
    }
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static int rehash(int h) {
    h *= 0x85EBCA6B;
    return h ^ (h >>> 13);
  }
}
