package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.store.StoreOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void storeStagingDefaultsAndCanBeTurnedOff() {
    StoreOptions defaults = ServerConfig.of(Map.of()).storeOptions();
    assertThat(defaults.stagingLimit()).isEqualTo(StoreOptions.DEFAULT_STAGING_LIMIT);
    assertThat(defaults.mergeChunk()).isEqualTo(StoreOptions.DEFAULT_MERGE_CHUNK);
    StoreOptions off = ServerConfig.of(Map.of("store-staging-limit", "0")).storeOptions();
    assertThat(off.stagingLimit()).isZero();
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsKey() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("port", "70000", "store-merge-chunk", "0", "demo", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port must be between 0 and 65535, got 70000")
        .hasMessageContaining("store-merge-chunk must be between 1 and")
        .hasMessageContaining("demo must be true or false");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("store-staging-limit", "10", "store-merge-chunk", "100")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stagingLimit 10");
  }
}
