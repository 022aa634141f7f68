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

  @Test
  void kafkaSettingsAreCheckedAtStartUp() {
    assertThat(ServerConfig.of(Map.of()).kafkaServers()).isNull();
    ServerConfig c = ServerConfig.of(Map.of("kafka", "127.0.0.1:9092,broker-2:19092"));
    assertThat(c.kafkaServers()).isEqualTo("127.0.0.1:9092,broker-2:19092");
    assertThat(c.get("kafka-topic-events")).isEqualTo("swarmrec.events");
    assertThat(c.get("kafka-topic-items")).isEqualTo("swarmrec.items");
    assertThat(c.get("kafka-group")).isEqualTo("swarmrec");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("kafka", "localhost", "kafka-topic-events", "no spaces",
        "kafka-group", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka must be HOST:PORT[,HOST:PORT...], got 'localhost'")
        .hasMessageContaining("kafka-topic-events must be a Kafka topic name")
        .hasMessageContaining("kafka-group must have 1..255 printable characters");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("kafka", "h:70000"))).hasMessageContaining("kafka must be");
    assertThatThrownBy(() -> ServerConfig.of(Map.of("kafka-topic-items", "swarmrec.events")))
        .hasMessageContaining("kafka-topic-events and kafka-topic-items must differ");
  }
}
