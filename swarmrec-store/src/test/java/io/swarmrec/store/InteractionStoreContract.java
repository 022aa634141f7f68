package io.swarmrec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InteractionStore} must have, run once per backend by a subclass. Query
 * answers are computed by hand from {@link #FIXTURE}; the comments next to them show the working.
 */
public abstract class InteractionStoreContract {
  protected static final long NOW = 1_748_736_000L; // 2025-06-01T00:00:00Z
  protected static final long DAY = 86_400L;
  protected static final StoreOptions OPTIONS =
      StoreOptions.defaults().withClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  /** 23 events; numbers in comments are their positions (1-based) in append order. */
  protected static final List<Event> FIXTURE = List.of(
      Event.rating("alice", "i4", 2f, NOW - 100 * DAY), // 1
      Event.of("alice", "i1", "view", NOW - 5 * DAY), // 2
      Event.rating("alice", "i3", 4f, NOW - 3 * DAY), // 3
      Event.of("alice", "i2", "like", NOW - 2 * DAY), // 4
      Event.of("alice", "i7", "click", NOW - 2 * DAY), // 5: same time as 4, appended later
      Event.of("alice", "i1", "view", NOW - DAY), // 6
      Event.of("alice", "i5", "view", Event.NO_TIME), // 7
      Event.of("bob", "i1", "view", NOW - 10 * DAY), // 8
      Event.of("bob", "i2", "view", NOW - 11 * DAY), // 9
      Event.of("bob", "i3", "view", NOW - 12 * DAY), // 10
      Event.of("bob", "i9", "view", NOW - 13 * DAY), // 11
      Event.of("carol", "i1", "view", NOW - 20 * DAY), // 12
      Event.of("carol", "i2", "view", NOW - 21 * DAY), // 13
      Event.of("carol", "i2", "view", NOW - 22 * DAY), // 14
      Event.of("dave", "i1", "view", NOW - 95 * DAY), // 15
      Event.of("dave", "i2", "view", NOW - 96 * DAY), // 16
      Event.rating("dave", "i3", 5f, NOW - 97 * DAY), // 17
      Event.of("dave", "i4", "view", NOW - 98 * DAY), // 18
      Event.of("dave", "i4", "view", NOW - 99 * DAY), // 19
      Event.of("frank", "i3", "view", NOW - 30 * DAY), // 20
      Event.of("frank", "i2", "view", NOW - 31 * DAY), // 21
      Event.of("frank", "i1", "view", NOW - 32 * DAY), // 22
      Event.of("erin", "i6", "view", NOW - DAY)); // 23

  protected InteractionStore store;

  /** Opens the store under test; called once before each test, and again by tests that reopen it. */
  protected abstract InteractionStore open(StoreOptions options);

  /** Releases what {@link #open} set up, after the store is closed. */
  protected void cleanUp() {}

  @BeforeEach
  void openStore() {
    store = open(OPTIONS);
  }

  @AfterEach
  void closeStore() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      cleanUp();
    }
  }

  protected record Row(long seq, Event event) {}

  protected final List<Row> scanAll(long after) {
    List<Row> rows = new ArrayList<>();
    store.scan(after, (seq, u, i, t, v, ts) -> rows.add(new Row(seq, new Event(u, i, t, v, ts))));
    return rows;
  }

  // ---- the log ----

  @Test
  void appendAssignsIncreasingSequencesAndScanReturnsEventsInThatOrder() {
    assertThat(store.lastSequence()).isZero();
    long last = store.append(FIXTURE);
    List<Row> rows = scanAll(0);
    assertThat(rows).extracting(Row::event).containsExactlyElementsOf(FIXTURE);
    assertThat(rows).extracting(Row::seq).isSorted().doesNotHaveDuplicates();
    assertThat(rows.getLast().seq()).isEqualTo(last).isEqualTo(store.lastSequence());
    assertThat(store.count()).isEqualTo(23);

    long tenth = rows.get(9).seq();
    assertThat(scanAll(tenth)).extracting(Row::event).containsExactlyElementsOf(FIXTURE.subList(10, 23));
    assertThat(scanAll(last)).isEmpty();

    long next = store.append(List.of(Event.of("zoe", "i1", "view", NOW)));
    assertThat(next).isGreaterThan(last);
    assertThat(scanAll(last)).extracting(Row::seq).containsExactly(next);
  }

  @Test
  void emptyBatchWritesNothingAndReturnsTheLastSequence() {
    long last = store.append(FIXTURE);
    assertThat(store.append(List.of())).isEqualTo(last);
    assertThat(store.count()).isEqualTo(23);
  }

  // ---- source positions ----

  @Test
  void sourcePositionsAreRecordedWithTheirBatchAndAloneWithAnEmptyOne() {
    assertThat(store.sourcePositions("")).isEmpty();
    long last = store.appendAsync(FIXTURE.subList(0, 5), Map.of("kafka:ev:0", 5L, "kafka:ev:1", 0L)).join();
    assertThat(last).isEqualTo(store.lastSequence());
    assertThat(store.count()).isEqualTo(5);
    assertThat(store.sourcePositions("kafka:ev:")).containsExactly(entry("kafka:ev:0", 5L), entry("kafka:ev:1", 0L));

    assertThat(store.appendAsync(List.of(), Map.of("kafka:ev:1", 7L, "other:x", 1L)).join()).isEqualTo(last);
    assertThat(store.count()).isEqualTo(5);
    assertThat(store.sourcePositions("kafka:")).containsExactly(entry("kafka:ev:0", 5L), entry("kafka:ev:1", 7L));
    assertThat(store.sourcePositions("other:")).containsExactly(entry("other:x", 1L));
    assertThat(store.sourcePositions("none")).isEmpty();

    assertThat(store.appendAsync(FIXTURE.subList(5, 8), Map.of()).join()).isEqualTo(last + 3);
    assertThat(store.sourcePositions("kafka:ev:0")).containsExactly(entry("kafka:ev:0", 5L));
  }

  @Test
  void badSourcePositionsAreRejectedAndNothingIsWritten() {
    Map<String, Long> nullValue = new HashMap<>();
    nullValue.put("a", null);
    Map<String, Long> nullName = new HashMap<>();
    nullName.put(null, 1L);
    for (Map<String, Long> bad : List.of(Map.of("", 1L), Map.of("a", -1L), nullValue, nullName,
        Map.of("x".repeat(InteractionStore.MAX_SOURCE_NAME + 1), 1L))) {
      assertThatThrownBy(() -> store.appendAsync(FIXTURE, bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.appendAsync(FIXTURE, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.sourcePositions(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.count()).isZero();
    assertThat(store.sourcePositions("")).isEmpty();
  }

  @Test
  void forgetUserDeletesTheirEventsAndProfileButNeverReusesSequences() {
    long last = store.append(FIXTURE);
    assertThat(store.activeUsers(Duration.ofDays(100), 10)).containsExactly("alice", "dave"); // folds the rollup
    assertThat(store.forgetUser("erin")).isEqualTo(1); // erin owns the newest event
    assertThat(store.forgetUser("alice")).isEqualTo(7);
    assertThat(store.forgetUser("nobody")).isZero();
    assertThat(store.count()).isEqualTo(15);
    assertThat(scanAll(0)).extracting(r -> r.event().user()).doesNotContain("alice", "erin");
    assertThat(store.userProfiles(List.of("alice"))).containsExactly(UserProfile.empty("alice"));
    assertThat(store.recentInteractions("alice", InteractionStore.RECENT_WINDOW, 10)).isEmpty();
    assertThat(store.similarUsersByCooccurrence("bob", 1, 10)).extracting(SimilarUser::user).doesNotContain("alice");
    assertThat(store.activeUsers(Duration.ofDays(100), 10)).containsExactly("dave");

    long next = store.append(List.of(Event.of("erin", "i6", "view", NOW)));
    assertThat(next).isGreaterThan(last);
  }

  // ---- the three queries of the origin document, and profiles ----

  @Test
  void recentInteractionsAreTheTimedEventsInsideTheWindowNewestFirst() {
    store.append(FIXTURE);
    // within 90 days: 6 (-1d), then 5 and 4 (both -2d, 5 appended later), 3 (-3d), 2 (-5d);
    // 1 is 100 days old, 7 has no time
    List<Event> recent = store.recentInteractions("alice", InteractionStore.RECENT_WINDOW, InteractionStore.RECENT_LIMIT);
    assertThat(recent).containsExactly(FIXTURE.get(5), FIXTURE.get(4), FIXTURE.get(3), FIXTURE.get(2), FIXTURE.get(1));
    assertThat(store.recentInteractions("alice", InteractionStore.RECENT_WINDOW, 2))
        .containsExactly(FIXTURE.get(5), FIXTURE.get(4));
    assertThat(store.recentInteractions("alice", Duration.ofDays(101), 1000)).hasSize(6).endsWith(FIXTURE.get(0));
    assertThat(store.recentInteractions("dave", InteractionStore.RECENT_WINDOW, 1000)).isEmpty();
    assertThat(store.recentInteractions("nobody", InteractionStore.RECENT_WINDOW, 1000)).isEmpty();
  }

  @Test
  void similarUsersShareEnoughDistinctItemsAndAreRankedByHowMany() {
    store.append(FIXTURE);
    // alice's distinct items: i1 i2 i3 i4 i5 i7.
    // dave {i1,i2,i3,i4} = 4; bob {i1,i2,i3} = 3; frank {i1,i2,i3} = 3; carol {i1,i2} = 2 (i2 twice counts once)
    assertThat(store.similarUsersByCooccurrence("alice", InteractionStore.MIN_COMMON_ITEMS, 10))
        .containsExactly(new SimilarUser("dave", 4), new SimilarUser("bob", 3), new SimilarUser("frank", 3));
    assertThat(store.similarUsersByCooccurrence("alice", 2, 10)).endsWith(new SimilarUser("carol", 2));
    assertThat(store.similarUsersByCooccurrence("alice", 3, 2))
        .containsExactly(new SimilarUser("dave", 4), new SimilarUser("bob", 3));
    // bob {i1,i2,i3,i9}: alice 3, dave 3, frank 3, carol 2
    assertThat(store.similarUsersByCooccurrence("bob", 3, 10)).extracting(SimilarUser::user)
        .containsExactly("alice", "dave", "frank");
    assertThat(store.similarUsersByCooccurrence("erin", 1, 10)).isEmpty();
  }

  @Test
  void userProfilesCountEventsAverageRatingsAndFindTheLatestTimeInTheOrderAsked() {
    store.append(FIXTURE);
    // alice: 7 events, ratings 2 and 4 -> 3.0, newest -1d (event 7 has no time and does not count)
    // bob: 4 events, no rating; dave: 5 events, one rating of 5
    assertThat(store.userProfiles(List.of("alice", "zed", "bob", "dave", "alice"))).containsExactly(
        new UserProfile("alice", 7, 3.0, NOW - DAY),
        UserProfile.empty("zed"),
        new UserProfile("bob", 4, Double.NaN, NOW - 10 * DAY),
        new UserProfile("dave", 5, 5.0, NOW - 95 * DAY),
        new UserProfile("alice", 7, 3.0, NOW - DAY));
    assertThat(store.userProfiles(List.of())).isEmpty();
  }

  @Test
  void profilesAccumulateAcrossBatches() {
    store.append(FIXTURE.subList(0, 3));
    store.append(FIXTURE.subList(3, 23));
    store.append(List.of(Event.rating("alice", "i8", 5f, NOW - 50 * DAY), Event.of("carol", "i8", "view", Event.NO_TIME)));
    assertThat(store.userProfiles(List.of("alice", "carol"))).containsExactly(
        new UserProfile("alice", 8, 11.0 / 3, NOW - DAY), new UserProfile("carol", 4, Double.NaN, NOW - 20 * DAY));
  }

  @Test
  void activeUsersHaveEnoughEventsAndARecentOneMostRecentFirst() {
    store.append(FIXTURE);
    // >= 5 events: alice (7, newest -1d) and dave (5, newest -95d); bob has only 4
    assertThat(store.activeUsers(InteractionStore.RECENT_WINDOW, 10)).containsExactly("alice");
    assertThat(store.activeUsers(Duration.ofDays(100), 10)).containsExactly("alice", "dave");
    assertThat(store.activeUsers(Duration.ofDays(100), 1)).containsExactly("alice");
    store.append(List.of(Event.of("bob", "i4", "view", NOW - 3 * DAY)));
    assertThat(store.activeUsers(InteractionStore.RECENT_WINDOW, 10)).containsExactly("alice", "bob");
  }

  // ---- items ----

  @Test
  void itemMetadataRoundTripsIncludingTheVector() {
    float[] v = {0.5f, -1.25f, 3e-8f, Float.MIN_VALUE, Float.MAX_VALUE, -0.0f};
    ItemMeta full = new ItemMeta("i1", List.of("Sci-Fi & Fantasy", "日本"), List.of("tag 1"), "alice", NOW - 1000,
        "A post, with\ttabs,\nlines and ünïcødé 🎉", v);
    ItemMeta bare = new ItemMeta("i2", List.of(), List.of(), Event.NO_TIME);
    assertThat(store.putItems(List.of(full, bare))).isEqualTo(2);
    assertThat(store.getItem("i1")).contains(full);
    assertThat(store.getItem("i1").orElseThrow().vector()).containsExactly(v);
    assertThat(store.getItem("i2")).contains(bare);
    assertThat(store.getItem("i3")).isEmpty();

    ItemMeta replaced = new ItemMeta("i1", List.of("drama"), List.of(), NOW, new float[] {1f}); // author and text go
    assertThat(store.putItem(replaced)).isTrue();
    assertThat(store.getItem("i1")).contains(replaced);

    List<ItemMeta> scanned = new ArrayList<>();
    store.scanItems(scanned::add);
    assertThat(scanned).containsExactly(replaced, bare);
    assertThat(store.getItem("i1").orElseThrow().author()).isNull();
    assertThatThrownBy(() -> new ItemMeta("x", List.of(), List.of(), " ", NOW, null, null))
        .hasMessageContaining("author id");
    assertThatThrownBy(() -> new ItemMeta("x", List.of(), List.of(), null, NOW, "a".repeat(ItemMeta.MAX_TEXT_LENGTH + 1),
        null)).hasMessageContaining("chars");
  }

  @Test
  void theFollowGraphChangesInOrderAndForgettingAUserRemovesTheirEdges() {
    assertThat(store.follow(List.of(new Follow("a", "b", true), new Follow("a", "c", true), new Follow("a", "b", true),
        new Follow("b", "a", true), new Follow("a", "c", false), new Follow("c", "a", true)))).isEqualTo(5);
    assertThat(store.following("a")).containsExactly("b");
    assertThat(store.following("b")).containsExactly("a");
    assertThat(store.following("nobody")).isEmpty();
    List<String> edges = new ArrayList<>();
    store.scanFollows((f, g) -> edges.add(f + ">" + g));
    assertThat(edges).containsExactly("a>b", "b>a", "c>a");
    assertThat(store.follow(List.of(new Follow("a", "c", false)))).isZero();
    assertThatThrownBy(() -> new Follow("a", "a", true)).hasMessageContaining("themselves");
    assertThatThrownBy(() -> new Follow("a", " ", true)).hasMessageContaining("followee id");
    store.append(List.of(Event.of("a", "i1", "view", NOW)));
    store.forgetUser("a");
    edges.clear();
    store.scanFollows((f, g) -> edges.add(f + ">" + g));
    assertThat(edges).isEmpty();
  }

  @Test
  void aDeletedItemStaysDeleted() {
    store.putItem(new ItemMeta("i1", List.of("a"), List.of(), NOW));
    store.putItem(new ItemMeta("i2", List.of("b"), List.of(), NOW));
    assertThat(store.deleteItem("i1")).isTrue();
    assertThat(store.deleteItem("i1")).isFalse();
    assertThat(store.deleteItem("ghost")).isTrue(); // no metadata needed to be deleted
    assertThat(store.getItem("i1")).isEmpty();
    assertThat(store.deletedItems()).containsExactlyInAnyOrder("i1", "ghost");
    assertThat(store.putItem(new ItemMeta("i1", List.of("back"), List.of(), NOW))).isFalse();
    assertThat(store.putItems(List.of(new ItemMeta("ghost", List.of(), List.of(), NOW),
        new ItemMeta("i3", List.of(), List.of(), NOW)))).isEqualTo(1);
    assertThat(store.getItem("i1")).isEmpty();
    List<String> live = new ArrayList<>();
    store.scanItems(m -> live.add(m.item()));
    assertThat(live).containsExactly("i2", "i3");
  }

  // ---- input checks ----

  @Test
  void badEventsAreRejectedWhenMade() {
    String tooLong = "u".repeat(Event.MAX_ID_LENGTH + 1);
    assertThatThrownBy(() -> Event.of(null, "i", "view", NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user id is null");
    assertThatThrownBy(() -> Event.of("u", "", "view", NOW)).hasMessageContaining("item id is empty");
    assertThatThrownBy(() -> Event.of(" ", "i", "view", NOW)).hasMessageContaining("user id is empty");
    assertThatThrownBy(() -> Event.of(tooLong, "i", "view", NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("513 chars");
    assertThatThrownBy(() -> Event.of("u", "a\0b", "view", NOW)).hasMessageContaining("control char");
    for (String blank : List.of("\u3000", "\u2028", "\u00a0", "\u200b\ufeff", " \t ")) {
      assertThatThrownBy(() -> Event.of(blank, "i", "view", NOW)).hasMessageContaining("white space");
    }
    assertThatThrownBy(() -> Event.of("tab\there", "i", "view", NOW)).hasMessageContaining("control char");
    assertThatThrownBy(() -> Event.of("lone\ud800", "i", "view", NOW)).hasMessageContaining("surrogate");
    assertThatThrownBy(() -> Event.of("u", "i", "view", -1)).hasMessageContaining("years");
    assertThatThrownBy(() -> Event.of("u", "i", "vi ew", NOW)).hasMessageContaining("event type");
    assertThatThrownBy(() -> Event.of("u", "i", null, NOW)).hasMessageContaining("event type");
    assertThatThrownBy(() -> new Event("u", "i", "like", Float.POSITIVE_INFINITY, NOW)).hasMessageContaining("finite");
    assertThatThrownBy(() -> new Event("u", "i", "rating", Float.NaN, NOW)).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Event.of("u", "i", "view", Event.MAX_EPOCH_SECOND + 1)).hasMessageContaining("years");
    assertThat(Event.of("u", "i", "Like", NOW).type()).isEqualTo("like");
  }

  @Test
  void aBatchWithOneBadElementWritesNothing() {
    List<Event> batch = new ArrayList<>(FIXTURE);
    batch.add(11, null);
    assertThatThrownBy(() -> store.append(batch)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 11");
    assertThatThrownBy(() -> store.append(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.count()).isZero();
    assertThat(store.lastSequence()).isZero();
    assertThat(store.userProfiles(List.of("alice"))).containsExactly(UserProfile.empty("alice"));
  }

  @Test
  void badQueryArgumentsAreRejected() {
    String tooLong = "x".repeat(Event.MAX_ID_LENGTH + 1);
    assertThatThrownBy(() -> store.forgetUser("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.forgetUser(tooLong)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getItem(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteItem(tooLong)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.recentInteractions("u", Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.recentInteractions("u", Duration.ofDays(1), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.similarUsersByCooccurrence("u", 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.userProfiles(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.userProfiles(java.util.Arrays.asList("a", null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.userProfiles(List.of(tooLong))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.activeUsers(null, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.scan(0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.putItems(java.util.Arrays.asList(new ItemMeta("i", null, null, NOW), null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.getItem("i")).isEmpty();
    assertThatThrownBy(() -> new ItemMeta("i", List.of("bad\tlabel"), List.of(), NOW)).hasMessageContaining("control");
    assertThatThrownBy(() -> new ItemMeta("i", List.of(), List.of(), NOW, new float[] {Float.NaN}))
        .hasMessageContaining("non-finite");
  }

  @Test
  void awkwardIdsAndExtremeTimesRoundTripThroughSmallAndLargeBatches() {
    String longest = "L".repeat(Event.MAX_ID_LENGTH);
    List<String> ids = List.of("back\\slash", "\\N", "\\.", "\\t", "quote\"'", "comma,semi;", "ünïcødé 用户 🎉",
        longest, "  padded  ", "nbsp\u00a0inside");
    List<Event> small = new ArrayList<>();
    for (String id : ids) {
      small.add(new Event(id, id, "view", 1.5f, Event.MIN_EPOCH_SECOND));
    }
    List<Event> large = new ArrayList<>(); // over the default COPY threshold
    for (int i = 0; i < 600; i++) {
      String id = ids.get(i % ids.size());
      large.add(new Event(i + ":" + id.substring(0, Math.min(id.length(), 500)), id, i % 2 == 0 ? "rating" : "view", i % 2 == 0 ? i * 0.25f : Float.NaN,
          i % 3 == 0 ? Event.NO_TIME : Event.MAX_EPOCH_SECOND - i));
    }
    store.append(small);
    store.append(large);
    List<Event> expected = new ArrayList<>(small);
    expected.addAll(large);
    assertThat(scanAll(0)).extracting(Row::event).containsExactlyElementsOf(expected);
    assertThat(store.userProfiles(List.of(longest))).containsExactly(
        new UserProfile(longest, 1, Double.NaN, Event.MIN_EPOCH_SECOND));
  }

  // ---- concurrency and bulk import ----

  @Test
  void concurrentAppendsLoseNothingAndAReaderCatchingUpMissesNothing() throws Exception {
    int threads = 4;
    int batches = 8;
    int size = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      Future<Set<Long>> reader = pool.submit(() -> catchUp(writing));
      List<Future<List<Long>>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(pool.submit(() -> writeBatches(thread, batches, size)));
      }
      Set<Long> lasts = new HashSet<>();
      for (Future<List<Long>> w : writers) {
        lasts.addAll(w.get());
      }
      writing.set(false);
      int total = threads * batches * size;
      assertThat(lasts).hasSize(threads * batches);
      assertThat(store.count()).isEqualTo(total);
      List<Row> rows = scanAll(0);
      assertThat(rows).extracting(Row::seq).isSorted().doesNotHaveDuplicates();
      assertThat(rows).extracting(r -> r.event().item()).doesNotHaveDuplicates();
      assertThat(reader.get()).hasSize(total); // each seen exactly once, none skipped
      assertThat(store.userProfiles(List.of("writer0", "writer3"))).extracting(UserProfile::events)
          .containsExactly((long) batches * size, (long) batches * size);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Many callers at once, half through {@link InteractionStore#appendAsync}: each batch's returned sequence
   * is its last event's, its events hold the consecutive ids before it in batch order (whatever group they
   * were committed in), a caller's sequences increase, and the log reads back complete and in order.
   */
  @Test
  void manyConcurrentCallersGetTheirOwnConsecutiveSequences() throws Exception {
    int threads = 24;
    int batches = 12;
    record Appended(List<Event> batch, long last) {}
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<List<Appended>>> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        callers.add(pool.submit(() -> {
          start.await();
          List<Appended> mine = new ArrayList<>();
          for (int b = 0; b < batches; b++) {
            int batch = b;
            List<Event> events = IntStream.range(0, 1 + (thread + b) % 7)
                .mapToObj(i -> Event.of("caller" + thread, "i" + batch + "-" + i, "view", NOW - i)).toList();
            long last = thread % 2 == 0 ? store.append(events) : store.appendAsync(events).get();
            mine.add(new Appended(events, last));
          }
          return mine;
        }));
      }
      List<Appended> all = new ArrayList<>();
      for (Future<List<Appended>> f : callers) {
        List<Appended> mine = f.get();
        assertThat(mine).extracting(Appended::last).isSorted().doesNotHaveDuplicates();
        all.addAll(mine);
      }
      assertThat(all).extracting(Appended::last).doesNotHaveDuplicates();
      List<Row> rows = scanAll(0);
      int total = all.stream().mapToInt(a -> a.batch().size()).sum();
      assertThat(rows).hasSize(total).extracting(Row::seq).isSorted().doesNotHaveDuplicates();
      assertThat(store.count()).isEqualTo(total);
      Map<Long, Event> bySeq = new HashMap<>();
      for (Row r : rows) {
        bySeq.put(r.seq(), r.event());
      }
      for (Appended a : all) {
        List<Event> stored = new ArrayList<>();
        for (long seq = a.last() - a.batch().size() + 1; seq <= a.last(); seq++) {
          stored.add(bySeq.get(seq));
        }
        assertThat(stored).as("events at the ids ending at %d", a.last()).containsExactlyElementsOf(a.batch());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Long> writeBatches(int thread, int batches, int size) {
    List<Long> lasts = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      int batch = b;
      lasts.add(store.append(IntStream.range(0, size)
          .mapToObj(i -> Event.of("writer" + thread, thread + "-" + batch + "-" + i, "view", NOW)).toList()));
    }
    return lasts;
  }

  /** Scans repeatedly from the last sequence seen, as a replica does, until the writers are done. */
  private Set<Long> catchUp(AtomicBoolean writing) {
    Set<Long> seen = new HashSet<>();
    long[] last = {0};
    boolean more = true;
    while (more) {
      more = writing.get(); // read before scanning: one last scan after the writers finish
      store.scan(last[0], (seq, u, i, t, v, ts) -> {
        if (!seen.add(seq) || seq <= last[0]) {
          throw new AssertionError("sequence " + seq + " delivered twice or out of order");
        }
        last[0] = seq;
      });
    }
    return seen;
  }

  @Test
  void importEventsLoadsInChunksAndReportsProgress() {
    List<Long> progress = new ArrayList<>();
    Iterator<Event> events = IntStream.range(0, 2345)
        .mapToObj(i -> Event.of("u" + i % 37, "i" + i, "view", NOW - i)).iterator();
    assertThat(store.importEvents(events, 500, progress::add)).isEqualTo(2345);
    assertThat(progress).containsExactly(500L, 1000L, 1500L, 2000L, 2345L);
    assertThat(store.count()).isEqualTo(2345);
    assertThat(store.stats().appendedEvents()).isEqualTo(2345);
  }

  @Test
  void aBadEventStopsTheImportAfterTheChunksBeforeIt() {
    List<Long> progress = new ArrayList<>();
    Iterator<Event> events = IntStream.range(0, 2000)
        .mapToObj(i -> Event.of("u", i == 1200 ? "" : "i" + i, "view", NOW)).iterator();
    assertThatThrownBy(() -> store.importEvents(events, 500, progress::add))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item id is empty");
    assertThat(progress).containsExactly(500L, 1000L);
    assertThat(store.count()).isEqualTo(1000);
  }

  @Test
  void closedStoreRefusesWork() {
    store.close();
    assertThatThrownBy(() -> store.count()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.append(FIXTURE)).isInstanceOf(IllegalStateException.class);
    store.close(); // idempotent
    store = null;
  }
}
