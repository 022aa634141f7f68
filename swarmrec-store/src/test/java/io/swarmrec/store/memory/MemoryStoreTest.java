package io.swarmrec.store.memory;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.InteractionStoreContract;
import io.swarmrec.store.StoreOptions;

class MemoryStoreTest extends InteractionStoreContract {
  @Override
  protected InteractionStore open(StoreOptions options) {
    return MemoryStores.open(options);
  }
}
