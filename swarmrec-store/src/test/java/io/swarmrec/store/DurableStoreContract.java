package io.swarmrec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a store backed by a database adds to the contract: what was committed is there after a restart. */
public abstract class DurableStoreContract extends InteractionStoreContract {
  private static final String USER_TIME_INDEX = "CREATE INDEX interactions_user_time ON interactions (user_id, created_at)";

  /** Names of the secondary indexes of {@code interactions}, sorted, read straight from the database. */
  protected abstract List<String> indexNames();

  /** Runs SQL straight on the database, bypassing the store. */
  protected abstract void execute(String sql);

  @Test
  void aBulkImportIntoAnEmptyStoreBuildsTheIndexesAtTheEnd() {
    List<String> indexes = indexNames();
    assertThat(indexes).contains("interactions_user_item", "interactions_user_time", "interactions_item_value");
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
