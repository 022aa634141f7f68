package io.swarmrec.server.engine;

import io.swarmrec.algo.ItemVectorScorer;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.SimulationSteps;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.http.ApiException;
import io.swarmrec.server.metrics.Metrics;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving engine: the request pipeline between the HTTP API and the model.
 *
 * <p>A recommendation request goes cache (L1, then L2) -> concurrency permit -> scoring on a worker
 * thread under a deadline -> cache. Three guards keep latency bounded under overload: a permit per scoring
 * call (none left: 429 with Retry-After, instead of an unbounded queue, the lesson of Little's law: a queue
 * in front of a saturated service only adds waiting time), a deadline per request (late or failed scoring:
 * the popularity ranking answers, marked {@code degraded}), and a bounded worker queue.
 *
 * <p>Between rebuilds, the {@link Overlay} makes a user's new events part of their very next request, and
 * other replicas learn of them by tailing the store ({@link ModelManager}). Forgotten users and deleted
 * items take effect at once, before any rebuild.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final ServerConfig cfg;
  private final Metrics metrics;
  private final InteractionStore store;
  private final RecCache cache;
  private final ModelManager models;
  private final EventWeights weights = EventWeights.defaults();
  private final Set<String> deletedItems = ConcurrentHashMap.newKeySet();
  private final FreshItems freshItems = new FreshItems();
  private final ThreadPoolExecutor workers;
  private final ExecutorService io;
  private final Semaphore permits;
  private final long deadlineMs;
  private final Map<String, StepState> steps = new HashMap<>(); // by algo and list length; guarded by itself
  private final AtomicLong stepGeneration = new AtomicLong(); // bumped when every step answer must go

  public Engine(ServerConfig cfg, Metrics metrics, InteractionStore store, RecCache cache) {
    this.cfg = cfg;
    this.metrics = metrics;
    this.store = store;
    this.cache = cache;
    int threads = cfg.workerThreads();
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(64, cfg.getInt("max-concurrent") * 2)), r -> {
          Thread t = new Thread(r, "swarmrec-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.io = Executors.newFixedThreadPool(Math.max(4, threads * 2), r -> {
      Thread t = new Thread(r, "swarmrec-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.permits = new Semaphore(cfg.getInt("max-concurrent"));
    this.deadlineMs = cfg.getLong("deadline-ms");
    this.deletedItems.addAll(store.deletedItems());
    this.models = new ModelManager(cfg, metrics, store, weights, this::afterSwap, cache::invalidateUser);
    metrics.gauge("swarmrec_inflight_scoring", "Scoring calls holding a permit",
        cb -> cb.call(cfg.getInt("max-concurrent") - permits.availablePermits()));
    metrics.gauge("swarmrec_worker_queue", "Tasks waiting for a worker thread", cb -> cb.call(workers.getQueue().size()));
    metrics.gauge("swarmrec_store_connections", "Store connection pool, by state", cb -> {
      var s = store.stats();
      cb.call(s.activeConnections(), "active");
      cb.call(s.idleConnections(), "idle");
      cb.call(s.totalConnections(), "total");
      cb.call(s.pendingThreads(), "waiting_threads");
    }, "state");
  }

  /** Builds the first model (blocking) and starts the background rebuild and tail schedules. */
  public void start() {
    models.start();
  }

  public boolean ready() {
    return models.ready();
  }

  public Executor workers() {
    return workers;
  }

  public List<String> algos() {
    return cfg.algos();
  }

  public boolean knowsEventType(String type) {
    return weights.knows(type);
  }

  public Set<String> eventTypes() {
    return weights.asMap().keySet();
  }

  // ---- writes

  /**
   * Stores events durably, then makes them visible: overlay, cache invalidation, rebuild accounting. No
   * thread waits for the commit: the store's group commit completes the future (and the request) when the
   * transaction holding these events has committed, so concurrent requests share commits instead of queuing
   * for the writer; the hop to the I/O pool keeps a store that appends in the caller's thread off the event
   * loop, and the visibility work runs there too, not on the store's committer.
   */
  public CompletableFuture<Long> ingest(List<EventIn> in) {
    return ingest(in, null);
  }

  /**
   * {@link #ingest(List)} that records the positions of the events' source in the same store transaction
   * ({@link InteractionStore#appendAsync(List, Map)}; null: none), for consumers of a log such as Kafka.
   */
  public CompletableFuture<Long> ingest(List<EventIn> in, Map<String, Long> positions) {
    List<Event> events = new ArrayList<>(in.size());
    for (EventIn e : in) {
      events.add(new Event(e.user(), e.item(), e.type(), e.value(), e.epochSecond()));
    }
    return CompletableFuture.supplyAsync(() -> positions == null ? store.appendAsync(events)
            : store.appendAsync(events, positions), io)
        .thenCompose(committed -> committed)
        .thenApplyAsync(seq -> afterCommit(events, seq), io);
  }

  /** The source positions stored with events ({@link InteractionStore#sourcePositions}). */
  public Map<String, Long> sourcePositions(String prefix) {
    return store.sourcePositions(prefix);
  }

  private long afterCommit(List<Event> events, long seq) {
    metrics.events.inc(events.size());
    Set<String> users = new java.util.HashSet<>();
    for (Event e : events) {
      models.overlay().add(e.user(), e.item(), weights.weight(e.type(), e.value()), e.epochSecond(), seq);
      users.add(e.user());
    }
    for (String u : users) {
      cache.invalidateUser(u);
    }
    models.eventsArrived(events.size());
    return seq;
  }

  public CompletableFuture<Void> putItem(ItemMetaIn m) {
    ItemMeta meta = new ItemMeta(m.item(), m.categories(), m.tags(),
        m.createdEpochSecond() == Long.MIN_VALUE ? Event.NO_TIME : m.createdEpochSecond(), m.vector());
    return CompletableFuture.runAsync(() -> {
      if (store.putItem(meta) && meta.hasVector()
          && !freshItems.put(meta.item(), meta.vector(), models.current().data().items())) {
        LOG.debug("{} new items with vectors wait for the next rebuild; {} is not served before it",
            FreshItems.MAX, meta.item());
      }
    }, io);
  }

  public CompletableFuture<Void> deleteItem(String item) {
    return CompletableFuture.runAsync(() -> {
      store.deleteItem(item);
      deletedItems.add(item);
      freshItems.remove(item);
      stepGeneration.incrementAndGet();
      cache.invalidateAll();
    }, io);
  }

  public CompletableFuture<Integer> forgetUser(String user) {
    return CompletableFuture.supplyAsync(() -> {
      models.forget(user);
      int n = store.forgetUser(user);
      models.forgotten(user);
      cache.invalidateUser(user);
      return n;
    }, io);
  }

  // ---- reads

  public CompletableFuture<RecResult> recommend(RecRequest r) {
    long start = System.nanoTime();
    boolean cacheable = r.exclude().isEmpty();
    if (cacheable) {
      // an L1 hit is answered right here, on the caller's thread (the event loop): no hand-off, no I/O
      RecResult local = cache.getLocal(r);
      if (local != null && !missesFreshItems(local)) {
        metrics.recommendSeconds(r.algo(), local.source()).observe((System.nanoTime() - start) / 1e9);
        return CompletableFuture.completedFuture(local);
      }
      return cache.getShared(r).thenCompose(hit -> {
        if (hit != null && !missesFreshItems(hit)) {
          metrics.recommendSeconds(r.algo(), hit.source()).observe((System.nanoTime() - start) / 1e9);
          return CompletableFuture.completedFuture(hit);
        }
        Overlay.Delta before = models.overlay().get(r.user());
        long freshBefore = freshItems.changedAtMillis();
        return computeGuarded(r, start).thenApply(res -> {
          // an answer computed while the user acted, while fresh items changed, or from a model swapped out
          // meanwhile, is served but not kept
          if (!res.degraded() && models.overlay().get(r.user()) == before
              && freshItems.changedAtMillis() == freshBefore && res.modelVersion() == models.current().version()) {
            cache.put(r, res);
          }
          return res;
        });
      });
    }
    return computeGuarded(r, start);
  }

  /**
   * Whether a cached answer of a model that merges fresh items (a content-vector model) was stored at or before
   * the last change to them: then it may lack a post stored since, so it is computed again. Answers of other
   * models, and every answer while no fresh items changed, are used as they are.
   */
  private boolean missesFreshItems(RecResult cached) {
    long changed = freshItems.changedAtMillis();
    return changed != 0 && cached.cachedAtMillis() <= changed
        && models.current().recommender(cached.algo()) instanceof ItemVectorScorer;
  }

  /** Many users at once, each isolated: a user whose scoring fails gets the fallback, the others are untouched. */
  public CompletableFuture<List<RecResult>> recommendBatch(List<RecRequest> reqs) {
    List<CompletableFuture<RecResult>> fs = new ArrayList<>(reqs.size());
    for (RecRequest r : reqs) {
      if (r == null) {
        fs.add(CompletableFuture.completedFuture(null));
      } else {
        fs.add(recommendBatchMember(r));
      }
    }
    return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<RecResult> out = new ArrayList<>(fs.size());
      for (CompletableFuture<RecResult> f : fs) {
        out.add(f.join());
      }
      return out;
    });
  }

  /**
   * Top-k of {@code algo} for every user the served model knows, straight from its recommender on every
   * core: a whole simulation step in process, without HTTP, cache, deadline or per-user overlay (events
   * newer than the model are not seen). For benchmarks and offline batch jobs, not for serving.
   */
  public Everyone recommendEveryone(String algo, int k) {
    Model m = models.current();
    Recommender rec = m.recommender(algo);
    if (rec == null) {
      throw new IllegalArgumentException("algo '" + algo + "' is not served; served: " + m.recommenders().keySet());
    }
    if (k < 1 || k > cfg.getInt("max-k")) {
      throw new IllegalArgumentException("k must be between 1 and " + cfg.getInt("max-k") + ", got " + k);
    }
    int[] users = new int[m.data().numUsers()];
    java.util.Arrays.setAll(users, u -> u);
    return new Everyone(m.data().users(), m.data().items(), rec.recommendAll(users, k, RecOptions.DEFAULT));
  }

  /**
   * Lists for every user of a model, with the model's dictionaries to name them.
   *
   * @param lists one per user, indexed by the user's id in {@code users}; item ids index {@code items}
   */
  public record Everyone(IdDictionary users, IdDictionary items, ScoredIds[] lists) {}

  private CompletableFuture<RecResult> recommendBatchMember(RecRequest r) {
    return recommend(r).exceptionally(t -> fallback(models.current(), r, "overload"));
  }

  private CompletableFuture<RecResult> computeGuarded(RecRequest r, long start) {
    if (!permits.tryAcquire()) {
      metrics.shed.inc();
      CompletableFuture<RecResult> f = new CompletableFuture<>();
      f.completeExceptionally(new ApiException(429, "overloaded", "too many requests in flight; retry shortly", 1));
      return f;
    }
    Model m = models.current();
    CompletableFuture<RecResult> work;
    try {
      work = CompletableFuture.supplyAsync(() -> compute(m, r), workers);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      permits.release();
      metrics.shed.inc();
      CompletableFuture<RecResult> f = new CompletableFuture<>();
      f.completeExceptionally(new ApiException(503, "overloaded", "worker queue full; retry shortly", 1));
      return f;
    }
    work.whenComplete((x, t) -> permits.release());
    return work.orTimeout(deadlineMs, TimeUnit.MILLISECONDS).handle((res, t) -> {
      if (t == null) {
        metrics.recommendSeconds(r.algo(), res.source()).observe((System.nanoTime() - start) / 1e9);
        return res;
      }
      Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
      String reason = cause instanceof java.util.concurrent.TimeoutException ? "deadline" : "error";
      if (reason.equals("error")) {
        LOG.warn("scoring failed for user {} with {}", r.user(), r.algo(), cause);
      }
      RecResult fb = fallback(m, r, reason);
      metrics.recommendSeconds(r.algo(), "fallback").observe((System.nanoTime() - start) / 1e9);
      return fb;
    });
  }

  /**
   * Scores one user against one model; runs on a worker thread. A list shorter than asked (a user whose
   * history reaches few items) is filled up from the popularity ranking with score 0, below every
   * collaborative score; a user the model cannot score at all gets the popularity ranking itself.
   */
  RecResult compute(Model m, RecRequest r) {
    Scoring s = Scoring.of(m, models, r, deletedItems);
    Recommender rec = m.recommender(r.algo());
    ScoredIds scored = scoreDense(m, rec, s);
    if (scored == null) {
      return s.toResult(m, m.popular().recommend(s.user(), s.want(), s.options()), m.popular().name(), false,
          "computed");
    }
    RecResult res = s.toResult(m, scored, r.algo(), false, "computed");
    return rec instanceof ItemVectorScorer scorer && !freshItems.isEmpty() ? withFreshItems(res, r, s, scorer) : res;
  }

  /** Merges items stored with a vector since the model was built (cold start before the rebuild). */
  private RecResult withFreshItems(RecResult res, RecRequest r, Scoring s, ItemVectorScorer scorer) {
    float[] user = new float[scorer.dimensions()];
    if (!scorer.userVector(s.user(), s.options(), user)) {
      return res;
    }
    Set<String> seenOrExcluded = new java.util.HashSet<>(r.exclude());
    Overlay.Delta d = models.overlay().get(r.user());
    if (d != null) {
      seenOrExcluded.addAll(d.itemList());
    }
    return freshItems.mergeInto(res, r.k(), scorer, user,
        item -> seenOrExcluded.contains(item) || deletedItems.contains(item));
  }

  /** The algorithm's list, filled up from popularity when short; null when it has nothing for the user. */
  private static ScoredIds scoreDense(Model m, Recommender rec, Scoring s) {
    boolean known = s.user() >= 0 || s.extraItems().length > 0;
    ScoredIds scored = known && rec != null ? rec.recommend(s.user(), s.want(), s.options()) : ScoredIds.empty();
    if (scored.size() == 0) {
      return null;
    }
    return scored.size() < s.want() ? backfill(m, s, scored) : scored;
  }

  private static ScoredIds backfill(Model m, Scoring s, ScoredIds scored) {
    RecOptions o = s.options();
    int[] ex = java.util.Arrays.copyOf(o.exclude(), o.exclude().length + scored.size());
    System.arraycopy(scored.ids(), 0, ex, o.exclude().length, scored.size());
    ScoredIds pop = m.popular().recommend(s.user(), s.want() - scored.size(), o.withExclude(ex));
    int n = scored.size() + pop.size();
    int[] ids = java.util.Arrays.copyOf(scored.ids(), n);
    float[] scores = java.util.Arrays.copyOf(scored.scores(), n);
    System.arraycopy(pop.ids(), 0, ids, scored.size(), pop.size()); // scores stay 0
    return new ScoredIds(ids, scores);
  }

  private RecResult fallback(Model m, RecRequest r, String reason) {
    metrics.degraded.labelValues(reason).inc();
    Scoring s = Scoring.of(m, models, r, deletedItems);
    ScoredIds scored = m.popular().recommend(s.user(), s.want(), s.options());
    return s.toResult(m, scored, m.popular().name(), true, "fallback");
  }

  /**
   * One simulation step: the answers for {@code users} now, as a batch would give them (the users' newest
   * events count, items deleted since the build are left out, short lists are filled from popularity),
   * but scoring again only the users whose inputs changed since the previous step with the same algorithm
   * and k: their overlay events (compared by identity: every new event replaces a user's overlay entry),
   * the model (a swap rescores everyone) or the deleted items. The rest come from the previous step's
   * table ({@link SimulationSteps}) with source {@code step}; rescored ones have source {@code computed}.
   * No deadline and no permits: a step is a bulk job for a simulation driver, run on one worker thread
   * that fans out over every core. Users unknown to the model are scored at every step.
   */
  public CompletableFuture<List<RecResult>> step(List<String> users, int k, String algo) {
    try {
      return CompletableFuture.supplyAsync(() -> stepNow(users, k, algo), workers);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return failed(new ApiException(503, "overloaded", "worker queue full; retry shortly", 1));
    }
  }

  /** Per (algo, list length): the table and what its answers were computed from. */
  private static final class StepState {
    final SimulationSteps table;
    final Model model;
    final Overlay.Delta[] inputs; // the overlay entry each user was last scored with
    final boolean[] popular; // the answer came from popularity alone (unknown to the model's algorithm)
    long generation;

    StepState(Model model, int want, long generation) {
      this.model = model;
      int n = model.data().numUsers();
      this.table = new SimulationSteps(n, want);
      this.inputs = new Overlay.Delta[n];
      this.popular = new boolean[n];
      this.generation = generation;
    }
  }

  private List<RecResult> stepNow(List<String> users, int k, String algo) {
    Model m = models.current();
    Recommender rec = recommenderOrFail(m, algo);
    int want = k + Math.min(deletedItems.size(), 100);
    synchronized (steps) {
      String key = algo + "/" + want;
      StepState st = steps.get(key);
      if (st == null || st.model != m) {
        if (st != null) {
          steps.clear(); // tables of an old model are dead weight
        }
        st = new StepState(m, want, stepGeneration.get());
        steps.put(key, st);
      }
      long generation = stepGeneration.get();
      if (st.generation != generation) {
        st.table.changedAll();
        st.generation = generation;
      }
      int[] dense = new int[users.size()];
      int known = 0;
      for (int i = 0; i < dense.length; i++) {
        String u = users.get(i);
        int id = models.isForgotten(u) ? -1 : m.data().users().get(u);
        dense[i] = id;
        if (id >= 0) {
          Overlay.Delta d = models.overlay().get(u);
          if (d != st.inputs[id]) {
            st.table.changed(id);
            st.inputs[id] = d;
          }
          known++;
        }
      }
      int[] agents = new int[known];
      for (int i = 0, n = 0; i < dense.length; i++) {
        if (dense[i] >= 0) {
          agents[n++] = dense[i];
        }
      }
      StepState state = st;
      state.table.stepWith(m, agents, agent -> {
        Scoring s = Scoring.of(m, models, new RecRequest(m.data().users().key(agent), k, algo, List.of(), null,
            null, null), deletedItems);
        ScoredIds scored = scoreDense(m, rec, s);
        state.popular[agent] = scored == null;
        return scored == null ? m.popular().recommend(s.user(), s.want(), s.options()) : scored;
      }, rec::batchOrder);
      int number = state.table.steps();
      List<RecResult> out = new ArrayList<>(users.size());
      for (int i = 0; i < dense.length; i++) {
        int id = dense[i];
        if (id < 0) {
          out.add(compute(m, new RecRequest(users.get(i), k, algo, List.of(), null, null, null)));
          continue;
        }
        Scoring s = new Scoring(id, k, want, null, deletedItems, users.get(i));
        String source = state.table.scoredAt(id) == number ? "computed" : "step";
        out.add(s.toResult(m, state.table.result(id), state.popular[id] ? m.popular().name() : algo, false, source));
      }
      return out;
    }
  }

  /** A ranked list with external ids, for similar items/users and popular. */
  public record Scored(String algo, String[] ids, float[] scores) {}

  public CompletableFuture<Scored> similarItems(String item, int k, String algo) {
    Model m = models.current();
    int id = m.data().items().get(item);
    if (id < 0 || deletedItems.contains(item)) {
      return failed(new ApiException(404, "unknown_item", "item '" + item + "' is not in the model"));
    }
    return onWorker(() -> {
      ScoredIds s = recommenderOrFail(m, algo).similarItems(id, k + Math.min(deletedItems.size(), 100));
      return names(algo, m.data().items(), s, k, true);
    });
  }

  public CompletableFuture<Scored> similarUsers(String user, int k, String algo) {
    Model m = models.current();
    int id = models.isForgotten(user) ? -1 : m.data().users().get(user);
    if (id < 0) {
      return failed(new ApiException(404, "unknown_user", "user '" + user + "' is not in the model"));
    }
    return onWorker(() -> names(algo, m.data().users(), recommenderOrFail(m, algo).similarUsers(id, k), k, false));
  }

  public CompletableFuture<Scored> popular(int k, boolean trending) {
    Model m = models.current();
    Recommender p = trending ? m.trending() : m.popular();
    ScoredIds s = p.recommend(-1, k + Math.min(deletedItems.size(), 1000), RecOptions.DEFAULT);
    return CompletableFuture.completedFuture(names(p.name(), m.data().items(), s, k, true));
  }

  private Recommender recommenderOrFail(Model m, String algo) {
    Recommender rec = m.recommender(algo);
    if (rec == null) {
      throw new ApiException(503, "not_ready", "model has no " + algo + " yet", 1);
    }
    return rec;
  }

  private Scored names(String algo, IdDictionary dict, ScoredIds s, int k, boolean items) {
    int n = Math.min(k, s.size());
    List<String> ids = new ArrayList<>(n);
    float[] scores = new float[n];
    for (int i = 0; i < s.size() && ids.size() < k; i++) {
      String key = dict.key(s.id(i));
      if (items && deletedItems.contains(key)) {
        continue;
      }
      scores[ids.size()] = s.score(i);
      ids.add(key);
    }
    return new Scored(algo, ids.toArray(String[]::new), java.util.Arrays.copyOf(scores, ids.size()));
  }

  private <T> CompletableFuture<T> onWorker(java.util.function.Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return work.get();
        } catch (UnsupportedOperationException e) {
          throw new ApiException(400, "unsupported", e.getMessage());
        }
      }, workers);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return failed(new ApiException(503, "overloaded", "worker queue full; retry shortly", 1));
    }
  }

  private static <T> CompletableFuture<T> failed(Throwable t) {
    CompletableFuture<T> f = new CompletableFuture<>();
    f.completeExceptionally(t);
    return f;
  }

  // ---- model

  public ModelInfo modelInfo() {
    return models.info();
  }

  public CompletableFuture<Void> rebuildNow() {
    return models.rebuildAsync();
  }

  /** What {@code GET /v1/model} reports. */
  public record ModelInfo(long version, long builtAtMillis, double buildSeconds, int users, int items,
      long interactions, long lastSequence, long pendingEvents, boolean rebuilding, List<String> algos) {}

  /** After each swap: cached answers of the old model go, and the most active users are computed again. */
  private void afterSwap(Model m) {
    freshItems.pruneKnown(m.data().items());
    cache.invalidateAll();
    int warm = cfg.getInt("warm-users");
    if (warm <= 0 || m.data().numUsers() == 0) {
      return;
    }
    List<RecRequest> reqs = new ArrayList<>();
    for (int u : ModelManager.mostActiveUsers(m.data(), warm)) {
      for (int k : new int[] {5, 10, 20}) {
        if (k <= cfg.getInt("max-k")) {
          reqs.add(new RecRequest(m.data().users().key(u), k, cfg.defaultAlgo(), List.of(), null, null, null));
        }
      }
    }
    cache.warm(reqs, r -> compute(m, r));
  }

  @Override
  public void close() {
    models.close();
    workers.shutdownNow();
    io.shutdown();
    try {
      io.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cache.close();
    store.close();
  }
}
