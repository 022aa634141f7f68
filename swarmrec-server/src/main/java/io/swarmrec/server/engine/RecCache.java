package io.swarmrec.server.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The engine's view of the recommendation cache: the port that the two-level cache plugs into. */
public interface RecCache extends AutoCloseable {
  /** The cached answer, or null on a miss; never fails (a broken tier counts as a miss). */
  CompletableFuture<RecResult> get(RecRequest r);

  void put(RecRequest r, RecResult result);

  /** Hides every cached answer of {@code user}, here and on every replica sharing the cache. */
  void invalidateUser(String user);

  /** Hides every cached answer (after a model swap or an item deletion). */
  void invalidateAll();

  /** Computes and stores the answers that are missing. */
  void warm(List<RecRequest> requests, Function<RecRequest, RecResult> compute);

  @Override
  void close();
}
