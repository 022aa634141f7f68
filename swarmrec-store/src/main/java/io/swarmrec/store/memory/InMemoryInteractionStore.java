package io.swarmrec.store.memory;

import static io.swarmrec.store.internal.Checks.requireElements;
import static io.swarmrec.store.internal.Checks.requireLimit;
import static io.swarmrec.store.internal.Checks.requireMinCommon;
import static io.swarmrec.store.internal.Checks.requireNonNull;
import static io.swarmrec.store.internal.Checks.requirePositions;
import static io.swarmrec.store.internal.Checks.since;

import io.swarmrec.store.Event;
import io.swarmrec.store.EventSink;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import io.swarmrec.store.SimilarUser;
import io.swarmrec.store.StoreOptions;
import io.swarmrec.store.StoreStats;
import io.swarmrec.store.UserProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The in-process fake: the whole contract of {@link InteractionStore} over plain collections under one
 * monitor, for unit tests of other modules and as the reference the SQL backends are tested against.
 * Queries are brute force over the log, written to be obviously right rather than fast. Nothing
 * survives {@link #close}.
 */
final class InMemoryInteractionStore implements InteractionStore {
  private record Stored(long sequence, Event event) {}

  private final StoreOptions options;
  private final List<Stored> log = new ArrayList<>(); // in sequence order
  private final TreeMap<String, ItemMeta> items = new TreeMap<>();
  private final Set<String> deleted = new HashSet<>();
  private final TreeMap<String, Long> positions = new TreeMap<>();
  private long lastAssigned; // never goes back, so sequences are never reused
  private long appended;
  private boolean closed;

  InMemoryInteractionStore(StoreOptions options) {
    this.options = options;
  }

  @Override
  public synchronized long append(List<Event> batch) {
    requireElements("event batch", batch);
    ensureOpen();
    for (Event e : batch) {
      log.add(new Stored(++lastAssigned, e));
    }
    appended += batch.size();
    return lastSequence();
  }

  @Override
  public CompletableFuture<Long> appendAsync(List<Event> batch, Map<String, Long> sourcePositions) {
    requireElements("event batch", batch);
    Map<String, Long> checked = requirePositions(sourcePositions);
    synchronized (this) {
      long last = append(batch);
      positions.putAll(checked);
      return CompletableFuture.completedFuture(last);
    }
  }

  @Override
  public synchronized Map<String, Long> sourcePositions(String prefix) {
    requireNonNull("prefix", prefix);
    ensureOpen();
    Map<String, Long> out = new TreeMap<>();
    positions.forEach((name, position) -> {
      if (name.startsWith(prefix)) {
        out.put(name, position);
      }
    });
    return out;
  }

  @Override
  public void scan(long afterSequence, EventSink sink) {
    requireNonNull("sink", sink);
    List<Stored> snapshot;
    synchronized (this) {
      ensureOpen();
      snapshot = List.copyOf(log.subList(firstAfter(afterSequence), log.size()));
    }
    for (Stored s : snapshot) { // outside the monitor, so a sink may call back into the store
      Event e = s.event();
      sink.accept(s.sequence(), e.user(), e.item(), e.type(), e.value(), e.epochSecond());
    }
  }

  @Override
  public synchronized long lastSequence() {
    ensureOpen();
    return log.isEmpty() ? 0 : log.getLast().sequence();
  }

  @Override
  public synchronized long count() {
    ensureOpen();
    return log.size();
  }

  @Override
  public synchronized int forgetUser(String user) {
    Event.requireId("user", user);
    ensureOpen();
    int before = log.size();
    log.removeIf(s -> s.event().user().equals(user));
    follows.removeIf(key -> key.startsWith(user + '\u0000') || key.endsWith('\u0000' + user));
    return before - log.size();
  }

  private final java.util.TreeSet<String> follows = new java.util.TreeSet<>(); // "follower\u0000followee"

  @Override
  public synchronized int follow(List<io.swarmrec.store.Follow> changes) {
    List<io.swarmrec.store.Follow> batch = io.swarmrec.store.internal.Checks.requireElements("follow batch", changes);
    int changed = 0;
    for (io.swarmrec.store.Follow f : batch) {
      String key = f.follower() + '\u0000' + f.followee();
      changed += (f.follow() ? follows.add(key) : follows.remove(key)) ? 1 : 0;
    }
    return changed;
  }

  @Override
  public synchronized List<String> following(String user) {
    Event.requireId("user", user);
    List<String> out = new ArrayList<>();
    for (String key : follows.subSet(user + '\u0000', user + '\u0001')) {
      out.add(key.substring(user.length() + 1));
    }
    return out;
  }

  @Override
  public void scanFollows(java.util.function.BiConsumer<String, String> sink) {
    List<String> all;
    synchronized (this) {
      all = new ArrayList<>(follows);
    }
    for (String key : all) {
      int z = key.indexOf('\u0000');
      sink.accept(key.substring(0, z), key.substring(z + 1));
    }
  }

  @Override
  public synchronized int putItems(List<ItemMeta> batch) {
    requireElements("item batch", batch);
    ensureOpen();
    int stored = 0;
    for (ItemMeta m : batch) {
      if (!deleted.contains(m.item())) {
        items.put(m.item(), m);
        stored++;
      }
    }
    return stored;
  }

  @Override
  public synchronized Optional<ItemMeta> getItem(String item) {
    Event.requireId("item", item);
    ensureOpen();
    return deleted.contains(item) ? Optional.empty() : Optional.ofNullable(items.get(item));
  }

  @Override
  public synchronized boolean deleteItem(String item) {
    Event.requireId("item", item);
    ensureOpen();
    return deleted.add(item);
  }

  @Override
  public void scanItems(Consumer<ItemMeta> sink) {
    requireNonNull("sink", sink);
    List<ItemMeta> live = new ArrayList<>();
    synchronized (this) {
      ensureOpen();
      for (ItemMeta m : items.values()) {
        if (!deleted.contains(m.item())) {
          live.add(m);
        }
      }
    }
    live.forEach(sink);
  }

  @Override
  public synchronized Set<String> deletedItems() {
    ensureOpen();
    return new HashSet<>(deleted);
  }

  @Override
  public synchronized List<Event> recentInteractions(String user, Duration within, int limit) {
    Event.requireId("user", user);
    long since = since(options.clock(), within);
    requireLimit(limit);
    ensureOpen();
    return log.stream()
        .filter(s -> s.event().user().equals(user) && s.event().hasTime() && s.event().epochSecond() > since)
        .sorted(Comparator.comparingLong((Stored s) -> s.event().epochSecond()).thenComparingLong(Stored::sequence)
            .reversed())
        .limit(limit)
        .map(Stored::event)
        .toList();
  }

  @Override
  public synchronized List<SimilarUser> similarUsersByCooccurrence(String user, int minCommon, int limit) {
    Event.requireId("user", user);
    requireMinCommon(minCommon);
    requireLimit(limit);
    ensureOpen();
    Set<String> mine = new HashSet<>();
    for (Stored s : log) {
      if (s.event().user().equals(user)) {
        mine.add(s.event().item());
      }
    }
    Map<String, Set<String>> shared = new HashMap<>();
    for (Stored s : log) {
      Event e = s.event();
      if (!e.user().equals(user) && mine.contains(e.item())) {
        shared.computeIfAbsent(e.user(), k -> new HashSet<>()).add(e.item());
      }
    }
    return shared.entrySet().stream()
        .filter(en -> en.getValue().size() >= minCommon)
        .map(en -> new SimilarUser(en.getKey(), en.getValue().size()))
        .sorted(Comparator.comparingInt(SimilarUser::common).reversed().thenComparing(SimilarUser::user))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<UserProfile> userProfiles(List<String> users) {
    requireElements("user list", users);
    users.forEach(u -> Event.requireId("user", u));
    ensureOpen();
    Map<String, UserProfile> all = profiles();
    return users.stream().map(u -> all.getOrDefault(u, UserProfile.empty(u))).toList();
  }

  @Override
  public synchronized List<String> activeUsers(Duration within, int limit) {
    long since = since(options.clock(), within);
    requireLimit(limit);
    ensureOpen();
    return profiles().values().stream()
        .filter(p -> p.events() >= ACTIVE_MIN_EVENTS && p.lastEpochSecond() != Event.NO_TIME
            && p.lastEpochSecond() > since)
        .sorted(Comparator.comparingLong(UserProfile::lastEpochSecond).reversed().thenComparing(UserProfile::user))
        .limit(limit)
        .map(UserProfile::user)
        .toList();
  }

  @Override
  public synchronized StoreStats stats() {
    return new StoreStats("memory", 0, 0, 0, 0, appended);
  }

  @Override
  public synchronized void close() {
    closed = true;
    log.clear();
    items.clear();
    deleted.clear();
  }

  private Map<String, UserProfile> profiles() {
    Map<String, long[]> counts = new HashMap<>(); // events, ratings, last time
    Map<String, Double> sums = new HashMap<>();
    for (Stored s : log) {
      Event e = s.event();
      long[] c = counts.computeIfAbsent(e.user(), k -> new long[] {0, 0, Event.NO_TIME});
      c[0]++;
      if (e.isRating()) {
        c[1]++;
        sums.merge(e.user(), (double) e.value(), Double::sum);
      }
      c[2] = Math.max(c[2], e.epochSecond());
    }
    Map<String, UserProfile> out = new HashMap<>();
    counts.forEach((u, c) -> out.put(u, new UserProfile(u, c[0], c[1] == 0 ? Double.NaN : sums.get(u) / c[1], c[2])));
    return out;
  }

  private int firstAfter(long sequence) {
    int lo = 0;
    int hi = log.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (log.get(mid).sequence() <= sequence) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("memory store is closed");
    }
  }
}
