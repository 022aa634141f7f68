package io.swarmrec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @TempDir
  Path dir;

  @Test
  void opensEachBackendFromItsUrl() {
    try (InteractionStore s = Stores.open("memory:")) {
      assertThat(s.stats().backend()).isEqualTo("memory");
    }
    try (InteractionStore s = Stores.open("sqlite:" + dir.resolve("a"))) {
      s.append(List.of(Event.of("u", "i", "view", 1)));
      assertThat(s.stats().backend()).isEqualTo("sqlite");
    }
    assertThat(Files.exists(dir.resolve("a/swarmrec.db"))).isTrue();
    try (InteractionStore s = Stores.open(dir.resolve("a").toString())) { // a plain path is SQLite too
      assertThat(s.count()).isEqualTo(1);
    }
    try (InteractionStore s = Stores.open("sqlite://" + dir.resolve("b.db"))) {
      assertThat(s.count()).isZero();
    }
    assertThat(Files.exists(dir.resolve("b.db"))).isTrue();
    try (InteractionStore s = Stores.open("jdbc:sqlite:" + dir.resolve("b.db"))) {
      assertThat(s.stats().backend()).isEqualTo("sqlite");
    }
  }

  @Test
  void rejectsUnknownAndEmptyUrlsClearly() {
    assertThatThrownBy(() -> Stores.open("redis://localhost")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown store URL 'redis://localhost'").hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> Stores.open("jdbc:mysql://localhost/db")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown store URL");
    assertThatThrownBy(() -> Stores.open("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stores.open(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stores.open("sqlite:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no path");
    assertThatThrownBy(() -> Stores.open("memory:", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void optionsAreValidatedWhenMade() {
    StoreOptions d = StoreOptions.defaults();
    assertThat(d.poolMinIdle()).isEqualTo(5);
    assertThat(d.poolMaxSize()).isEqualTo(20);
    assertThatThrownBy(() -> d.withPool(6, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minIdle");
    assertThatThrownBy(() -> d.withTimeouts(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionTimeout");
    assertThatThrownBy(() -> d.withCopyThreshold(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withReadConnections(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withClock(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
