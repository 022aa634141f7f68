package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationMessageTest {

  @Test
  void roundTripsBothKinds() {
    InvalidationMessage users = InvalidationMessage.decode(InvalidationMessage.users(-7L, List.of("a", "b:{c}", "ü")));
    assertThat(users).isEqualTo(new InvalidationMessage('U', -7L, List.of("a", "b:{c}", "ü"), 0));
    InvalidationMessage all = InvalidationMessage.decode(InvalidationMessage.all(Long.MAX_VALUE, 42));
    assertThat(all).isEqualTo(new InvalidationMessage('A', Long.MAX_VALUE, List.of(), 42));
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> InvalidationMessage.decode(new byte[] {1, 'X', 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown kind");
    assertThatThrownBy(() -> InvalidationMessage.decode(new byte[] {2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported version");
    byte[] ok = InvalidationMessage.users(1, List.of("abc"));
    assertThatThrownBy(() -> InvalidationMessage.decode(java.util.Arrays.copyOf(ok, ok.length - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("corrupt invalidation message");
  }

  @Test
  void anUnreadableMessageFlushesL1SinceSomethingWasInvalidated() {
    InMemoryL2Store redis = new InMemoryL2Store();
    CacheConfig config = CacheConfig.builder().expectedUsers(1024).build();
    TieredCache cache = TieredCache.builder(config).l2(new LocalOnly(redis)).build();
    RecKey key = RecKey.of("u", 10, "als");
    cache.put(key, TieredCacheTest.recs("x"));
    assertThat(cache.getIfPresent(key)).isNotNull();

    redis.publish(new RedisKeys(config.keyPrefix()).channel(), new byte[] {7, 7, 7});

    assertThat(cache.l1().get(key)).isNull();
    assertThat(cache.stats().l2().errors()).isEqualTo(1);
  }

  /** Shares pub/sub with a store but holds no data, so only L1 can answer. */
  private static final class LocalOnly implements L2Store {
    private final L2Store bus;

    LocalOnly(L2Store bus) {
      this.bus = bus;
    }

    @Override
    public java.util.concurrent.CompletionStage<List<byte[]>> getAll(List<String> keys) {
      return java.util.concurrent.CompletableFuture.completedFuture(java.util.Arrays.asList(new byte[keys.size()][]));
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> setAll(List<String> keys, List<byte[]> values, long[] ttl) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public java.util.concurrent.CompletionStage<Long> increment(String key) {
      return java.util.concurrent.CompletableFuture.completedFuture(1L);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> publish(String channel, byte[] message) {
      return bus.publish(channel, message);
    }

    @Override
    public void subscribe(String channel, Subscriber subscriber) {
      bus.subscribe(channel, subscriber);
    }

    @Override
    public void close() {}
  }
}
