package io.swarmrec.store.postgres;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.InteractionStoreContract;
import io.swarmrec.store.StoreOptions;

/** The contract with merges all the time (see {@code SqliteMergingStoreTest}). */
class PostgresMergingStoreTest extends InteractionStoreContract {
  private PostgresTestDatabase db;

  @Override
  protected InteractionStore open(StoreOptions options) {
    if (db == null) {
      db = PostgresTestDatabase.create();
    }
    return PostgresStores.open(db.url(), options.withPool(1, 6).withStaging(5, 2));
  }

  @Override
  protected void cleanUp() {
    if (db != null) {
      db.close();
    }
  }
}
