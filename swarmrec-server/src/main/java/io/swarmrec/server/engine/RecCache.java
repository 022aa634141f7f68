package io.swarmrec.server.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The engine's view of the recommendation cache: the port that the two-level cache plugs into. */
public interface RecCache extends AutoCloseable {
  /**
   * The answer held in process (L1), or null; never waits for I/O, so the event loop may ask. Counts the
   * lookup; after a miss, ask {@link #getShared}.
   */
  RecResult getLocal(RecRequest r);

  /**
   * After {@link #getLocal} missed: the answer in the shared tier (L2), or null; completes off the caller's
   * thread when there is a shared tier to ask, at once otherwise; never fails (a broken tier is a miss).
   */
  CompletableFuture<RecResult> getShared(RecRequest r);

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
