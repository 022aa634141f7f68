package io.swarmrec.server.engine;

import io.swarmrec.algo.ItemVectorScorer;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.server.metrics.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommend pipeline: cache (L1 on the caller's thread, then L2) -> scoring permit -> scoring on a
 * worker under the deadline -> cache. A late or failed scoring call answers with the popularity ranking,
 * marked {@code degraded}; an answer computed while its inputs changed (the user acted, fresh items
 * changed, the model was swapped) is served but not kept. Also the other model lookups: similar items
 * and users, popular and trending lists.
 */
final class Reads {
  private static final Logger LOG = LoggerFactory.getLogger(Reads.class);

  private final EngineSettings settings;
  private final Metrics metrics;
  private final RecCache cache;
  private final ModelManager models;
  private final Catalogue catalogue;
  private final Guards guards;
  private final Feed feed;

  Reads(EngineSettings settings, Metrics metrics, RecCache cache, ModelManager models, Catalogue catalogue,
      Guards guards, Feed feed) {
    this.feed = feed;
    this.settings = settings;
    this.metrics = metrics;
    this.cache = cache;
    this.models = models;
    this.catalogue = catalogue;
    this.guards = guards;
  }

  Feed feed() {
    return feed;
  }

  CompletableFuture<RecResult> recommend(RecRequest r) {
    long start = System.nanoTime();
    if (!r.exclude().isEmpty() || (r.rules() != FeedRules.NONE && !feed.cacheable(r.rules()))) {
      return computeGuarded(r, start); // an answer for this one request: not kept
    }
    // an L1 hit is answered right here, on the caller's thread (the event loop): no hand-off, no I/O
    RecResult local = cache.getLocal(r);
    if (local != null && !stale(local, r)) {
      metrics.recommendSeconds(r.algo(), local.source()).observe((System.nanoTime() - start) / 1e9);
      return CompletableFuture.completedFuture(local);
    }
    return cache.getShared(r).thenCompose(hit -> {
      if (hit != null && !stale(hit, r)) {
        metrics.recommendSeconds(r.algo(), hit.source()).observe((System.nanoTime() - start) / 1e9);
        return CompletableFuture.completedFuture(hit);
      }
      Overlay.Delta before = models.overlay().get(r.user());
      long freshBefore = catalogue.fresh.changedAtMillis();
      long metaBefore = catalogue.lastChangeMillis();
      return computeGuarded(r, start).thenApply(res -> {
        if (!res.degraded() && !res.exhausted() && models.overlay().get(r.user()) == before
            && catalogue.fresh.changedAtMillis() == freshBefore && catalogue.lastChangeMillis() == metaBefore
            && res.modelVersion() == models.current().version()) {
          cache.put(r, res);
        }
        return res;
      });
    });
  }

  /**
   * Whether a cached answer may be out of date: it misses fresh items ({@link #missesFreshItems}), or it was
   * computed under rules before item metadata changed (a filter may now decide otherwise).
   */
  private boolean stale(RecResult cached, RecRequest r) {
    return missesFreshItems(cached)
        || (feed.applies(r) && cached.cachedAtMillis() <= catalogue.lastChangeMillis());
  }

  /**
   * Whether a cached answer of a model that merges fresh items (a content-vector model) was stored at or before
   * the last change to them: then it may lack a post stored since, so it is computed again. Answers of other
   * models, and every answer while no fresh items changed, are used as they are.
   */
  private boolean missesFreshItems(RecResult cached) {
    long changed = catalogue.fresh.changedAtMillis();
    return changed != 0 && cached.cachedAtMillis() <= changed
        && models.current().recommender(cached.algo()) instanceof ItemVectorScorer;
  }

  /** Many users at once, each isolated: a user whose scoring fails gets the fallback, the others are untouched. */
  CompletableFuture<List<RecResult>> recommendBatch(List<RecRequest> reqs) {
    List<CompletableFuture<RecResult>> fs = new ArrayList<>(reqs.size());
    for (RecRequest r : reqs) {
      fs.add(r == null ? CompletableFuture.completedFuture(null)
          : recommend(r).exceptionally(t -> fallback(models.current(), r, "overload")));
    }
    return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<RecResult> out = new ArrayList<>(fs.size());
      for (CompletableFuture<RecResult> f : fs) {
        out.add(f.join());
      }
      return out;
    });
  }

  private CompletableFuture<RecResult> computeGuarded(RecRequest r, long start) {
    Model m = models.current();
    return guards.scoring(() -> compute(m, r)).orTimeout(settings.deadlineMs(), TimeUnit.MILLISECONDS)
        .handle((res, t) -> {
          if (t == null) {
            metrics.recommendSeconds(r.algo(), res.source()).observe((System.nanoTime() - start) / 1e9);
            return res;
          }
          Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
          if (cause instanceof Refusal refusal) {
            throw refusal; // overload: the caller decides (429 for one request, the fallback in a batch)
          }
          String reason = cause instanceof TimeoutException ? "deadline" : "error";
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
    Scoring s = Scoring.of(m, models, r, catalogue.deleted);
    Recommender rec = m.recommender(r.algo());
    if (feed.applies(r)) {
      RecResult res = feedResult(m, s, feed.compute(m, s, r, rec));
      return r.rules().networkShare() > 0 ? withNetwork(res, feed.network(m, s, r, r.k()), r) : res;
    }
    ScoredIds scored = scoreDense(m, rec, s);
    if (scored == null) {
      return s.toResult(m, m.popular().recommend(s.user(), s.want(), s.options()), m.popular().name(), false,
          "computed");
    }
    RecResult res = s.toResult(m, scored, r.algo(), false, "computed");
    return rec instanceof ItemVectorScorer scorer && !catalogue.fresh.isEmpty()
        ? withFreshItems(res, r, s, scorer) : res;
  }

  private static RecResult feedResult(Model m, Scoring s, Feed.Answer a) {
    RecResult res = s.toResult(m, a.list(), a.algo(), false, "computed");
    return new RecResult(res.user(), res.algo(), false, res.source(), res.modelVersion(), res.items(), res.scores(),
        null, 0, a.exhausted() || res.items().length < s.k(), a.why());
  }

  /**
   * Mixes the network source into an answer: {@code round(network_share * k)} slots, spread evenly over the
   * list, go to the best network posts not already listed; slots either source cannot fill go to the other.
   */
  static RecResult withNetwork(RecResult res, RecResult net, RecRequest r) {
    int k = r.k();
    int want = (int) Math.round(r.rules().networkShare() * k);
    List<String> ids = new ArrayList<>(k);
    List<Float> scores = new ArrayList<>(k);
    List<RecResult.Why> why = res.why() == null ? null : new ArrayList<>();
    Set<String> listed = new HashSet<>();
    int a = 0;
    int b = 0;
    int taken = 0;
    while (ids.size() < k && (a < res.items().length || b < net.items().length)) {
      boolean fromNet = b < net.items().length && (taken < want && (long) (ids.size() + 1) * want >= (long) (taken + 1) * k
          || a >= res.items().length);
      if (fromNet) {
        String id = net.items()[b];
        float sc = net.scores()[b++];
        if (listed.add(id)) {
          ids.add(id);
          scores.add(sc);
          taken++;
          if (why != null) {
            why.add(RecResult.Why.rule("network"));
          }
        }
      } else {
        String id = res.items()[a];
        float sc = res.scores()[a];
        RecResult.Why w = res.why() == null ? null : res.why()[a];
        a++;
        if (listed.add(id)) {
          ids.add(id);
          scores.add(sc);
          if (why != null) {
            why.add(w);
          }
        }
      }
    }
    float[] sc = new float[scores.size()];
    for (int i = 0; i < sc.length; i++) {
      sc[i] = scores.get(i);
    }
    return new RecResult(res.user(), res.algo(), res.degraded(), res.source(), res.modelVersion(),
        ids.toArray(String[]::new), sc, null, 0, ids.size() < k, why == null ? null : why.toArray(RecResult.Why[]::new));
  }

  /** Orders a caller's candidates for the request's user; see {@link Engine#rank}. */
  CompletableFuture<Engine.Ranked> rank(RecRequest r, List<String> items) {
    Model m = models.current();
    servedOrFail(m, r.algo());
    return guards.scoring(() -> {
      java.util.BitSet allowed = new java.util.BitSet();
      List<String> unknown = new ArrayList<>();
      for (String item : items) {
        int id = m.data().items().get(item);
        if (id < 0 || catalogue.deleted.contains(item)) {
          unknown.add(item);
        } else {
          allowed.set(id);
        }
      }
      Scoring base = Scoring.of(m, models, r, catalogue.deleted);
      RecOptions o = base.options();
      Scoring s = new Scoring(base.user(), r.k(), base.want(), new RecOptions(false, o.exclude(), o.extraItems(),
          o.extraWeights()), catalogue.deleted, r.user()); // the caller's slate may hold items the user saw
      Feed.Answer a = feed.compute(m, s, r, m.recommender(r.algo()), allowed);
      return new Engine.Ranked(feedResult(m, s, a), unknown);
    });
  }

  /** Merges items stored with a vector since the model was built (cold start before the rebuild). */
  private RecResult withFreshItems(RecResult res, RecRequest r, Scoring s, ItemVectorScorer scorer) {
    float[] user = new float[scorer.dimensions()];
    if (!scorer.userVector(s.user(), s.options(), user)) {
      return res;
    }
    Set<String> seenOrExcluded = new HashSet<>(r.exclude());
    Overlay.Delta d = models.overlay().get(r.user());
    if (d != null) {
      seenOrExcluded.addAll(d.itemList());
    }
    return catalogue.fresh.mergeInto(res, r.k(), scorer, user,
        item -> seenOrExcluded.contains(item) || catalogue.deleted.contains(item));
  }

  /** The algorithm's list, filled up from popularity when short; null when it has nothing for the user. */
  static ScoredIds scoreDense(Model m, Recommender rec, Scoring s) {
    boolean known = s.user() >= 0 || s.extraItems().length > 0;
    ScoredIds scored = known && rec != null ? rec.recommend(s.user(), s.want(), s.options()) : ScoredIds.empty();
    if (scored.size() == 0) {
      return null;
    }
    return scored.size() < s.want() ? backfill(m, s, scored) : scored;
  }

  private static ScoredIds backfill(Model m, Scoring s, ScoredIds scored) {
    RecOptions o = s.options();
    int[] ex = Arrays.copyOf(o.exclude(), o.exclude().length + scored.size());
    System.arraycopy(scored.ids(), 0, ex, o.exclude().length, scored.size());
    ScoredIds pop = m.popular().recommend(s.user(), s.want() - scored.size(), o.withExclude(ex));
    int n = scored.size() + pop.size();
    int[] ids = Arrays.copyOf(scored.ids(), n);
    float[] scores = Arrays.copyOf(scored.scores(), n);
    System.arraycopy(pop.ids(), 0, ids, scored.size(), pop.size()); // scores stay 0
    return new ScoredIds(ids, scores);
  }

  RecResult fallback(Model m, RecRequest r, String reason) {
    metrics.degraded.labelValues(reason).inc();
    Scoring s = Scoring.of(m, models, r, catalogue.deleted);
    if (feed.applies(r)) { // the popularity ranking under the same rules: a fallback never breaks one
      RecResult res = feedResult(m, s, feed.compute(m, s, r, m.popular()));
      return new RecResult(res.user(), res.algo(), true, "fallback", res.modelVersion(), res.items(), res.scores(),
          null, 0, res.exhausted(), res.why());
    }
    ScoredIds scored = m.popular().recommend(s.user(), s.want(), s.options());
    return s.toResult(m, scored, m.popular().name(), true, "fallback");
  }

  /**
   * Top-k of {@code algo} for every user the served model knows, straight from its recommender on every
   * core: a whole simulation step in process, without cache, deadline or per-user overlay (events newer
   * than the model are not seen). For benchmarks and offline batch jobs, not for serving.
   */
  Engine.Everyone recommendEveryone(String algo, int k) {
    Model m = models.current();
    Recommender rec = servedOrFail(m, algo);
    if (k < 1 || k > settings.maxK()) {
      throw new Refusal.Invalid("invalid_k", "k must be between 1 and " + settings.maxK() + ", got " + k);
    }
    int[] users = new int[m.data().numUsers()];
    Arrays.setAll(users, u -> u);
    return new Engine.Everyone(m.data().users(), m.data().items(), rec.recommendAll(users, k, RecOptions.DEFAULT));
  }

  CompletableFuture<Engine.Scored> similarItems(String item, int k, String algo) {
    Model m = models.current();
    int id = m.data().items().get(item);
    if (id < 0 || catalogue.deleted.contains(item)) {
      return CompletableFuture.failedFuture(new Refusal.NotFound("unknown_item", "item '" + item + "' is not in the model"));
    }
    return guards.onWorker(() -> {
      ScoredIds s = unsupportedAsInvalid(() -> servedOrFail(m, algo).similarItems(id, k + catalogue.slack(100)));
      return names(algo, m.data().items(), s, k, true);
    });
  }

  CompletableFuture<Engine.Scored> similarUsers(String user, int k, String algo) {
    Model m = models.current();
    int id = models.isForgotten(user) ? -1 : m.data().users().get(user);
    if (id < 0) {
      return CompletableFuture.failedFuture(new Refusal.NotFound("unknown_user", "user '" + user + "' is not in the model"));
    }
    return guards.onWorker(() -> names(algo, m.data().users(),
        unsupportedAsInvalid(() -> servedOrFail(m, algo).similarUsers(id, k)), k, false));
  }

  CompletableFuture<Engine.Scored> popular(int k, boolean trending) {
    Model m = models.current();
    Recommender p = trending ? m.trending() : m.popular();
    ScoredIds s = p.recommend(-1, k + catalogue.slack(1000), RecOptions.DEFAULT);
    return CompletableFuture.completedFuture(names(p.name(), m.data().items(), s, k, true));
  }

  private static ScoredIds unsupportedAsInvalid(java.util.function.Supplier<ScoredIds> call) {
    try {
      return call.get();
    } catch (UnsupportedOperationException e) {
      throw new Refusal.Invalid("unsupported", e.getMessage());
    }
  }

  /** The model's recommender for a served algorithm; the model may lack it only while it is being built. */
  Recommender servedOrFail(Model m, String algo) {
    if (!settings.serves(algo)) {
      throw new Refusal.Invalid("unknown_algo", "algo '" + algo + "' is not served; served: " + settings.served());
    }
    Recommender rec = m.recommender(algo);
    if (rec == null) {
      throw new Refusal.Unavailable("not_ready", "model has no " + algo + " yet", 1);
    }
    return rec;
  }

  private Engine.Scored names(String algo, IdDictionary dict, ScoredIds s, int k, boolean items) {
    int n = Math.min(k, s.size());
    List<String> ids = new ArrayList<>(n);
    float[] scores = new float[n];
    for (int i = 0; i < s.size() && ids.size() < k; i++) {
      String key = dict.key(s.id(i));
      if (items && catalogue.deleted.contains(key)) {
        continue;
      }
      scores[ids.size()] = s.score(i);
      ids.add(key);
    }
    return new Engine.Scored(algo, ids.toArray(String[]::new), Arrays.copyOf(scores, ids.size()));
  }

  /** After each swap: cached answers of the old model go, and the most active users are computed again. */
  void afterSwap(Model m) {
    catalogue.fresh.pruneKnown(m.data().items());
    catalogue.pruneChanged(m.builtAtMillis() - Math.round(m.buildSeconds() * 1000) - 1000);
    cache.invalidateAll();
    int warm = settings.warmUsers();
    if (warm <= 0 || m.data().numUsers() == 0) {
      return;
    }
    List<RecRequest> reqs = new ArrayList<>();
    for (int u : ModelManager.mostActiveUsers(m.data(), warm)) {
      for (int k : new int[] {5, 10, 20}) {
        if (k <= settings.maxK()) {
          reqs.add(RecRequest.of(m.data().users().key(u), k, settings.defaultAlgo()));
        }
      }
    }
    cache.warm(reqs, r -> compute(m, r));
  }
}
