package io.swarmrec.cache;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local generation map: what makes an L1 entry invisible once its user, or everything, has been
 * invalidated, without finding and removing the entries.
 *
 * <p>Users hash into a fixed array of int stamps. An L1 entry records its user's stamp (and the era) as
 * they were before its value was looked up or computed; invalidating a user increments the stamp, so
 * every entry of that user, for any k, algorithm or context, stops matching at once, in O(1), and so does
 * a value still being computed when the invalidation lands. Two users sharing a slot invalidate each
 * other: the error is always towards a spurious miss, never a stale hit, and with one slot per expected
 * user it stays rare. Unlike a map keyed by user, the array never forgets a stamp (so an entry cannot come
 * back to life after its user is evicted from some bounded map) and costs 4 bytes per slot and no garbage.
 *
 * <p>The era invalidates all of L1 at once (invalidateAll, a newer epoch seen, or missed pub/sub
 * messages). The epoch is the cluster-wide generation kept in Redis: values written under an older epoch
 * are stale on every replica.
 */
final class StripedGenerations {
  private final AtomicIntegerArray stamps;
  private final int mask;
  private final AtomicLong era = new AtomicLong();
  private final AtomicLong epoch = new AtomicLong();

  StripedGenerations(int expectedUsers) {
    int slots = Integer.highestOneBit(Math.max(64, expectedUsers - 1) << 1);
    stamps = new AtomicIntegerArray(slots);
    mask = slots - 1;
  }

  int stamp(String user) {
    return stamps.get(slot(user));
  }

  void bump(String user) {
    stamps.incrementAndGet(slot(user));
  }

  long era() {
    return era.get();
  }

  void bumpEra() {
    era.incrementAndGet();
  }

  long epoch() {
    return epoch.get();
  }

  /** Moves the epoch forward to {@code e} if that is newer; returns whether it moved. */
  boolean advanceEpoch(long e) {
    long cur;
    while (e > (cur = epoch.get())) {
      if (epoch.compareAndSet(cur, e)) {
        return true;
      }
    }
    return false;
  }

  private int slot(String user) {
    int h = user.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
