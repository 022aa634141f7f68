package io.swarmrec.store.sqlite;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.InteractionStoreContract;
import io.swarmrec.store.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract with staging chunks of 2 events and a limit of 5: the background merger and the committer's
 * back-pressure move events into the indexed log all the time, so every query meets events on both sides of
 * the merge, and some while a merge is running.
 */
class SqliteMergingStoreTest extends InteractionStoreContract {
  @TempDir
  Path dir;

  @Override
  protected InteractionStore open(StoreOptions options) {
    return SqliteStores.open(dir, options.withStaging(5, 2));
  }
}
