package io.swarmrec.server.engine;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.metrics.Metrics;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The serving engine without any transport: the facade over its pieces, each with one job.
 *
 * <ul>
 *   <li>{@link Reads}: the recommend pipeline (cache -> permit -> scoring under a deadline -> cache) and
 *       the other model lookups;</li>
 *   <li>{@link Writes}: events, items and users, durable before they are acknowledged and visible at once;</li>
 *   <li>{@link Steps}: simulation steps that rescore only what changed;</li>
 *   <li>{@link ModelManager}: builds, swaps and tails; {@link Guards}: threads and overload guards;
 *       {@link Catalogue}: deleted and fresh items.</li>
 * </ul>
 *
 * Every refusal is a {@link Refusal}; the HTTP side (or any other caller) decides what it means to its
 * clients. Inputs are validated before they get here: events and items arrive as the store's own records.
 */
public final class Engine implements AutoCloseable {
  private final EngineSettings settings;
  private final InteractionStore store;
  private final RecCache cache;
  private final ModelManager models;
  private final Guards guards;
  private final Reads reads;
  private final Writes writes;
  private final Steps steps;
  private final StoreProbe probe;
  private final FollowGraph graph;
  private final EventWeights weights = EventWeights.defaults();

  public Engine(ServerConfig cfg, Metrics metrics, InteractionStore store, RecCache cache) {
    this.settings = EngineSettings.from(cfg);
    this.store = store;
    this.cache = cache;
    this.guards = new Guards(settings.workerThreads(), settings.maxConcurrent(), metrics);
    Catalogue catalogue = new Catalogue(store.deletedItems());
    Reads[] late = new Reads[1]; // the model manager calls back into the pipeline after each swap
    Exposure exposure = new Exposure();
    FollowGraph follows = new FollowGraph();
    this.graph = follows;
    this.models = new ModelManager(cfg, metrics, store, weights, exposure, m -> {
      follows.load(store); // other replicas' follows arrive with each swap
      late[0].afterSwap(m);
    }, cache::invalidateUser);
    Feed feed = new Feed(settings.feed(), models, catalogue, exposure, graph);
    this.reads = new Reads(settings, metrics, cache, models, catalogue, guards, feed);
    late[0] = reads;
    this.writes = new Writes(settings, metrics, store, cache, models, catalogue, guards, weights, graph,
        new Idempotency(cfg.getLong("idempotency-window-seconds") * 1000, cfg.getInt("idempotency-max-keys"),
            System::currentTimeMillis));
    this.steps = new Steps(models, catalogue, guards, reads, exposure);
    metrics.gauge("swarmrec_exposure_users", "Users with items shown to them (rotation)", cb -> cb.call(exposure.users()));
    this.probe = new StoreProbe(store, 1000, Math.max(3000, settings.storeTimeoutMs() * 2));
    metrics.gauge("swarmrec_store_connections", "Store connection pool, by state", cb -> {
      var s = store.stats();
      cb.call(s.activeConnections(), "active");
      cb.call(s.idleConnections(), "idle");
      cb.call(s.totalConnections(), "total");
      cb.call(s.pendingThreads(), "waiting_threads");
    }, "state");
    metrics.gauge("swarmrec_store_reachable", "1 while the store answers its probe", cb -> cb.call(probe.reachable() ? 1 : 0));
  }

  /** Builds the first model (blocking) and starts the background rebuild and tail schedules. */
  public void start() {
    models.start();
  }

  /** Whether the first model is built. */
  public boolean ready() {
    return models.ready();
  }

  /** Whether the store answered its probe lately; see {@link #storeProblem()}. */
  public boolean storeReachable() {
    return probe.reachable();
  }

  /** The last store probe's failure, or null. */
  public String storeProblem() {
    return probe.lastError();
  }

  /** The pool that runs scoring; streamed answers are produced there. */
  public Executor workers() {
    return guards.workers();
  }

  /** Every algorithm a request may name: the configured ones plus pop and trending. */
  public List<String> algos() {
    return settings.served();
  }

  public boolean serves(String algo) {
    return settings.serves(algo);
  }

  public String defaultAlgo() {
    return settings.defaultAlgo();
  }

  public int maxK() {
    return settings.maxK();
  }

  public boolean knowsEventType(String type) {
    return weights.knows(type);
  }

  public Set<String> eventTypes() {
    return weights.asMap().keySet();
  }

  // ---- writes

  /** What an ingest call did: events received, events stored (the others were resent ids), last sequence. */
  public record Ingested(int received, int stored, long lastSequence) {}

  /** Stores a validated batch durably, then makes it visible; see {@link Writes#ingest}. */
  public CompletableFuture<Ingested> ingest(List<EventIn> events, String idempotencyKey) {
    return writes.ingest(events, idempotencyKey, null);
  }

  /**
   * {@link #ingest(List, String)} that records the positions of the events' source in the same store
   * transaction ({@link InteractionStore#appendAsync(List, Map)}), for consumers of a log such as Kafka.
   */
  public CompletableFuture<Ingested> ingest(List<EventIn> events, Map<String, Long> positions) {
    return writes.ingest(events, null, positions);
  }

  /** The source positions stored with events ({@link InteractionStore#sourcePositions}). */
  public Map<String, Long> sourcePositions(String prefix) {
    return store.sourcePositions(prefix);
  }

  public CompletableFuture<Void> putItem(ItemMeta meta) {
    return writes.putItem(meta);
  }

  /** Stores follow and unfollow changes durably, then the feeds see them at once; completes with how many changed. */
  public CompletableFuture<Integer> follow(List<io.swarmrec.store.Follow> changes) {
    return writes.follow(changes);
  }

  /** Stores many items in one transaction, then rules and feeds see them at once; completes with how many were stored. */
  public CompletableFuture<Integer> putItems(List<ItemMeta> metas) {
    return writes.putItems(metas);
  }

  /** Every user the served model knows, in its dense order (a step's {@code "all"}). */
  public List<String> knownUsers() {
    var users = models.current().data().users();
    List<String> out = new java.util.ArrayList<>(users.size());
    for (int u = 0; u < users.size(); u++) {
      if (!models.isForgotten(users.key(u))) {
        out.add(users.key(u));
      }
    }
    return out;
  }

  /** Whom {@code user} follows, as this replica knows it. */
  public List<String> following(String user) {
    return List.of(graph.following(user));
  }

  public CompletableFuture<Void> deleteItem(String item) {
    return writes.deleteItem(item);
  }

  public CompletableFuture<Integer> forgetUser(String user) {
    return writes.forgetUser(user);
  }

  // ---- reads

  public CompletableFuture<RecResult> recommend(RecRequest r) {
    return settings.recordImpressions() ? reads.recommend(r).thenApply(this::served) : reads.recommend(r);
  }

  /** Many users at once, each isolated: a user whose scoring fails gets the fallback, the others are untouched. */
  public CompletableFuture<List<RecResult>> recommendBatch(List<RecRequest> reqs) {
    return settings.recordImpressions() ? reads.recommendBatch(reqs).thenApply(this::served)
        : reads.recommendBatch(reqs);
  }

  /** With {@code record-impressions}: what was served becomes the user's impressions. */
  private RecResult served(RecResult r) {
    if (r != null) {
      writes.recordImpressions(r.user(), r.items());
    }
    return r;
  }

  private List<RecResult> served(List<RecResult> rs) {
    rs.forEach(this::served);
    return rs;
  }

  /** One simulation step; see {@link Steps}. */
  public CompletableFuture<List<RecResult>> step(List<String> users, int k, String algo) {
    return steps.step(users, k, algo, FeedRules.NONE);
  }

  /** One simulation step under feed rules; see {@link Steps}. */
  public CompletableFuture<List<RecResult>> step(List<String> users, int k, String algo, FeedRules rules) {
    CompletableFuture<List<RecResult>> f = steps.step(users, k, algo, rules);
    return settings.recordImpressions() ? f.thenApply(this::served) : f;
  }

  /**
   * A caller's candidates ordered for {@code r}'s user by the model, under the request's rules: the slate API
   * of simulators and re-ranking stacks. Items the model does not know come last, in the given order.
   */
  public CompletableFuture<Ranked> rank(RecRequest r, List<String> items) {
    return reads.rank(r, items);
  }

  /** A ranked slate: the known items scored, then the unknown ones as given. */
  public record Ranked(RecResult result, List<String> unknown) {}

  /** Top-k of {@code algo} for every user of the served model, in process; see {@link Reads#recommendEveryone}. */
  public Everyone recommendEveryone(String algo, int k) {
    return reads.recommendEveryone(algo, k);
  }

  /**
   * Lists for every user of a model, with the model's dictionaries to name them.
   *
   * @param lists one per user, indexed by the user's id in {@code users}; item ids index {@code items}
   */
  public record Everyone(IdDictionary users, IdDictionary items, ScoredIds[] lists) {}

  /** A ranked list with external ids, for similar items/users and popular. */
  public record Scored(String algo, String[] ids, float[] scores) {}

  public CompletableFuture<Scored> similarItems(String item, int k, String algo) {
    return reads.similarItems(item, k, algo);
  }

  public CompletableFuture<Scored> similarUsers(String user, int k, String algo) {
    return reads.similarUsers(user, k, algo);
  }

  public CompletableFuture<Scored> popular(int k, boolean trending) {
    return reads.popular(k, trending);
  }

  // ---- model

  /** What {@code GET /v1/model} reports. */
  public record ModelInfo(long version, long builtAtMillis, double buildSeconds, int users, int items,
      long interactions, long lastSequence, long pendingEvents, boolean rebuilding, List<String> algos,
      long skippedRows) {}

  public ModelInfo modelInfo() {
    return models.info();
  }

  public CompletableFuture<Void> rebuildNow() {
    return models.rebuildAsync();
  }

  @Override
  public void close() {
    probe.close();
    models.close();
    guards.close();
    cache.close();
    store.close();
  }
}
