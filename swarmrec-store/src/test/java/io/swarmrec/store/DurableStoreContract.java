package io.swarmrec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a store backed by a database adds to the contract: what was committed is there after a restart. */
public abstract class DurableStoreContract extends InteractionStoreContract {

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
