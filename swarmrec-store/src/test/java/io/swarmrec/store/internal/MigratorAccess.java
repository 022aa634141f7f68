package io.swarmrec.store.internal;

import java.util.List;

/** Test access to the migration script splitter, for tests that build old schema versions by hand. */
public final class MigratorAccess {
  private MigratorAccess() {}

  public static List<String> statements(String script) {
    return Migrator.statements(script);
  }
}
