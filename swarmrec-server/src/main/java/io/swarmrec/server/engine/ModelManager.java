package io.swarmrec.server.engine;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.ItemVectors;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.EventTime;
import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.TopK;
import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.metrics.Metrics;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model lifecycle: builds a {@link Model} from the store, swaps it in atomically, and keeps it fresh.
 *
 * <p>A rebuild runs on its own thread on a schedule, after a number of new events, or on demand; at most
 * one runs at a time, and requests keep being served by the current model meanwhile. Between rebuilds a
 * tail task reads the store's new events (from every replica) into the {@link Overlay} every few hundred
 * milliseconds, so an event that reached one replica shapes the next answer on all of them within a
 * second, long before the next rebuild.
 *
 * <p>Forgotten users are treated as unknown from the moment they are forgotten until a model built after
 * their deletion is in place.
 */
final class ModelManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

  private final ServerConfig cfg;
  private final Metrics metrics;
  private final InteractionStore store;
  private final EventWeights weights;
  private final Consumer<Model> afterSwap;
  private final Consumer<String> remoteEvent;
  private final Overlay overlay = new Overlay();
  private final Exposure exposure;
  private final Map<String, Long> forgotten = new ConcurrentHashMap<>();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
  private final ScheduledExecutorService scheduler;
  private volatile Model current;
  private volatile long tailSequence;
  private volatile boolean ready;
  private volatile long skippedRows;

  ModelManager(ServerConfig cfg, Metrics metrics, InteractionStore store, EventWeights weights, Exposure exposure,
      Consumer<Model> afterSwap, Consumer<String> remoteEvent) {
    this.exposure = exposure;
    this.cfg = cfg;
    this.metrics = metrics;
    this.store = store;
    this.weights = weights;
    this.afterSwap = afterSwap;
    this.remoteEvent = remoteEvent;
    this.scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "swarmrec-model");
      t.setDaemon(true);
      return t;
    });
    Interactions empty = new InteractionsBuilder(weights).build();
    this.current = train(0, empty, ItemVectors.none(empty.numItems()), ItemTable.empty(0), 0, 0);
    metrics.gauge("swarmrec_model_version", "Version of the model being served", cb -> cb.call(current.version()));
    metrics.gauge("swarmrec_model_size", "Size of the served model", cb -> {
      Interactions d = current.data();
      cb.call(d.numUsers(), "users");
      cb.call(d.numItems(), "items");
      cb.call(d.numInteractions(), "interactions");
      cb.call(d.matrixBytes(), "matrix_bytes");
    }, "what");
    metrics.gauge("swarmrec_overlay_users", "Users with events newer than the model", cb -> cb.call(overlay.users()));
    metrics.gauge("swarmrec_pending_events", "Events stored since the model's snapshot", cb -> cb.call(pending.get()));
  }

  /** Builds the first model (blocking), then schedules rebuilds and the store tail. */
  void start() {
    rebuildAsync().join();
    ready = true;
    long interval = cfg.getLong("rebuild-interval-seconds");
    if (interval > 0) {
      scheduler.scheduleWithFixedDelay(this::rebuildQuietly, interval, interval, TimeUnit.SECONDS);
    }
    long tail = cfg.getLong("tail-interval-ms");
    scheduler.scheduleWithFixedDelay(this::tailQuietly, tail, tail, TimeUnit.MILLISECONDS);
  }

  boolean ready() {
    return ready;
  }

  Model current() {
    return current;
  }

  Overlay overlay() {
    return overlay;
  }

  void forget(String user) {
    forgotten.put(user, Long.MAX_VALUE); // in progress: hidden from every model for now
    overlay.forget(user);
  }

  void forgotten(String user) {
    forgotten.put(user, System.nanoTime()); // deletion done: a model built from a later scan no longer has them
  }

  boolean isForgotten(String user) {
    return !forgotten.isEmpty() && forgotten.containsKey(user);
  }

  void eventsArrived(int n) {
    long p = pending.addAndGet(n);
    long threshold = cfg.getLong("rebuild-after-events");
    if (threshold > 0 && p >= threshold && running.get() == null) {
      rebuildAsync();
    }
  }

  /** Starts a rebuild unless one is running; either way returns the running one's future. */
  CompletableFuture<Void> rebuildAsync() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!running.compareAndSet(null, f)) {
      CompletableFuture<Void> r = running.get();
      return r != null ? r : rebuildAsync();
    }
    Thread t = new Thread(() -> {
      try {
        rebuild();
        f.complete(null);
      } catch (Throwable e) {
        LOG.error("model rebuild failed; still serving version {}", current.version(), e);
        f.completeExceptionally(e);
      } finally {
        running.set(null);
      }
    }, "swarmrec-rebuild");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private void rebuildQuietly() {
    try {
      rebuildAsync().join();
    } catch (Exception e) {
      // logged by the rebuild itself
    }
  }

  private void rebuild() {
    long start = System.nanoTime();
    long pendingAtStart = pending.get();
    InteractionsBuilder b = new InteractionsBuilder(weights);
    long[] last = {0};
    long[] unknownTypes = {0};
    SkippedRows skipped = new SkippedRows();
    boolean replay = current.version() == 0; // the first build also rebuilds who was shown what
    store.scan(0, (seq, user, item, type, value, ts) -> {
      last[0] = seq;
      if (type.equals(EventWeights.IMPRESSION)) { // exposure, not preference: never part of the model
        if (replay && ts != Event.NO_TIME) {
          exposure.impression(user, item, ts, seq);
        }
        return;
      }
      float w = weightOf(type, value, unknownTypes);
      String problem = usable(w, ts);
      if (problem != null) {
        skipped.add(problem, seq);
        return;
      }
      b.add(user, item, w, ts);
    });
    if (unknownTypes[0] > 0) {
      LOG.warn("{} stored events have a type without a configured weight; counted with weight 1", unknownTypes[0]);
    }
    skipped.report(metrics);
    skippedRows = skipped.total();
    StoredVectors stored = StoredVectors.load(store, b.items());
    Interactions data = b.build();
    ItemVectors vectors = stored.toItemVectors(data.numItems());
    LOG.info("model data: {} users, {} items ({} with a content vector, {} without interactions), {} interactions"
        + " (up to sequence {}), read in {} s", data.numUsers(), data.numItems(), vectors.size(), stored.added(),
        data.numInteractions(), last[0], secondsSince(start));
    ItemTable items = ItemTable.load(store, data.items()).withDegrees(data.byUser());
    Model m = train(current.version() + 1, data, vectors, items, last[0], start);
    current = m;
    pending.addAndGet(-pendingAtStart);
    if (last[0] > tailSequence) {
      tailSequence = last[0];
    }
    overlay.prune(last[0]);
    forgotten.values().removeIf(doneAt -> doneAt < start);
    metrics.modelBuildSeconds.observe(m.buildSeconds());
    LOG.info("model version {} in service after {} s", m.version(), m.buildSeconds());
    afterSwap.accept(m);
  }

  private Model train(long version, Interactions data, ItemVectors vectors, ItemTable items, long lastSeq,
      long start) {
    Map<String, Recommender> recs = new LinkedHashMap<>();
    recs.put(Model.POP, Algorithms.train(Model.POP, data, Params.empty()));
    recs.put(Model.TRENDING, Algorithms.train(Model.TRENDING, data,
        new Params(Map.of("half_life_hours", cfg.get("trending-half-life-hours")))));
    for (String algo : cfg.algos()) {
      if (!recs.containsKey(algo)) {
        long t0 = System.nanoTime();
        recs.put(algo, Algorithms.train(algo, data, new Params(cfg.algoParams(algo)), vectors));
        if (version > 0) {
          LOG.info("trained {} in {} s", algo, secondsSince(t0));
        }
      }
    }
    releaseUnread(data, recs.values());
    return new Model(version, lastSeq, data, Map.copyOf(recs), items, System.currentTimeMillis(),
        start == 0 ? 0 : secondsSince(start));
  }

  /**
   * Drops the parts of the snapshot no served model reads (item-kNN and popularity need neither weights,
   * times nor the item-major copy: 20 of the 24 bytes per interaction). Safe because every rebuild reads
   * the store again instead of reusing this snapshot.
   */
  private static void releaseUnread(Interactions data, Iterable<Recommender> served) {
    Set<Interactions.Part> keep = EnumSet.noneOf(Interactions.Part.class);
    for (Recommender r : served) {
      keep.addAll(r.servingNeeds());
    }
    long freed = data.release(keep);
    if (freed >= 1 << 20) {
      LOG.info("released {} MB of snapshot parts no served model reads (kept: {})",
          String.format(Locale.ROOT, "%.1f", freed / 1048576.0), keep);
    }
  }

  /** Reads events stored since the last look (by any replica) into the overlay. */
  private void tailQuietly() {
    try {
      long[] max = {tailSequence};
      store.scan(tailSequence, (seq, user, item, type, value, ts) -> {
        if (seq > max[0]) {
          max[0] = seq;
        }
        if (exposures(user, item, type, value, ts, seq)) {
          return;
        }
        float w = weightOf(type, value, null);
        if (usable(w, ts) == null && !isForgotten(user) && overlay.add(user, item, w, ts, seq)) {
          remoteEvent.accept(user); // another replica's event: answers cached here before it are stale
        }
        if (seq > max[0]) {
          max[0] = seq;
        }
      });
      if (max[0] > tailSequence) {
        tailSequence = max[0];
      }
    } catch (Exception e) {
      LOG.warn("store tail failed: {}", e.toString());
    }
  }

  /**
   * Applies an event's effect on what the user was shown: an impression counts, a positive event resets the
   * item's count. Both the local ingest and the tail see every event; {@link Exposure} counts each by its
   * sequence number once. Returns true for an impression, which goes no further.
   */
  boolean exposures(String user, String item, String type, float value, long ts, long seq) {
    if (type.equals(EventWeights.IMPRESSION)) {
      exposure.impression(user, item, ts == Event.NO_TIME ? System.currentTimeMillis() / 1000 : ts, seq);
      return true;
    }
    float w = weightOf(type, value, null);
    if (w > 0) {
      exposure.engaged(user, item, seq);
    }
    return false;
  }

  /** The weight of a stored event: its type's, 1 for a type without a configured weight, NaN when it has none. */
  private float weightOf(String type, float value, long[] unknownTypes) {
    if (weights.knows(type)) {
      try {
        return weights.weight(type, value);
      } catch (IllegalArgumentException e) {
        return Float.NaN; // a rating without a value: not usable
      }
    }
    if (unknownTypes != null) {
      unknownTypes[0]++;
    }
    return 1f;
  }

  /**
   * Why a stored row cannot enter the model, or null when it can. The API accepts only rows that can; this
   * guards against rows written by older versions, other tools or by hand, which must never fail a
   * rebuild or a start.
   */
  static String usable(float weight, long epochSecond) {
    if (!Float.isFinite(weight)) {
      return "weight";
    }
    if (epochSecond != Event.NO_TIME && !EventTime.inRange(epochSecond)) {
      return "time";
    }
    return null;
  }

  /** Rows a rebuild left out: counted by reason, in the metric and in one log line per rebuild. */
  private static final class SkippedRows {
    private final Map<String, long[]> byReason = new LinkedHashMap<>();
    private long firstSeq = -1;

    void add(String reason, long seq) {
      byReason.computeIfAbsent(reason, r -> new long[1])[0]++;
      if (firstSeq < 0) {
        firstSeq = seq;
      }
    }

    long total() {
      long n = 0;
      for (long[] c : byReason.values()) {
        n += c[0];
      }
      return n;
    }

    void report(Metrics metrics) {
      if (byReason.isEmpty()) {
        return;
      }
      byReason.forEach((reason, c) -> metrics.skippedRows.labelValues(reason).inc(c[0]));
      LOG.warn("left out {} stored rows the model cannot use ({}; the first at sequence {}); times must be within {}",
          total(), byReason.entrySet().stream().map(e -> e.getValue()[0] + " " + e.getKey()).toList(), firstSeq,
          EventTime.describe());
    }
  }

  /** The {@code n} users with the most interactions, most active first. */
  static int[] mostActiveUsers(Interactions data, int n) {
    TopK top = new TopK(Math.min(n, data.numUsers()));
    for (int u = 0; u < data.numUsers(); u++) {
      top.offer(u, data.byUser().rowLength(u));
    }
    return top.drain().ids();
  }

  Engine.ModelInfo info() {
    Model m = current;
    return new Engine.ModelInfo(m.version(), m.builtAtMillis(), m.buildSeconds(), m.data().numUsers(),
        m.data().numItems(), m.data().numInteractions(), m.lastSequence(), pending.get(), running.get() != null,
        List.copyOf(m.recommenders().keySet()), skippedRows);
  }

  private static double secondsSince(long start) {
    return Math.round((System.nanoTime() - start) / 1e6) / 1e3;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
