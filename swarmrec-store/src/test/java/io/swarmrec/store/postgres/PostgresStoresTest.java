package io.swarmrec.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresStoresTest {

  @Test
  void acceptsTheUsualSpellingsOfAPostgresUrl() {
    assertThat(PostgresStores.jdbcUrl("jdbc:postgresql://h:5432/db?user=u")).isEqualTo("jdbc:postgresql://h:5432/db?user=u");
    assertThat(PostgresStores.jdbcUrl("postgresql://h:5432/db?user=u")).isEqualTo("jdbc:postgresql://h:5432/db?user=u");
    assertThat(PostgresStores.jdbcUrl("postgres://h/db")).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void movesLibpqStyleCredentialsIntoParameters() {
    assertThat(PostgresStores.jdbcUrl("postgresql://bob:s%40c+r@h:5432/db?sslmode=disable"))
        .isEqualTo("jdbc:postgresql://h:5432/db?sslmode=disable&user=bob&password=s%40c%2Br");
    assertThat(PostgresStores.jdbcUrl("postgres://bob@h")).isEqualTo("jdbc:postgresql://h/?user=bob");
  }

  @Test
  void rejectsOtherUrls() {
    assertThatThrownBy(() -> PostgresStores.jdbcUrl("mysql://h/db")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PostgresStores.jdbcUrl(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void redactsPasswordsInMessages() {
    assertThat(PostgresInteractionStore.redact("jdbc:postgresql://h/db?user=u&password=secret&x=1"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
  }
}
