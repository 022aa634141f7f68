package io.swarmrec.store.postgres;

import io.swarmrec.store.DurableStoreContract;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;

class PostgresStoreTest extends DurableStoreContract {
  private PostgresTestDatabase db;

  @Override
  protected InteractionStore open(StoreOptions options) {
    if (db == null) {
      db = PostgresTestDatabase.create();
    }
    return PostgresStores.open(db.url(), options.withPool(1, 6));
  }

  @Override
  protected void cleanUp() {
    if (db != null) {
      db.close();
    }
  }
}
