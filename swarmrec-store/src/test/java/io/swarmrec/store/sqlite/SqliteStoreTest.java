package io.swarmrec.store.sqlite;

import io.swarmrec.store.DurableStoreContract;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends DurableStoreContract {
  @TempDir
  Path dir;

  @Override
  protected InteractionStore open(StoreOptions options) {
    return SqliteStores.open(dir, options);
  }
}
