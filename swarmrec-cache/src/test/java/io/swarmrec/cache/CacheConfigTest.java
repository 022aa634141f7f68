package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

  @Test
  void defaultsFollowTheOriginDocument() {
    CacheConfig c = CacheConfig.defaults();
    assertThat(c.newUserTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.regularTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(c.frequentTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(c.redisUrl()).isNull();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void blankRedisUrlMeansNone() {
    assertThat(CacheConfig.builder().redisUrl("  ").build().redisUrl()).isNull();
    assertThat(CacheConfig.builder().redisUrl(" redis://h:1 ").build().redisUrl()).isEqualTo("redis://h:1");
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    CacheConfig.Builder b = CacheConfig.builder();
    assertThatThrownBy(() -> CacheConfig.builder().l1MaxBytes(10).build()).hasMessageContaining("l1MaxBytes");
    assertThatThrownBy(() -> CacheConfig.builder().ttls(Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(3))
        .build()).hasMessageContaining("TTLs must not shrink");
    assertThatThrownBy(() -> CacheConfig.builder().degradedTtl(Duration.ZERO).build()).hasMessageContaining("degradedTtl");
    assertThatThrownBy(() -> CacheConfig.builder().thresholds(5, 2).build()).hasMessageContaining("regularAfter");
    assertThatThrownBy(() -> CacheConfig.builder().thresholds(1, 300).build()).hasMessageContaining("frequentAfter");
    assertThatThrownBy(() -> CacheConfig.builder().redisUrl("http://x").build()).hasMessageContaining("redisUrl");
    assertThatThrownBy(() -> CacheConfig.builder().redisUrl("redis://bad host").build()).hasMessageContaining("redisUrl");
    assertThatThrownBy(() -> CacheConfig.builder().commandTimeout(Duration.ofMinutes(1)).build())
        .hasMessageContaining("commandTimeout");
    assertThatThrownBy(() -> CacheConfig.builder().keyPrefix("a:b").build()).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> CacheConfig.builder().keyPrefix(null).build()).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> CacheConfig.builder().expectedUsers(0).build()).hasMessageContaining("expectedUsers");
    assertThatThrownBy(() -> b.redisQueueSize(1).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redisQueueSize");
  }
}
