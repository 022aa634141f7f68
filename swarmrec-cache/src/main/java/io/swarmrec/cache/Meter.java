package io.swarmrec.cache;

import java.util.concurrent.atomic.LongAdder;

/** Counts per tier (LongAdders: written from many threads, read rarely) and forwards to the listener. */
final class Meter {
  private final Counters l1 = new Counters();
  private final Counters l2 = new Counters();
  private final LongAdder localInvalidations = new LongAdder();
  private final LongAdder remoteInvalidations = new LongAdder();
  private final CacheListener listener;

  Meter(CacheListener listener) {
    this.listener = listener;
  }

  void lookup(Tier tier, int keys, int hits, long nanos) {
    Counters c = of(tier);
    if (hits > 0) { // an add of zero still costs a CAS on a shared line
      c.hits.add(hits);
    }
    if (keys > hits) {
      c.misses.add(keys - hits);
    }
    c.lookups.increment();
    c.nanos.add(nanos);
    listener.onLookup(tier, keys, hits, nanos);
  }

  void write(Tier tier, int keys, long nanos) {
    of(tier).puts.add(keys);
    listener.onWrite(tier, keys, nanos);
  }

  void error(Tier tier, Throwable cause) {
    of(tier).errors.increment();
    listener.onError(tier, cause);
  }

  void eviction() {
    l1.evictions.increment();
  }

  void invalidated(int users, boolean remote) {
    (remote ? remoteInvalidations : localInvalidations).add(users);
  }

  CacheStats snapshot(long l1WeightedBytes) {
    return new CacheStats(l1.snapshot(), l2.snapshot(), localInvalidations.sum(), remoteInvalidations.sum(),
        l1WeightedBytes);
  }

  private Counters of(Tier tier) {
    return tier == Tier.L1 ? l1 : l2;
  }

  private static final class Counters {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder lookups = new LongAdder();
    final LongAdder nanos = new LongAdder();

    CacheStats.TierStats snapshot() {
      return new CacheStats.TierStats(hits.sum(), misses.sum(), puts.sum(), errors.sum(), evictions.sum(),
          lookups.sum(), nanos.sum());
    }
  }
}
