package io.swarmrec.store.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PostgresTestDatabaseTest {
  private static final String NOBODY = "jdbc:postgresql://127.0.0.1:1/test?user=postgres"; // nothing listens on port 1

  @Test
  void anUnreachableServerSkipsTheTest() {
    assertThatThrownBy(() -> PostgresTestDatabase.create(NOBODY, false)).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("unreachable").hasMessageContaining("skipping");
  }

  @Test
  void anUnreachableServerFailsTheTestUnderCi() {
    assertThatThrownBy(() -> PostgresTestDatabase.create(NOBODY, true)).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CI=true");
  }
}
