package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Behaviour of both tiers with the in-memory L2 standing in for Redis, on a manual clock. */
class TieredCacheTest {
  private final ManualTicker ticker = new ManualTicker();
  private final InMemoryL2Store redis = new InMemoryL2Store(ticker);
  private final CacheConfig config = CacheConfig.builder().expectedUsers(4096).l1MaxBytes(1 << 20).build();
  private final RedisKeys keys = new RedisKeys(config.keyPrefix());

  private TieredCache replica() {
    return replica(redis);
  }

  private TieredCache replica(L2Store store) {
    return TieredCache.builder(config).l2(store).ticker(ticker).build();
  }

  static CachedRecs recs(String... ids) {
    float[] scores = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      scores[i] = ids.length - i;
    }
    return new CachedRecs(ids, scores, "itemknn", false, 3, 1_700_000_000_000L);
  }

  private static Function<RecKey, CachedRecs> computing(AtomicInteger calls) {
    return k -> {
      calls.incrementAndGet();
      return recs(k.user() + "-a", k.user() + "-b", "k" + k.k());
    };
  }

  @Test
  void computesOnAMissThenServesFromL1() {
    TieredCache cache = replica();
    RecKey key = RecKey.of("u1", 10, "itemknn");
    AtomicInteger calls = new AtomicInteger();

    CachedRecs first = cache.get(key, computing(calls));
    CachedRecs second = cache.get(key, computing(calls));

    assertThat(calls).hasValue(1);
    assertThat(second).isSameAs(first);
    CacheStats s = cache.stats();
    assertThat(s.l1().hits()).isEqualTo(1);
    assertThat(s.l1().misses()).isEqualTo(1);
    assertThat(s.l1().puts()).isEqualTo(1);
    assertThat(s.l2().misses()).isEqualTo(1);
    assertThat(s.l2().hits()).isZero();
    assertThat(s.l2().puts()).isEqualTo(1);
    assertThat(s.l2().errors()).isZero();
    cache.l1().cleanUp();
    assertThat(cache.stats().l1WeightedBytes()).isGreaterThan(first.estimatedBytes());
  }

  @Test
  void anL2HitIsPromotedIntoL1() {
    TieredCache a = replica();
    TieredCache b = replica();
    RecKey key = new RecKey("u1", 5, "als", "feed", "ios", null);
    CachedRecs stored = a.get(key, computing(new AtomicInteger()));

    assertThat(b.getIfPresent(key)).isEqualTo(stored);
    long calls = redis.calls();
    assertThat(b.getIfPresent(key)).isEqualTo(stored);

    assertThat(redis.calls()).as("second read served by L1").isEqualTo(calls);
    assertThat(b.stats().l2().hits()).isEqualTo(1);
    assertThat(b.stats().l1().hits()).isEqualTo(1);
    assertThat(b.stats().l1().misses()).isEqualTo(1);
  }

  @Test
  void getAllSendsAllL1MissesInOneRoundTripAndComputesTheRestInOneCall() {
    TieredCache a = replica();
    TieredCache b = replica();
    List<RecKey> ks = List.of(RecKey.of("u1", 5, "als"), RecKey.of("u2", 5, "als"), RecKey.of("u3", 5, "als"),
        RecKey.of("u4", 5, "als"));
    a.putAll(Map.of(ks.get(0), recs("x"), ks.get(1), recs("y"), ks.get(2), recs("z")));
    b.put(ks.get(0), recs("x")); // b holds one in L1 already

    long before = redis.calls();
    List<List<RecKey>> asked = new ArrayList<>();
    Map<RecKey, CachedRecs> got = b.getAll(ks, missing -> {
      asked.add(List.copyOf(missing));
      return Map.of(ks.get(3), recs("w"));
    });

    assertThat(redis.calls() - before).as("one MGET, then one pipelined write").isEqualTo(2);
    assertThat(asked).containsExactly(List.of(ks.get(3)));
    assertThat(got).containsOnlyKeys(ks).containsEntry(ks.get(1), recs("y")).containsEntry(ks.get(3), recs("w"));
    assertThat(b.stats().l1().hits()).isEqualTo(1);
    assertThat(b.stats().l2().hits()).isEqualTo(2);
    assertThat(b.stats().l2().misses()).isEqualTo(1);

    before = redis.calls();
    assertThat(b.getAll(ks)).hasSize(4);
    assertThat(redis.calls()).as("everything is in L1 now").isEqualTo(before);
  }

  @Test
  void ttlFollowsHowOftenTheUserIsSeen() {
    TieredCache cache = replica();
    AtomicInteger calls = new AtomicInteger();
    RecKey newUser = RecKey.of("new", 10, "als");
    RecKey regular = RecKey.of("regular", 10, "als");
    RecKey frequent = RecKey.of("frequent", 10, "als");
    seen(cache, "regular", config.regularAfter() - 1);
    seen(cache, "frequent", config.frequentAfter() - 1);

    cache.get(newUser, computing(calls));
    cache.get(regular, computing(calls));
    cache.get(frequent, computing(calls));

    assertThat(redis.remainingTtlMillis(keys.entry(newUser))).isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(redis.remainingTtlMillis(keys.entry(regular))).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(redis.remainingTtlMillis(keys.entry(frequent))).isEqualTo(Duration.ofHours(2).toMillis());
    assertThat(cache.l1().remainingTtlNanos(frequent)).isEqualTo(Duration.ofHours(2).toNanos());

    ticker.advance(Duration.ofMinutes(31));
    assertThat(cache.getIfPresent(newUser)).as("30 min for a new user").isNull();
    assertThat(cache.getIfPresent(regular)).isNotNull();
    ticker.advance(Duration.ofMinutes(30));
    assertThat(cache.getIfPresent(regular)).as("1 h for a regular user").isNull();
    assertThat(cache.getIfPresent(frequent)).isNotNull();
    ticker.advance(Duration.ofMinutes(60));
    assertThat(cache.getIfPresent(frequent)).as("2 h for a frequent user").isNull();
  }

  @Test
  void degradedListsLiveAtMostTheDegradedTtl() {
    TieredCache cache = replica();
    seen(cache, "f", config.frequentAfter());
    RecKey key = RecKey.of("f", 10, "als");
    CachedRecs fallback = new CachedRecs(new String[] {"popular"}, new float[] {1}, "popularity", true, 3, 0);
    cache.put(key, fallback);

    assertThat(redis.remainingTtlMillis(keys.entry(key))).isEqualTo(config.degradedTtl().toMillis());
    ticker.advance(config.degradedTtl().plusSeconds(1));
    assertThat(cache.getIfPresent(key)).isNull();
  }

  @Test
  void anL2HitLivesInL1OnlyForWhatItHasLeft() {
    TieredCache a = replica();
    TieredCache b = replica();
    RecKey key = RecKey.of("u", 10, "als");
    a.get(key, computing(new AtomicInteger())); // new user: 30 min
    ticker.advance(Duration.ofMinutes(20));
    seen(b, "u", config.frequentAfter()); // b now sees a frequent user, but the entry has 10 min left

    assertThat(b.getIfPresent(key)).isNotNull();
    // the replicas' wall clocks start a few ms apart: allow for that, not for time passing
    assertThat(b.l1().remainingTtlNanos(key))
        .isCloseTo(Duration.ofMinutes(10).toNanos(), within(Duration.ofSeconds(1).toNanos()));
  }

  @Test
  void invalidationHidesEveryEntryOfTheUserOnEveryReplica() {
    TieredCache a = replica();
    TieredCache b = replica();
    List<RecKey> userKeys = new ArrayList<>();
    for (int k : new int[] {5, 10, 20}) {
      userKeys.add(RecKey.of("u", k, "als"));
      userKeys.add(new RecKey("u", k, "itemknn", "feed", "android", "lyon"));
    }
    RecKey other = RecKey.of("v", 10, "als");
    AtomicInteger calls = new AtomicInteger();
    for (RecKey k : userKeys) {
      a.get(k, computing(calls));
    }
    a.get(other, computing(calls));
    assertThat(b.getAll(userKeys)).hasSize(userKeys.size()); // now in b's L1 as well

    a.invalidate("u");

    TieredCache fresh = replica(); // no L1: sees only what L2 says
    for (TieredCache replica : List.of(a, b, fresh)) {
      assertThat(replica.getAll(userKeys)).isEmpty();
      assertThat(replica.getIfPresent(other)).isNotNull();
    }
    assertThat(b.stats().remoteInvalidations()).isEqualTo(1);
    assertThat(a.stats().localInvalidations()).isEqualTo(1);
  }

  @Test
  void aListComputedWhileTheUserActsIsReturnedButNotKept() {
    TieredCache a = replica();
    TieredCache b = replica();
    RecKey key = RecKey.of("u", 10, "als");

    CachedRecs stale = a.get(key, k -> {
      b.invalidate("u"); // the user acts on another replica while a computes
      return recs("old-1", "old-2");
    });

    assertThat(stale).isEqualTo(recs("old-1", "old-2"));
    assertThat(a.getIfPresent(key)).isNull();
    assertThat(replica().getIfPresent(key)).isNull();

    CachedRecs again = a.get(key, k -> {
      a.invalidate("u"); // and locally
      return recs("old-3");
    });
    assertThat(again).isNotNull();
    assertThat(a.getIfPresent(key)).isNull();
  }

  @Test
  void invalidateAllHidesEverythingEverywhereAndLaterWritesWork() {
    TieredCache a = replica();
    TieredCache b = replica();
    List<RecKey> ks = List.of(RecKey.of("u", 10, "als"), RecKey.of("v", 10, "als"));
    AtomicInteger calls = new AtomicInteger();
    for (RecKey k : ks) {
      a.get(k, computing(calls));
    }
    assertThat(b.getAll(ks)).hasSize(2);

    b.invalidateAll();

    assertThat(a.getAll(ks)).isEmpty();
    assertThat(b.getAll(ks)).isEmpty();
    assertThat(replica().getAll(ks)).isEmpty();
    a.get(ks.get(0), computing(calls));
    assertThat(b.getIfPresent(ks.get(0))).isNotNull();
    assertThat(replica().getIfPresent(ks.get(0))).isNotNull();
  }

  @Test
  void aReplicaThatMissedInvalidateAllCatchesUpFromANewerEpochInL2() {
    TieredCache a = replica();
    TieredCache deaf = replica(new DeafStore(redis)); // its broadcasts never arrive
    RecKey old = RecKey.of("u", 10, "als");
    RecKey later = RecKey.of("v", 10, "als");
    a.get(old, computing(new AtomicInteger()));
    assertThat(deaf.getIfPresent(old)).isNotNull();

    a.invalidateAll();
    a.put(later, recs("new"));
    assertThat(deaf.getIfPresent(old)).as("not told yet: its L1 still serves").isNotNull();
    assertThat(deaf.getIfPresent(later)).isEqualTo(recs("new"));
    assertThat(deaf.getIfPresent(old)).as("adopted the newer epoch seen in L2").isNull();
  }

  @Test
  void byteBudgetBoundsL1() {
    CacheConfig small = config.toBuilder().l1MaxBytes(1 << 16).build();
    TieredCache cache = TieredCache.builder(small).ticker(ticker).build();
    String[] ids = new String[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "item-" + i;
    }
    CachedRecs list = recs(ids);
    for (int u = 0; u < 500; u++) {
      cache.put(RecKey.of("user" + u, 20, "als"), list);
    }
    cache.l1().cleanUp();

    CacheStats s = cache.stats();
    assertThat(s.l1WeightedBytes()).isLessThanOrEqualTo(1 << 16).isGreaterThan((1 << 16) / 2);
    assertThat(s.l1().evictions()).isGreaterThan(400);
    assertThat((long) cache.getAll(allKeys(500)).size()).isLessThan(100);
  }

  @Test
  void worksOnL1AloneWithoutRedis() {
    TieredCache cache = TieredCache.open(config);
    assertThat(cache.hasL2()).isFalse();
    RecKey key = RecKey.of("u", 10, "als");
    AtomicInteger calls = new AtomicInteger();
    cache.get(key, computing(calls));
    assertThat(cache.getIfPresent(key)).isNotNull();
    cache.invalidate("u");
    assertThat(cache.getIfPresent(key)).isNull();
    cache.get(key, computing(calls));
    cache.invalidateAll();
    assertThat(cache.getIfPresent(key)).isNull();
    assertThat(cache.stats().l2()).isEqualTo(new CacheStats.TierStats(0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void aCorruptL2EntryIsAMissAndCounted() {
    TieredCache cache = replica();
    RecKey key = RecKey.of("u", 10, "als");
    redis.setAll(List.of(keys.entry(key)), List.of(new byte[] {1, 2, 3, 4, 5, 6, 7}), new long[] {60_000});

    assertThat(cache.getIfPresent(key)).isNull();
    assertThat(cache.stats().l2().errors()).isEqualTo(1);
    assertThat(cache.get(key, computing(new AtomicInteger()))).isNotNull(); // and it heals on write
    assertThat(replica().getIfPresent(key)).isNotNull();
  }

  @Test
  void warmComputesOnlyWhatNeitherTierHoldsAndSkipsFailures() {
    TieredCache a = replica();
    RecKey cached = RecKey.of("u1", 5, "als");
    RecKey missing = RecKey.of("u2", 5, "als");
    RecKey failing = RecKey.of("u3", 5, "als");
    a.put(cached, recs("c"));
    List<RecKey> computed = new ArrayList<>();

    int n = a.warm(List.of(cached, missing, failing), k -> {
      computed.add(k);
      if (k.equals(failing)) {
        throw new IllegalStateException("model cannot score u3");
      }
      return recs("w");
    });

    assertThat(n).isEqualTo(1);
    assertThat(computed).containsExactly(missing, failing);
    assertThat(replica().getIfPresent(missing)).isEqualTo(recs("w"));
    assertThat(a.stats().l1().hits() + a.stats().l1().misses()).as("warm-up is not traffic").isZero();
    assertThat(a.frequency("u2")).isZero();
  }

  @Test
  void namesTheMostActiveUsers() {
    TieredCache cache = replica();
    AtomicInteger calls = new AtomicInteger();
    for (String user : List.of("c", "a", "d", "b")) {
      cache.get(RecKey.of(user, 10, "als"), computing(calls)); // stored: offered as a candidate
    }
    seen(cache, "a", 29);
    seen(cache, "b", 19);
    seen(cache, "c", 11);
    seen(cache, "d", 1);
    assertThat(cache.mostActiveUsers(10)).as("only frequent users, stored when they already were")
        .isEmpty();

    for (String user : List.of("c", "a", "d", "b")) {
      cache.get(RecKey.of(user, 20, "als"), computing(calls));
    }
    assertThat(cache.mostActiveUsers(10)).containsExactly("a", "b", "c");
    assertThat(cache.mostActiveUsers(2)).containsExactly("a", "b");
    assertThat(cache.frequency("b")).isEqualTo(21);
  }

  @Test
  void theActiveSetStaysBoundedAndKeepsTheMostActive() {
    CacheConfig tight = config.toBuilder().trackedActiveUsers(3).build();
    TieredCache cache = TieredCache.builder(tight).l2(redis).ticker(ticker).build();
    AtomicInteger calls = new AtomicInteger();
    for (int u = 0; u < 20; u++) {
      seen(cache, "user" + u, 10 + u); // user19 is the most active
      cache.get(RecKey.of("user" + u, 10, "als"), computing(calls));
    }
    assertThat(cache.mostActiveUsers(10)).hasSizeLessThanOrEqualTo(6).startsWith("user19", "user18", "user17");
  }

  @Test
  void theListenerSeesEachOperation() {
    List<String> events = new ArrayList<>();
    TieredCache cache = TieredCache.builder(config).l2(redis).ticker(ticker).listener(new CacheListener() {
      @Override
      public void onLookup(Tier tier, int keys, int hits, long nanos) {
        events.add("lookup " + tier + " " + hits + "/" + keys);
      }

      @Override
      public void onWrite(Tier tier, int keys, long nanos) {
        events.add("write " + tier + " " + keys);
      }

      @Override
      public void onError(Tier tier, Throwable cause) {
        events.add("error " + tier);
      }
    }).build();
    RecKey key = RecKey.of("u", 10, "als");
    cache.get(key, computing(new AtomicInteger()));
    redis.setAvailable(false);
    cache.getIfPresent(RecKey.of("v", 10, "als"));

    assertThat(events).containsExactly("lookup L1 0/1", "lookup L2 0/1", "write L1 1", "write L2 1",
        "lookup L1 0/1", "error L2");
  }

  @Test
  void aRedisOutageDegradesToL1AndInvalidationsAreReplayedWhenItIsBack() {
    TieredCache a = replica();
    TieredCache b = replica();
    RecKey key = RecKey.of("u", 10, "als");
    AtomicInteger calls = new AtomicInteger();
    a.get(key, computing(calls));
    assertThat(b.getIfPresent(key)).isNotNull();

    redis.setAvailable(false);
    assertThat(a.getIfPresent(key)).as("L1 still serves").isNotNull();
    RecKey other = RecKey.of("v", 10, "als");
    assertThat(a.get(other, computing(calls))).as("computed, not thrown").isNotNull();
    assertThat(a.getIfPresent(other)).isNotNull();
    a.invalidate("u");
    assertThat(a.getIfPresent(key)).as("invalidation is local while Redis is down").isNull();
    assertThat(b.getIfPresent(key)).as("b cannot be told").isNotNull();
    assertThat(a.stats().l2().errors()).isGreaterThanOrEqualTo(3);

    redis.setAvailable(true);

    assertThat(b.getIfPresent(key)).as("replayed on reconnect").isNull();
    assertThat(replica().getIfPresent(key)).isNull();
    a.get(key, computing(calls));
    assertThat(b.getIfPresent(key)).as("L2 in use again").isNotNull();
  }

  @Test
  void afterRepeatedFailuresRedisIsLeftAloneForASecond() {
    TieredCache cache = replica();
    redis.setAvailable(false);
    for (int i = 0; i < 3; i++) {
      cache.getIfPresent(RecKey.of("u" + i, 10, "als"));
    }
    long calls = redis.calls();
    for (int i = 0; i < 100; i++) {
      assertThat(cache.getIfPresent(RecKey.of("w" + i, 10, "als"))).isNull();
    }
    assertThat(redis.calls()).as("no command while the breaker is open").isEqualTo(calls);
    assertThat(cache.stats().l2().errors()).isEqualTo(103);

    ticker.advance(Duration.ofMillis(1001));
    cache.getIfPresent(RecKey.of("x", 10, "als"));
    cache.getIfPresent(RecKey.of("y", 10, "als"));
    assertThat(redis.calls()).as("one probe per second").isEqualTo(calls + 1);
  }

  private static void seen(TieredCache cache, String user, int times) {
    for (int i = 0; i < times; i++) {
      cache.getIfPresent(RecKey.of(user, 1000 + i, "probe"));
    }
  }

  private static List<RecKey> allKeys(int users) {
    List<RecKey> ks = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      ks.add(RecKey.of("user" + u, 20, "als"));
    }
    return ks;
  }

  /** Shares the data of another store but never hears its broadcasts, like a replica whose pub/sub broke. */
  private static final class DeafStore implements L2Store {
    private final L2Store data;

    DeafStore(L2Store data) {
      this.data = data;
    }

    @Override
    public java.util.concurrent.CompletionStage<List<byte[]>> getAll(List<String> keys) {
      return data.getAll(keys);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> setAll(List<String> keys, List<byte[]> values, long[] ttl) {
      return data.setAll(keys, values, ttl);
    }

    @Override
    public java.util.concurrent.CompletionStage<Long> increment(String key) {
      return data.increment(key);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> publish(String channel, byte[] message) {
      return data.publish(channel, message);
    }

    @Override
    public void subscribe(String channel, Subscriber subscriber) {}

    @Override
    public void close() {}
  }
}
