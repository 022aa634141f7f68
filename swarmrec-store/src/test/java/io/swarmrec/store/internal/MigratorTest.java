package io.swarmrec.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigratorTest {

  @Test
  void splitsScriptsIntoStatementsAndSkipsComments() {
    String script = """
        -- first migration
        CREATE TABLE a (
          x int -- trailing comments stay inside a statement
        );

        -- an index
        CREATE INDEX a_x ON a (x);
        """;
    assertThat(Migrator.statements(script)).containsExactly(
        "CREATE TABLE a (\n  x int -- trailing comments stay inside a statement\n)", "CREATE INDEX a_x ON a (x)");
  }

  @Test
  void refusesAScriptWhoseLastStatementIsUnterminated() {
    assertThatThrownBy(() -> Migrator.statements("CREATE TABLE a (x int)")).isInstanceOf(IllegalStateException.class);
  }
}
