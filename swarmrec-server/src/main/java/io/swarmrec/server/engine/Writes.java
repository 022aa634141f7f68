package io.swarmrec.server.engine;

import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.server.metrics.Metrics;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import io.swarmrec.store.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path: events, item metadata, item deletions and forgotten users. Each write is durable in the
 * store before it is acknowledged, then made visible at once (the overlay, cache invalidation, the
 * catalogue), before any rebuild.
 *
 * <p>No thread waits for a commit: the store's group commit completes the future when the transaction
 * holding a batch has committed, so concurrent requests share commits instead of queuing for the writer;
 * the hop to the I/O pool keeps a store that appends in the caller's thread off the event loop, and the
 * visibility work runs there too, not on the store's committer. A store that fails or does not answer
 * within {@code store-timeout-ms} is a {@link Refusal.Unavailable} with code {@code store_unavailable}
 * (a timed-out append may still commit later; a retry with the same idempotency key is not stored twice).
 */
final class Writes {
  private static final Logger LOG = LoggerFactory.getLogger(Writes.class);

  private final EngineSettings settings;
  private final Metrics metrics;
  private final InteractionStore store;
  private final RecCache cache;
  private final ModelManager models;
  private final Catalogue catalogue;
  private final Guards guards;
  private final EventWeights weights;
  private final Idempotency idempotency;
  private final FollowGraph graph;

  Writes(EngineSettings settings, Metrics metrics, InteractionStore store, RecCache cache, ModelManager models,
      Catalogue catalogue, Guards guards, EventWeights weights, FollowGraph graph, Idempotency idempotency) {
    this.graph = graph;
    this.settings = settings;
    this.metrics = metrics;
    this.store = store;
    this.cache = cache;
    this.models = models;
    this.catalogue = catalogue;
    this.guards = guards;
    this.weights = weights;
    this.idempotency = idempotency;
  }

  /**
   * Stores a validated batch and makes it visible. Events whose {@code id} was stored before (within the
   * idempotency window) are left out; with an idempotency key, a repeated call returns the first one's
   * answer. With {@code positions} (a log consumer's), they are stored in the same transaction as the events
   * ({@link InteractionStore#appendAsync(List, Map)}), even when the batch holds no new event. Completes with
   * what was accepted.
   */
  CompletableFuture<Engine.Ingested> ingest(List<EventIn> in, String idempotencyKey, Map<String, Long> positions) {
    long fingerprint = fingerprint(in);
    int[] fresh = {in.size()};
    return idempotency.once(idempotencyKey, fingerprint, () -> {
      String[] ids = new String[in.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = in.get(i).id();
      }
      boolean[] seen = idempotency.seen(ids);
      List<Event> events = new ArrayList<>(in.size());
      List<String> storedIds = new ArrayList<>();
      Set<String> inBatch = new HashSet<>();
      for (int i = 0; i < ids.length; i++) {
        if (seen[i] || ids[i] != null && !inBatch.add(ids[i])) {
          continue;
        }
        storedIds.add(ids[i]);
        events.add(in.get(i).event());
      }
      fresh[0] = events.size();
      if (events.isEmpty() && positions == null) {
        return CompletableFuture.completedFuture(store.lastSequence());
      }
      return storeCall(() -> positions == null ? store.appendAsync(events) : store.appendAsync(events, positions))
          .thenApplyAsync(seq -> {
            idempotency.stored(storedIds.toArray(String[]::new));
            afterCommit(events, seq);
            return seq;
          }, guards.io());
    }).thenApply(seq -> new Engine.Ingested(in.size(), fresh[0], seq));
  }

  /**
   * Makes committed events visible. A batch's events have consecutive sequence numbers ending at
   * {@code lastSeq} (the store's contract), so each overlay entry carries its own event's number: the store
   * tail, which reads the same events again, recognises them by it and counts each event exactly once.
   */
  private void afterCommit(List<Event> events, long lastSeq) {
    metrics.events.inc(events.size());
    long first = lastSeq - events.size() + 1;
    Set<String> users = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      users.add(e.user());
      if (models.exposures(e.user(), e.item(), e.type(), e.value(), e.epochSecond(), first + i)) {
        continue; // an impression: rotation's input, not the user's taste
      }
      models.overlay().add(e.user(), e.item(), weights.weight(e.type(), e.value()), e.epochSecond(), first + i);
    }
    for (String u : users) {
      cache.invalidateUser(u);
    }
    models.eventsArrived(events.size());
  }

  /** Records what a user was served as impressions (record-impressions), without an answer to wait for. */
  void recordImpressions(String user, String[] items) {
    if (items.length == 0) {
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    List<EventIn> in = new ArrayList<>(items.length);
    for (String item : items) {
      in.add(new EventIn(null, Event.of(user, item, io.swarmrec.core.matrix.EventWeights.IMPRESSION, now)));
    }
    ingest(in, null, null).exceptionally(t -> {
      LOG.debug("impressions of {} not recorded: {}", user, t.toString());
      return null;
    });
  }

  CompletableFuture<Void> putItem(ItemMeta meta) {
    return storeCall(() -> CompletableFuture.supplyAsync(() -> store.putItem(meta), guards.io()))
        .thenAccept(stored -> {
          if (stored) {
            visible(meta);
          }
        });
  }

  /** A stored item's metadata counts at once: for rules, and (with a vector) for content models' cold start. */
  private void visible(ItemMeta meta) {
    catalogue.itemChanged(meta); // cached answers under rules older than this are computed again
    if (meta.hasVector() && !catalogue.fresh.put(meta.item(), meta.vector(), models.current().data().items())) {
      LOG.debug("{} new items with vectors wait for the next rebuild; {} is not served before it",
          FreshItems.MAX, meta.item());
    }
  }

  /** Many items in one store transaction (a simulation step's posts); each is then visible as after {@link #putItem}. */
  CompletableFuture<Integer> putItems(List<ItemMeta> metas) {
    if (metas.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    return storeCall(() -> CompletableFuture.supplyAsync(() -> store.putItems(metas), guards.io()))
        .thenApply(n -> {
          for (ItemMeta meta : metas) {
            if (!catalogue.deleted.contains(meta.item())) { // a deleted item is not stored again
              visible(meta);
            }
          }
          return n;
        });
  }

  CompletableFuture<Integer> follow(List<io.swarmrec.store.Follow> changes) {
    return storeCall(() -> CompletableFuture.supplyAsync(() -> store.follow(changes), guards.io()))
        .thenApply(n -> {
          graph.apply(changes);
          for (io.swarmrec.store.Follow f : changes) {
            cache.invalidateUser(f.follower());
          }
          return n;
        });
  }

  CompletableFuture<Void> deleteItem(String item) {
    return storeCall(() -> CompletableFuture.supplyAsync(() -> store.deleteItem(item), guards.io()))
        .thenAccept(x -> {
          catalogue.deleted.add(item);
          catalogue.fresh.remove(item);
          catalogue.everythingChanged();
          cache.invalidateAll();
        });
  }

  CompletableFuture<Integer> forgetUser(String user) {
    models.forget(user);
    return storeCall(() -> CompletableFuture.supplyAsync(() -> store.forgetUser(user), guards.io()))
        .whenComplete((n, t) -> {
          models.forgotten(user); // done or failed: hidden until a model built after this moment
          graph.forget(user);
          cache.invalidateUser(user);
        });
  }

  /**
   * A store call bounded by {@code store-timeout-ms}; a store failure or time-out becomes
   * {@link Refusal.Unavailable} ({@code store_unavailable}); bad input stays an IllegalArgumentException.
   */
  private <T> CompletableFuture<T> storeCall(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> f;
    try {
      f = CompletableFuture.supplyAsync(call, guards.io()).thenCompose(x -> x);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new Refusal.Unavailable("overloaded", "I/O queue full; retry shortly", 1));
    }
    return f.orTimeout(settings.storeTimeoutMs(), TimeUnit.MILLISECONDS).handle((v, t) -> {
      if (t == null) {
        return v;
      }
      Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      if (c instanceof TimeoutException) {
        metrics.storeFailures.labelValues("timeout").inc();
        throw new Refusal.Unavailable("store_unavailable", "the store did not answer within "
            + settings.storeTimeoutMs() + " ms; retry shortly", 2, c);
      }
      if (c instanceof StoreException) {
        metrics.storeFailures.labelValues("error").inc();
        LOG.warn("store call failed: {}", c.toString());
        throw new Refusal.Unavailable("store_unavailable", "the store is unavailable; retry shortly", 2, c);
      }
      if (c instanceof IllegalArgumentException iae) {
        throw new Refusal.Invalid("invalid_input", iae.getMessage());
      }
      throw c instanceof RuntimeException re ? re : new CompletionException(c);
    });
  }

  /** A 64-bit FNV-1a over every field of the batch, to tell a retry from another batch under the same key. */
  private static long fingerprint(List<EventIn> in) {
    long h = 0xcbf29ce484222325L;
    for (EventIn e : in) {
      h = mix(h, e.toString());
    }
    return h;
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
