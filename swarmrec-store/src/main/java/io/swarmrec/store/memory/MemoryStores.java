package io.swarmrec.store.memory;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;

/** Opens the in-process store: a fake for unit tests, with the full contract and no durability. */
public final class MemoryStores {
  private MemoryStores() {}

  public static InteractionStore open() {
    return open(StoreOptions.defaults());
  }

  public static InteractionStore open(StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return new InMemoryInteractionStore(options);
  }
}
