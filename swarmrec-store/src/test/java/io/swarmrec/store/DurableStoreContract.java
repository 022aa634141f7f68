package io.swarmrec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What a store backed by a database adds to the contract: what was committed is there after a restart. */
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

  @Test
  void aBulkImportIntoAnEmptyStoreBuildsTheIndexesAtTheEnd() {
    List<String> indexes = indexNames();
    assertThat(indexes).containsExactly("interactions_item_user", "interactions_user_time");
    List<List<String>> during = new ArrayList<>();
    long n = store.importEvents(FIXTURE.iterator(), 10, p -> during.add(indexNames()));
    assertThat(n).isEqualTo(FIXTURE.size());
    assertThat(during).isNotEmpty().allSatisfy(names -> assertThat(names).isEmpty());
    assertThat(indexNames()).isEqualTo(indexes);
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
