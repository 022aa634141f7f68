package io.swarmrec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.swarmrec.store.internal.JdbcInteractionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What a store backed by a database adds to the contract: what was committed is there after a restart, and
 * appends staged in the unindexed table are seen by every read, before and after they are merged.
 */
public abstract class DurableStoreContract extends InteractionStoreContract {
  private static final String USER_TIME_INDEX = "CREATE INDEX interactions_user_time ON interactions (user_id, created_at)";

  /** Names of the secondary indexes of {@code interactions}, sorted, read straight from the database. */
  protected abstract List<String> indexNames();

  /** Runs SQL straight on the database, bypassing the store. */
  protected abstract void execute(String sql);

  /** Makes the database reject, with an error naming "injected failure", any insert of an event by {@code user}. */
  protected abstract void failInsertsOf(String user);

  /** Takes the store's database write lock from another connection, until closed: the committer then waits. */
  protected abstract AutoCloseable holdWriteLock() throws Exception;

  /**
   * Group commit under failure: while the writer is held up by an outside lock, one caller's batch is being
   * committed alone and three more queue behind it, one of them rejected by the database. The first commits;
   * the three share the next transaction, so all three get the error and none of their events is stored,
   * while everything acknowledged before stays. The store then carries on.
   */
  @Test
  void aFailedGroupFailsEveryCallerInItAndKeepsWhatWasAcknowledged() throws Exception {
    long acknowledged = store.append(FIXTURE.subList(0, 5));
    failInsertsOf("poison");
    List<Event> first = List.of(Event.of("first", "i1", "view", NOW));
    List<List<Event>> doomed = List.of(
        List.of(Event.of("b", "i1", "view", NOW), Event.of("b", "i2", "view", NOW)),
        List.of(Event.of("b", "i3", "view", NOW), Event.of("poison", "i1", "view", NOW)),
        List.of(Event.of("d", "i1", "view", NOW)));
    CompletableFuture<Long> alone;
    List<CompletableFuture<Long>> group = new ArrayList<>();
    try (AutoCloseable held = holdWriteLock()) {
      alone = store.appendAsync(first);
      awaitPending(0); // the committer took it and waits for the lock
      settle();
      for (List<Event> batch : doomed) {
        group.add(store.appendAsync(batch));
      }
      awaitPending(doomed.size()); // all three queued behind the commit in progress
      assertThat(alone).isNotDone();
    }
    assertThat(alone.get()).isEqualTo(acknowledged + 1);
    for (CompletableFuture<Long> f : group) {
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreException.class)
          .hasMessageContaining("injected failure");
    }
    List<Event> expected = new ArrayList<>(FIXTURE.subList(0, 5));
    expected.addAll(first);
    assertThat(scanAll(0)).extracting(Row::event).containsExactlyElementsOf(expected);
    assertThatThrownBy(() -> store.append(doomed.get(1))).isInstanceOf(StoreException.class)
        .hasMessageContaining("injected failure");
    assertThat(store.append(doomed.get(0))).isGreaterThan(acknowledged + 1);
    assertThat(store.count()).isEqualTo(expected.size() + doomed.get(0).size());
    assertThat(store.stats().appendedEvents()).isEqualTo(expected.size() + doomed.get(0).size());
  }

  /**
   * Positions commit with their group or not at all: a group that fails keeps the positions of the last one
   * that committed, so a consumer resuming from them reads the failed batch's records again, and the positions
   * of later batches in a group replace those of earlier ones.
   */
  @Test
  void sourcePositionsFailWithTheirGroupAndTheLastOfAGroupWins() throws Exception {
    store.appendAsync(FIXTURE.subList(0, 2), Map.of("kafka:ev:0", 2L)).get();
    failInsertsOf("poison");
    CompletableFuture<Long> alone;
    CompletableFuture<Long> doomed;
    CompletableFuture<Long> same;
    try (AutoCloseable held = holdWriteLock()) {
      alone = store.appendAsync(List.of(Event.of("a", "i1", "view", NOW)), Map.of("kafka:ev:1", 1L));
      awaitPending(0);
      settle();
      doomed = store.appendAsync(List.of(Event.of("poison", "i1", "view", NOW)), Map.of("kafka:ev:0", 3L));
      same = store.appendAsync(List.of(), Map.of("kafka:ev:0", 4L));
      awaitPending(2);
    }
    alone.get();
    assertThatThrownBy(doomed::get).cause().hasMessageContaining("injected failure");
    assertThatThrownBy(same::get).cause().hasMessageContaining("injected failure");
    assertThat(store.sourcePositions("kafka:")).containsExactly(entry("kafka:ev:0", 2L), entry("kafka:ev:1", 1L));

    try (AutoCloseable held = holdWriteLock()) {
      alone = store.appendAsync(List.of(Event.of("a", "i2", "view", NOW)), Map.of("kafka:ev:1", 2L));
      awaitPending(0);
      settle();
      store.appendAsync(List.of(Event.of("b", "i1", "view", NOW)), Map.of("kafka:ev:0", 5L));
      same = store.appendAsync(List.of(Event.of("b", "i2", "view", NOW)), Map.of("kafka:ev:0", 6L));
      awaitPending(2);
    }
    same.get();
    assertThat(store.sourcePositions("kafka:")).containsExactly(entry("kafka:ev:0", 6L), entry("kafka:ev:1", 2L));
    assertThat(store.count()).isEqualTo(6);
  }

  @Test
  void sourcePositionsSurviveCloseAndReopen() {
    store.appendAsync(FIXTURE, Map.of("kafka:ev:0", 23L)).join();
    store.close();
    store = open(OPTIONS);
    assertThat(store.sourcePositions("kafka:")).containsExactly(entry("kafka:ev:0", 23L));
    assertThat(store.count()).isEqualTo(FIXTURE.size());
  }

  /**
   * After the committer took a batch off the queue (pending 0) it still collects whatever else is queued
   * before it starts the transaction that waits for the held lock: give it that moment, so that the next
   * batches queue behind the commit instead of joining its group.
   */
  private static void settle() throws InterruptedException {
    Thread.sleep(300);
  }

  private boolean isOpen() {
    try {
      store.count();
      return true;
    } catch (IllegalStateException closed) {
      return false;
    }
  }

  /** Waits (without a time limit of its own: the test's lock wait bounds it) until exactly n appends queue. */
  private void awaitPending(int n) throws InterruptedException {
    while (store.stats().pendingThreads() != n) {
      Thread.sleep(1);
    }
  }

  /** Closing while appends wait for the writer commits them before the connections go. */
  @Test
  void closingCommitsTheAppendsAlreadyQueued() throws Exception {
    CompletableFuture<Long> committing;
    CompletableFuture<Long> queued;
    Thread closer;
    try (AutoCloseable held = holdWriteLock()) {
      committing = store.appendAsync(FIXTURE.subList(0, 3));
      awaitPending(0);
      queued = store.appendAsync(FIXTURE.subList(3, 10));
      awaitPending(1);
      closer = Thread.ofPlatform().start(store::close);
      while (isOpen()) {
        Thread.sleep(1);
      }
      assertThat(queued).isNotDone();
    }
    closer.join();
    assertThat(queued.get()).isEqualTo(committing.get() + 7);
    assertThatThrownBy(() -> store.append(FIXTURE)).isInstanceOf(IllegalStateException.class);
    store = open(OPTIONS);
    assertThat(scanAll(0)).extracting(Row::event).containsExactlyElementsOf(FIXTURE.subList(0, 10));
  }

  // ---- staged appends (the default options stage everything here: the fixture is far below a merge chunk) ----

  private JdbcInteractionStore jdbc() {
    return (JdbcInteractionStore) store;
  }

  /** Every read's answer over the fixture, to compare before and after merges. */
  private List<Object> everyRead() {
    return List.of(scanAll(0), scanAll(9), store.count(), store.lastSequence(),
        store.recentInteractions("alice", InteractionStore.RECENT_WINDOW, 1000),
        store.similarUsersByCooccurrence("alice", 2, 10), store.similarUsersByCooccurrence("bob", 1, 10),
        store.userProfiles(List.of("alice", "bob", "dave", "erin", "zed")),
        store.activeUsers(Duration.ofDays(100), 10));
  }

  @Test
  void stagedEventsAreSeenByEveryReadAndMergingChangesNoAnswer() {
    store.append(FIXTURE.subList(0, 12));
    store.activeUsers(Duration.ofDays(100), 10); // folds the rollup over staged events
    assertThat(jdbc().stagedBacklog()).isEqualTo(12); // nothing merged yet: far below a chunk
    assertThat(jdbc().mergeStaged(5)).isEqualTo(12); // three transactions
    long last = store.append(FIXTURE.subList(12, 23));
    assertThat(jdbc().stagedBacklog()).isEqualTo(11);
    List<Object> halfStaged = everyRead();
    assertThat(halfStaged.get(0)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(23);
    assertThat(halfStaged.get(2)).isEqualTo(23L);
    assertThat(halfStaged.get(3)).isEqualTo(last);

    assertThat(jdbc().mergeStaged(4)).isEqualTo(11);
    assertThat(jdbc().stagedBacklog()).isZero();
    assertThat(everyRead()).isEqualTo(halfStaged);
    store.close();
    store = open(OPTIONS);
    assertThat(everyRead()).isEqualTo(halfStaged);
    long next = store.append(List.of(Event.of("zoe", "i1", "view", NOW)));
    assertThat(next).isEqualTo(last + 1);
    assertThat(scanAll(last)).extracting(Row::seq).containsExactly(next);
  }

  /**
   * A merge is one transaction, so a crash cannot leave a row in both tables; should a copy still have happened
   * without the delete (a tool, a restore), repeating the merge must neither lose nor duplicate an event.
   */
  @Test
  void aMergeRepeatedAfterAnInterruptedCopyNeitherLosesNorDuplicates() {
    store.append(FIXTURE);
    List<Row> before = scanAll(0);
    long tenth = before.get(9).seq();
    store.close();
    execute("INSERT INTO interactions (id, user_id, item_id, type, value, created_at) SELECT id, user_id, item_id,"
        + " type, value, created_at FROM interactions_staged WHERE id <= " + tenth); // copied, not yet deleted
    store = open(OPTIONS);
    assertThat(jdbc().mergeStaged(7)).isEqualTo(23);
    assertThat(scanAll(0)).isEqualTo(before);
    assertThat(store.count()).isEqualTo(23);
    assertThat(jdbc().mergeStaged(7)).isZero();
    assertThat(scanAll(0)).isEqualTo(before);
  }

  @Test
  void forgetUserRemovesStagedAndMergedEventsForGood() {
    store.append(FIXTURE.subList(0, 4)); // alice's first four
    jdbc().mergeStaged(100);
    store.append(FIXTURE.subList(4, 23)); // her other three stay staged
    assertThat(store.forgetUser("alice")).isEqualTo(7);
    assertThat(store.count()).isEqualTo(16);
    jdbc().mergeStaged(100);
    assertThat(scanAll(0)).extracting(r -> r.event().user()).doesNotContain("alice");
    assertThat(store.userProfiles(List.of("alice"))).containsExactly(UserProfile.empty("alice"));
    assertThat(store.count()).isEqualTo(16);
  }

  /**
   * Ids increase across staging and merges, a reader catching up from the last id it saw misses nothing while
   * chunks move, and forgetting the newest (staged) events does not make their ids come back, even after reopening.
   */
  @Test
  void idsStayInOrderAndAreNeverReusedAcrossStagingAndMerges() {
    List<Row> seen = new ArrayList<>();
    long lastSeen = 0;
    long lastAppended = 0;
    for (int i = 0; i < FIXTURE.size(); i += 4) {
      lastAppended = store.append(FIXTURE.subList(i, Math.min(i + 4, FIXTURE.size())));
      if (i % 8 == 0) {
        jdbc().mergeStaged(3);
      }
      List<Row> fresh = scanAll(lastSeen);
      seen.addAll(fresh);
      lastSeen = fresh.isEmpty() ? lastSeen : fresh.getLast().seq();
    }
    assertThat(seen).extracting(Row::event).containsExactlyElementsOf(FIXTURE);
    assertThat(seen).extracting(Row::seq).isSorted().doesNotHaveDuplicates();
    assertThat(lastSeen).isEqualTo(lastAppended).isEqualTo(store.lastSequence());
    assertThat(jdbc().stagedBacklog()).isPositive(); // the last batches are still staged
    store.forgetUser("erin"); // the newest event, staged
    store.close();
    store = open(OPTIONS);
    assertThat(store.append(List.of(Event.of("zoe", "i1", "view", NOW)))).isEqualTo(lastAppended + 1);
  }

  /** With a staging limit, appends merge before they stage once the backlog is full: it never exceeds the limit. */
  @Test
  void theStagingLimitBoundsTheBacklog() {
    store.close();
    store = open(OPTIONS.withStaging(10, 4));
    List<Long> backlogs = new ArrayList<>();
    for (int i = 0; i < FIXTURE.size(); i += 3) {
      store.append(FIXTURE.subList(i, Math.min(i + 3, FIXTURE.size())));
      backlogs.add(jdbc().stagedBacklog());
    }
    assertThat(backlogs).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(10));
    assertThat(scanAll(0)).extracting(Row::event).containsExactlyElementsOf(FIXTURE);
    assertThat(store.count()).isEqualTo(23);
  }

  /** With staging off, appends go straight to the indexed log and what an earlier run staged is merged. */
  @Test
  void turningStagingOffMergesWhatWasStaged() throws Exception {
    store.append(FIXTURE);
    store.close();
    store = open(OPTIONS.withStaging(0, 1000));
    for (int i = 0; i < 1000 && jdbc().stagedBacklog() > 0; i++) {
      Thread.sleep(5); // the merger runs in the background after opening
    }
    assertThat(jdbc().stagedBacklog()).isZero();
    store.append(List.of(Event.of("zoe", "i1", "view", NOW)));
    assertThat(jdbc().stagedBacklog()).isZero();
    assertThat(scanAll(0)).extracting(Row::event).endsWith(Event.of("zoe", "i1", "view", NOW)).hasSize(24);
  }

  @Test
  void aBulkImportIntoAnEmptyStoreBuildsTheIndexesAtTheEnd() {
    List<String> indexes = indexNames();
    assertThat(indexes).containsExactly("interactions_item_user", "interactions_user_time");
    List<List<String>> during = new ArrayList<>();
    long n = store.importEvents(FIXTURE.iterator(), 10, p -> during.add(indexNames()));
    assertThat(n).isEqualTo(FIXTURE.size());
    assertThat(during).isNotEmpty().allSatisfy(names -> assertThat(names).isEmpty());
    assertThat(indexNames()).isEqualTo(indexes);
    assertThat(jdbc().stagedBacklog()).isZero(); // nothing to gain by staging while the log has no index
    assertThat(store.recentInteractions("alice", InteractionStore.RECENT_WINDOW, 10)).hasSize(5);
  }

  @Test
  void anImportIntoAStoreWithEventsKeepsTheIndexes() {
    store.append(FIXTURE.subList(0, 1));
    List<String> indexes = indexNames();
    List<List<String>> during = new ArrayList<>();
    store.importEvents(FIXTURE.subList(1, FIXTURE.size()).iterator(), 10, p -> during.add(indexNames()));
    assertThat(during).isNotEmpty().allSatisfy(names -> assertThat(names).isEqualTo(indexes));
  }

  @Test
  void anIndexLeftDeferredByACrashedImportIsBuiltWhenTheStoreOpens() {
    store.append(FIXTURE);
    store.close();
    execute("DROP INDEX interactions_user_time");
    execute("INSERT INTO deferred_indexes (name, ddl) VALUES ('interactions_user_time', '" + USER_TIME_INDEX + "')");
    assertThat(indexNames()).doesNotContain("interactions_user_time");
    store = open(OPTIONS);
    assertThat(indexNames()).contains("interactions_user_time");
    store.close();
    store = open(OPTIONS); // nothing left to do
    assertThat(indexNames()).containsOnlyOnce("interactions_user_time");
  }

  @Test
  void committedEventsItemsAndProfilesSurviveCloseAndReopen() {
    long last = store.append(FIXTURE);
    float[] v = {1f, 2f, 3f};
    store.putItem(new ItemMeta("i1", List.of("c"), List.of("t"), NOW, v));
    store.deleteItem("i2");
    List<Row> before = scanAll(0);
    store.close();

    store = open(OPTIONS);
    assertThat(scanAll(0)).isEqualTo(before);
    assertThat(store.lastSequence()).isEqualTo(last);
    assertThat(store.getItem("i1").orElseThrow().vector()).containsExactly(v);
    assertThat(store.deletedItems()).containsExactly("i2");
    assertThat(store.userProfiles(List.of("alice")).getFirst().events()).isEqualTo(7);
    assertThat(store.append(List.of(Event.of("zoe", "i1", "view", NOW)))).isGreaterThan(last);
  }

  @Test
  void sequencesAreNotReusedAfterTheNewestEventsAreForgottenAndTheStoreReopened() {
    long last = store.append(FIXTURE);
    store.forgetUser("erin"); // the newest event
    store.close();
    store = open(OPTIONS);
    assertThat(store.append(List.of(Event.of("zoe", "i1", "view", NOW)))).isGreaterThan(last);
  }

  @Test
  void statsDescribeThePool() {
    store.append(FIXTURE);
    List<StoreStats> seen = new ArrayList<>();
    store.scan(0, (seq, u, i, t, val, ts) -> {
      if (seen.isEmpty()) {
        seen.add(store.stats()); // taken while the scan holds a connection
      }
    });
    StoreStats during = seen.getFirst();
    assertThat(during.activeConnections()).isGreaterThanOrEqualTo(1);
    assertThat(during.totalConnections()).isGreaterThanOrEqualTo(during.activeConnections());
    assertThat(store.stats().appendedEvents()).isEqualTo(FIXTURE.size());
  }
}
