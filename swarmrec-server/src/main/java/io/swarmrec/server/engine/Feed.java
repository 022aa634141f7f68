package io.swarmrec.server.engine;

import io.swarmrec.algo.ItemSimilarity;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.explain.Because;
import io.swarmrec.algo.explain.Explainer;
import io.swarmrec.algo.rerank.RerankRules;
import io.swarmrec.algo.rerank.Reranked;
import io.swarmrec.algo.rerank.Reranker;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.store.Event;
import io.swarmrec.store.ItemMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A feed answer under {@link FeedRules}: the stages between the model's scores and the list shown.
 *
 * <ol>
 *   <li><b>Candidates</b>: the model's top {@code pool} (popularity for a user it cannot score), with
 *       {@code pool} several times k when rules may drop or re-order items.</li>
 *   <li><b>Eligibility</b> ({@link Eligible}): deleted items, the user's own items, the metadata filters,
 *       {@code max_age} and rotation's exclusions drop candidates; freshness decay and rotation's demotion
 *       scale the scores of the rest.</li>
 *   <li><b>Enough results</b>: while fewer than needed pass and the model has more, the pool widens
 *       (x4, up to {@value #MAX_POOL}); then trending and popular items that pass the same rules fill up
 *       with score 0. Nothing that breaks a rule pads a list: with fewer than k eligible the answer is
 *       short and {@code exhausted}.</li>
 *   <li><b>Re-ranking</b> ({@link Reranker}): boosts, pins, diversity by maximal marginal relevance over the
 *       model's own item similarity, caps per category and author, and exploration from eligible items
 *       the user was never shown (trending first), seeded by (user, seed, now).</li>
 *   <li><b>Explanations</b> on request ({@link Explainer}).</li>
 * </ol>
 *
 * Stateless apart from one re-ranker per (model, algorithm), built on first use (the co-occurrence
 * similarity of a model without its own is O(interactions) to build).
 */
final class Feed {
  static final int MAX_POOL = 50_000;
  private static final int EXPLORE_POOL = 500;

  /** The server's rotation settings. */
  record Settings(FeedRules.Rotation rotation, int rotationAfter, long rotationWindowSeconds, float demote) {}

  /**
   * One answer in the model's dense ids.
   *
   * @param algo the algorithm whose scores rank it (popularity when the model had nothing for the user)
   * @param exhausted fewer than k items pass the rules
   * @param why per item, or null when not asked
   */
  record Answer(ScoredIds list, String algo, boolean exhausted, RecResult.Why[] why) {}

  private final Settings settings;
  private final ModelManager models;
  private final Catalogue catalogue;
  private final Exposure exposure;
  private final FollowGraph graph;
  private final Map<Recommender, Reranker> rerankers = new ConcurrentHashMap<>();
  private volatile Model rerankersOf;

  Feed(Settings settings, ModelManager models, Catalogue catalogue, Exposure exposure, FollowGraph graph) {
    this.graph = graph;
    this.settings = settings;
    this.models = models;
    this.catalogue = catalogue;
    this.exposure = exposure;
  }

  FeedRules.Rotation rotation(FeedRules rules) {
    return rules.rotate() != null ? rules.rotate() : settings.rotation();
  }

  /** Whether a request needs this stage: it has rules, or the server rotates what it showed. */
  boolean applies(RecRequest r) {
    return r.rules() != FeedRules.NONE || settings.rotation() != FeedRules.Rotation.OFF;
  }

  /**
   * Whether an answer under these rules may be cached: not when it goes stale with the wall clock alone
   * (max_age, freshness, exploration without an explicit now). Rotation's answers are cached: every impression
   * invalidates the user's answers, and an item whose window ends comes back at the latest one cache TTL later.
   */
  boolean cacheable(FeedRules rules) {
    return !rules.explain() && !rules.usesWallClock();
  }

  Answer compute(Model m, Scoring s, RecRequest r, Recommender rec) {
    return compute(m, s, r, rec, null);
  }

  /**
   * @param allowed when not null, only these dense items may be listed (a caller's slate, {@code rank}); the
   *     model's full ranking is searched for them
   */
  Answer compute(Model m, Scoring s, RecRequest r, Recommender rec, java.util.BitSet allowed) {
    FeedRules rules = r.rules();
    long now = rules.clock();
    Eligible el = new Eligible(m, r.user(), rules, now, rotation(rules), allowed);
    int k = r.k();
    boolean reranks = rules.reranks();
    int needed = reranks ? Math.max(10 * k, 100) : k;
    int numItems = m.data().numItems();
    boolean known = s.user() >= 0 || s.extraItems().length > 0;
    Recommender source = known && rec != null ? rec : m.popular();
    List<int[]> idsOut = new ArrayList<>();
    Pool pool = new Pool(Math.min(numItems, needed));
    int asked = Math.min(numItems, allowed != null ? MAX_POOL
        : Math.max(needed, rules.filters() || el.rotates() ? 4 * k : s.want()));
    while (true) {
      ScoredIds cand = source.recommend(s.user(), asked, s.options());
      pool.clear();
      for (int i = 0; i < cand.size(); i++) {
        int item = cand.id(i);
        if (el.ok(item)) {
          pool.add(item, cand.score(i) * el.factor(item), i);
        }
      }
      if (pool.size >= needed || cand.size() < asked || asked >= Math.min(numItems, MAX_POOL)) {
        break;
      }
      asked = Math.min(Math.min(numItems, MAX_POOL), asked * 4);
    }
    String algo = pool.size > 0 ? source.name() : m.popular().name();
    int fromModel = pool.size;
    if (pool.size < needed) { // fill up from trending, then popular, with the same rules
      for (Recommender fill : new Recommender[] {m.trending(), m.popular()}) {
        if (pool.size >= needed) {
          break;
        }
        ScoredIds more = fill.recommend(s.user(), Math.min(numItems, MAX_POOL), s.options());
        for (int i = 0; i < more.size() && pool.size < needed; i++) {
          int item = more.id(i);
          if (!pool.contains(item) && el.ok(item)) {
            pool.add(item, 0f, Integer.MAX_VALUE);
          }
        }
      }
    }
    java.util.Set<Integer> filled = new java.util.HashSet<>();
    for (int i = fromModel; i < pool.size; i++) {
      filled.add(pool.ids[i]);
    }
    ScoredIds candidates = pool.sorted(el.scales());
    ScoredIds list;
    Reranked reranked = null;
    if (reranks) {
      RerankRules rr = rerankRules(m, rules);
      int[] explorePool = rules.explore() > 0 ? explorePool(m, s, el, r.user()) : new int[0];
      reranked = reranker(m, source, rules).rerank(candidates, k, rr, userKey(r.user()), now, explorePool);
      list = reranked.list();
    } else {
      list = candidates.size() > k ? new ScoredIds(Arrays.copyOf(candidates.ids(), k),
          Arrays.copyOf(candidates.scores(), k)) : candidates;
    }
    RecResult.Why[] why = rules.explain() ? explain(m, s, source, list, reranked, filled) : null;
    return new Answer(list, algo, list.size() < k, why);
  }

  /**
   * The network source: posts of the people {@code r}'s user follows (their items in the model, and the ones
   * stored since the build), that pass the same rules and that the user has not interacted with, ranked by
   * engagement and recency: {@code (1 + log2(1 + interactions)) * 2^(-age / 1 day)} (Reddit's and Y Social's
   * "hot" ranks use the same two terms). Best first, at most {@code n}.
   */
  RecResult network(Model m, Scoring s, RecRequest r, int n) {
    String[] followees = graph.following(r.user());
    FeedRules rules = r.rules();
    long now = rules.clock();
    Eligible el = new Eligible(m, r.user(), rules, now, rotation(rules), null);
    java.util.Set<String> seen = new java.util.HashSet<>();
    Overlay.Delta d = models.overlay().get(r.user());
    if (d != null) {
      seen.addAll(d.itemList());
    }
    java.util.Set<Integer> history = new java.util.HashSet<>();
    if (s.user() >= 0) {
      var row = m.data().byUser();
      for (int p = row.rowStart(s.user()); p < row.rowEnd(s.user()); p++) {
        history.add(row.indices()[p]);
      }
    }
    List<String> ids = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    IdDictionary names = m.data().items();
    for (String f : followees) {
      java.util.Set<String> fresh = catalogue.changedByAuthor.getOrDefault(f, Set.of());
      for (int item : m.items().itemsBy(f)) {
        String key = names.key(item);
        if (!history.contains(item) && !seen.contains(key) && !fresh.contains(key) && el.ok(item)) {
          ids.add(key);
          scores.add(hot(m.items().degree(item), m.items().created(item), now));
        }
      }
      for (String key : fresh) {
        ItemMeta meta = catalogue.changed.get(key);
        int item = names.get(key);
        if (meta != null && !seen.contains(key) && (item < 0 ? el.okFresh(meta) : !history.contains(item) && el.ok(item))) {
          ids.add(key);
          scores.add(hot(item < 0 ? 0 : m.items().degree(item), meta.createdEpochSecond(), now));
        }
      }
    }
    Integer[] order = new Integer[ids.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> scores.get(a).equals(scores.get(b)) ? ids.get(a).compareTo(ids.get(b))
        : Float.compare(scores.get(b), scores.get(a)));
    int size = Math.min(n, order.length);
    String[] outIds = new String[size];
    float[] outScores = new float[size];
    for (int i = 0; i < size; i++) {
      outIds[i] = ids.get(order[i]);
      outScores[i] = scores.get(order[i]);
    }
    return new RecResult(r.user(), "network", false, "computed", m.version(), outIds, outScores);
  }

  private static float hot(int degree, long created, long now) {
    double age = created == Event.NO_TIME ? 30 * 86_400 : Math.max(0, now - created);
    return (float) ((1 + Math.log(1 + degree) / Math.log(2)) * Math.pow(2, -age / 86_400.0));
  }

  /** The candidates that passed, with their (scaled) scores and model ranks; primitive arrays. */
  private static final class Pool {
    int[] ids;
    float[] scores;
    int[] ranks;
    int size;
    private final java.util.BitSet members = new java.util.BitSet();

    Pool(int capacity) {
      ids = new int[Math.max(16, capacity)];
      scores = new float[ids.length];
      ranks = new int[ids.length];
    }

    void clear() {
      size = 0;
      members.clear();
    }

    boolean contains(int item) {
      return members.get(item);
    }

    void add(int item, float score, int rank) {
      if (members.get(item)) {
        return;
      }
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        scores = Arrays.copyOf(scores, size * 2);
        ranks = Arrays.copyOf(ranks, size * 2);
      }
      members.set(item);
      ids[size] = item;
      scores[size] = score;
      ranks[size++] = rank;
    }

    /** Best first: by scaled score when scores were scaled, else in the model's own order (fill-ups last). */
    ScoredIds sorted(boolean rescored) {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      if (rescored) {
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a])
            : Integer.compare(ranks[a], ranks[b]));
      }
      int[] outIds = new int[size];
      float[] outScores = new float[size];
      for (int i = 0; i < size; i++) {
        outIds[i] = ids[order[i]];
        outScores[i] = scores[order[i]];
      }
      return new ScoredIds(outIds, outScores);
    }
  }

  /**
   * Which items a request may show and how their scores scale. Labels and authors are compared in the model's
   * dense label ids; an item whose metadata changed since the build ({@link Catalogue#changed}) is compared by
   * its new metadata instead.
   */
  private final class Eligible {
    private final Model m;
    private final FeedRules rules;
    private final ItemTable table;
    private final IdDictionary items;
    private final long now;
    private final FeedRules.Rotation rotation;
    private final Exposure.Shown shown;
    private final int[] own;
    private final int[] categories;
    private final int[] excludeCategories;
    private final int[] tags;
    private final int[] excludeTags;
    private final int[] authors;
    private final int[] excludeAuthors;
    private final boolean anyLabelFilter;
    private final boolean changed;

    private final java.util.BitSet allowed;
    private final String user;

    Eligible(Model m, String user, FeedRules rules, long now, FeedRules.Rotation rotation, java.util.BitSet allowed) {
      this.allowed = allowed;
      this.user = user;
      this.m = m;
      this.rules = rules;
      this.table = m.items();
      this.items = m.data().items();
      this.now = now;
      this.rotation = rotation;
      this.shown = rotation == FeedRules.Rotation.OFF && rules.explore() == 0 ? null : exposure.of(user);
      this.own = table.itemsBy(user);
      this.categories = ids(rules.categories(), table.categories);
      this.excludeCategories = ids(rules.excludeCategories(), table.categories);
      this.tags = ids(rules.tags(), table.tags);
      this.excludeTags = ids(rules.excludeTags(), table.tags);
      this.authors = ids(rules.authors(), table.authors);
      this.excludeAuthors = ids(rules.excludeAuthors(), table.authors);
      this.anyLabelFilter = !rules.categories().isEmpty() || !rules.excludeCategories().isEmpty()
          || !rules.tags().isEmpty() || !rules.excludeTags().isEmpty() || !rules.authors().isEmpty()
          || !rules.excludeAuthors().isEmpty();
      this.changed = !catalogue.changed.isEmpty();
    }

    boolean rotates() {
      return shown != null && rotation != FeedRules.Rotation.OFF;
    }

    /** Whether scores are scaled (freshness, demotion), so the pool must be sorted again. */
    boolean scales() {
      return rules.freshHalfLifeSeconds() > 0 || (rotates() && rotation == FeedRules.Rotation.DEMOTE);
    }

    boolean ok(int item) {
      if (allowed != null && !allowed.get(item)) {
        return false;
      }
      if (own.length > 0 && Arrays.binarySearch(own, item) >= 0) {
        return false;
      }
      String key = null;
      if (!catalogue.deleted.isEmpty() || changed || shown != null) {
        key = items.key(item);
        if (catalogue.deleted.contains(key)) {
          return false;
        }
      }
      ItemMeta meta = changed ? catalogue.changed.get(key) : null;
      if (anyLabelFilter && !(meta != null ? labelsPass(meta) : labelsPass(item))) {
        return false;
      }
      if (rules.maxAgeSeconds() > 0) {
        long created = meta != null ? meta.createdEpochSecond() : table.created(item);
        if (created == Event.NO_TIME || now - created > rules.maxAgeSeconds() || created > now) {
          return false;
        }
      }
      return !(rotation == FeedRules.Rotation.EXCLUDE && rotatedOut(key));
    }

    private boolean rotatedOut(String key) {
      if (shown == null) {
        return false;
      }
      long[] v = shown.get(key);
      return v != null && v[0] >= settings.rotationAfter() && now - v[1] < settings.rotationWindowSeconds();
    }

    float factor(int item) {
      float f = 1f;
      if (rules.freshHalfLifeSeconds() > 0) {
        long created = table.created(item);
        ItemMeta meta = changed ? catalogue.changed.get(items.key(item)) : null;
        if (meta != null) {
          created = meta.createdEpochSecond();
        }
        double age = created == Event.NO_TIME ? Double.POSITIVE_INFINITY : Math.max(0, now - created);
        f *= (float) Math.pow(2, -age / rules.freshHalfLifeSeconds());
      }
      if (rotation == FeedRules.Rotation.DEMOTE && rotatedOut(items.key(item))) {
        f *= settings.demote();
      }
      return f;
    }

    /** {@link #ok} for an item stored since the build (not in the model), by its metadata. */
    boolean okFresh(ItemMeta meta) {
      String key = meta.item();
      if (catalogue.deleted.contains(key) || user.equals(meta.author())) {
        return false;
      }
      if (anyLabelFilter && !labelsPass(meta)) {
        return false;
      }
      if (rules.maxAgeSeconds() > 0) {
        long created = meta.createdEpochSecond();
        if (created == Event.NO_TIME || now - created > rules.maxAgeSeconds() || created > now) {
          return false;
        }
      }
      return !(rotation == FeedRules.Rotation.EXCLUDE && rotatedOut(key));
    }

    boolean neverShown(int item) {
      return shown == null || !shown.contains(items.key(item));
    }

    private boolean labelsPass(int item) {
      var a = table.attributes;
      if (rules.categories().size() > 0 && !anyOf(categories, c -> a.hasCategory(item, c))) {
        return false;
      }
      if (anyOf(excludeCategories, c -> a.hasCategory(item, c))) {
        return false;
      }
      if (rules.tags().size() > 0 && !anyOf(tags, t -> a.hasTag(item, t))) {
        return false;
      }
      if (anyOf(excludeTags, t -> a.hasTag(item, t))) {
        return false;
      }
      int author = a.author(item);
      if (rules.authors().size() > 0 && Arrays.binarySearch(authors, author) < 0) {
        return false;
      }
      return Arrays.binarySearch(excludeAuthors, author) < 0;
    }

    private boolean labelsPass(ItemMeta meta) {
      if (!rules.categories().isEmpty() && meta.categories().stream().noneMatch(rules.categories()::contains)) {
        return false;
      }
      if (meta.categories().stream().anyMatch(rules.excludeCategories()::contains)) {
        return false;
      }
      if (!rules.tags().isEmpty() && meta.tags().stream().noneMatch(rules.tags()::contains)) {
        return false;
      }
      if (meta.tags().stream().anyMatch(rules.excludeTags()::contains)) {
        return false;
      }
      if (!rules.authors().isEmpty() && (meta.author() == null || !rules.authors().contains(meta.author()))) {
        return false;
      }
      return meta.author() == null || !rules.excludeAuthors().contains(meta.author());
    }
  }

  private static boolean anyOf(int[] ids, java.util.function.IntPredicate p) {
    for (int id : ids) {
      if (p.test(id)) {
        return true;
      }
    }
    return false;
  }

  /** The dense ids of the labels the model knows, sorted; unknown labels match no item. */
  private static int[] ids(Set<String> labels, IdDictionary dict) {
    return labels.stream().mapToInt(dict::get).filter(i -> i >= 0).sorted().toArray();
  }

  private RerankRules rerankRules(Model m, FeedRules rules) {
    RerankRules rr = RerankRules.NONE.withDiversity(rules.diversity()).withMaxPerCategory(rules.maxPerCategory())
        .withMaxPerAuthor(rules.maxPerAuthor()).withExplore(rules.explore(), rules.seed());
    ItemTable t = m.items();
    for (FeedRules.Boost b : rules.boosts()) {
      IdDictionary dict = switch (b.field()) {
        case CATEGORY -> t.categories;
        case TAG -> t.tags;
        case AUTHOR -> t.authors;
      };
      int[] ids = ids(Set.copyOf(b.values()), dict);
      if (ids.length > 0) {
        rr = rr.withBoost(new RerankRules.Boost(RerankRules.Field.valueOf(b.field().name()), ids, b.factor()));
      }
    }
    for (FeedRules.Pin p : rules.pins()) {
      int id = m.data().items().get(p.item());
      if (id >= 0 && !catalogue.deleted.contains(p.item())) {
        rr = rr.withPin(new RerankRules.Pin(id, p.position()));
      }
    }
    return rr;
  }

  /** Eligible items the user was never shown, trending first, for exploration. */
  private int[] explorePool(Model m, Scoring s, Eligible el, String user) {
    ScoredIds trending = m.trending().recommend(s.user(), Math.min(m.data().numItems(), EXPLORE_POOL * 4),
        s.options());
    int[] out = new int[Math.min(EXPLORE_POOL, trending.size())];
    int n = 0;
    for (int i = 0; i < trending.size() && n < out.length; i++) {
      int item = trending.id(i);
      if (el.ok(item) && el.neverShown(item)) {
        out[n++] = item;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private Reranker reranker(Model m, Recommender source, FeedRules rules) {
    if (rerankersOf != m) {
      rerankers.clear();
      rerankersOf = m;
    }
    if (rules.diversity() == 0) {
      return new Reranker(m.items().attributes, null);
    }
    return rerankers.computeIfAbsent(source, r -> new Reranker(m.items().attributes, ItemSimilarity.of(r)));
  }

  private static long userKey(String user) {
    long h = 1125899906842597L;
    for (int i = 0; i < user.length(); i++) {
      h = 31 * h + user.charAt(i);
    }
    return h;
  }

  private RecResult.Why[] explain(Model m, Scoring s, Recommender source, ScoredIds list, Reranked reranked,
      java.util.Set<Integer> filled) {
    IdDictionary names = m.data().items();
    int[] ids = list.ids();
    Because[] because = Explainer.explain(source, s.user(), s.options(), ids);
    RecResult.Why[] out = new RecResult.Why[ids.length];
    for (int i = 0; i < ids.length; i++) {
      Reranked.Source src = reranked == null ? Reranked.Source.RANKED : reranked.source(i);
      if (src == Reranked.Source.PINNED) {
        out[i] = RecResult.Why.rule("pinned");
      } else if (src == Reranked.Source.EXPLORED) {
        out[i] = RecResult.Why.rule("explored");
      } else if (filled.contains(ids[i])) {
        out[i] = RecResult.Why.rule("filled");
      } else {
        Because b = because[i];
        String kind = switch (b.kind()) {
          case CONTRIBUTION -> "history";
          case SIMILARITY -> "similar";
          case POPULAR -> "popular";
          case TRENDING -> "trending";
          case NONE -> "model";
        };
        String[] items = new String[b.items().length];
        for (int j = 0; j < items.length; j++) {
          items[j] = names.key(b.items()[j]);
        }
        out[i] = new RecResult.Why(src == Reranked.Source.BOOSTED ? "boosted:" + kind : kind, items, b.values());
      }
    }
    return out;
  }
}
