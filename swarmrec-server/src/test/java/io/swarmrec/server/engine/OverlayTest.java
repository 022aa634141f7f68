package io.swarmrec.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayTest {
  @Test
  void keepsTheNewestEventsPerUserAndOlderSnapshotsNeverChange() {
    Overlay overlay = new Overlay();
    List<Overlay.Delta> snapshots = new ArrayList<>();
    List<List<String>> seenThen = new ArrayList<>();
    int n = 3 * Overlay.MAX_PER_USER + 7;
    for (int i = 0; i < n; i++) {
      assertThat(overlay.add("u", "i" + i, i, 1000 + i, i + 1)).isTrue();
      Overlay.Delta d = overlay.get("u");
      snapshots.add(d);
      seenThen.add(List.copyOf(d.itemList()));
    }
    for (int s = 0; s < snapshots.size(); s++) { // a reader holding an old snapshot sees what it saw
      assertThat(snapshots.get(s).itemList()).isEqualTo(seenThen.get(s));
    }
    Overlay.Delta last = overlay.get("u");
    assertThat(last.size()).isEqualTo(Overlay.MAX_PER_USER);
    assertThat(last.item(0)).isEqualTo("i" + (n - Overlay.MAX_PER_USER));
    assertThat(last.item(last.size() - 1)).isEqualTo("i" + (n - 1));
    assertThat(last.weight(last.size() - 1)).isEqualTo(n - 1);
  }

  @Test
  void theSameEventTwiceIsKeptOnceAndPruningDropsWhatASnapshotHolds() {
    Overlay overlay = new Overlay();
    assertThat(overlay.add("u", "a", 1f, 10, 1)).isTrue();
    assertThat(overlay.add("u", "b", 1f, 11, 2)).isTrue();
    assertThat(overlay.add("u", "a", 1f, 10, 1)).isFalse(); // seen again by the store tail
    assertThat(overlay.add("v", "a", 1f, 10, 3)).isTrue();
    overlay.prune(2);
    assertThat(overlay.get("u")).isNull();
    assertThat(overlay.get("v").itemList()).containsExactly("a");
    assertThat(overlay.add("v", "c", 2f, 12, 4)).isTrue();
    assertThat(overlay.get("v").itemList()).containsExactly("a", "c");
  }

  @Test
  void twoEventsOnOneItemInOneSecondBothCountAndTailAndLocalPathsAgree() {
    Overlay overlay = new Overlay();
    // a batch [view i, like i] without timestamps: same item, same second, consecutive sequence numbers
    assertThat(overlay.add("u", "i", 1f, 100, 7)).isTrue();
    assertThat(overlay.add("u", "i", 4f, 100, 8)).isTrue();
    // the store tail reads both again, in either order: neither counts twice
    assertThat(overlay.add("u", "i", 4f, 100, 8)).isFalse();
    assertThat(overlay.add("u", "i", 1f, 100, 7)).isFalse();
    Overlay.Delta d = overlay.get("u");
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.weight(0) + d.weight(1)).isEqualTo(5f);
    // another replica's event lands between them in sequence order; pruning keeps exactly what is newer
    assertThat(overlay.add("u", "j", 2f, 99, 6)).isTrue();
    overlay.prune(7);
    assertThat(overlay.get("u").itemList()).containsExactly("i");
    assertThat(overlay.get("u").weight(0)).isEqualTo(4f);
  }

  @Test
  void anEventOlderThanAFullWindowStaysDropped() {
    Overlay overlay = new Overlay();
    for (int i = 0; i < Overlay.MAX_PER_USER + 10; i++) {
      overlay.add("u", "i" + i, 1f, 1000 + i, 100 + i);
    }
    assertThat(overlay.add("u", "i0", 1f, 1000, 100)).isFalse(); // the tail re-reading an event dropped for room
    assertThat(overlay.get("u").size()).isEqualTo(Overlay.MAX_PER_USER);
  }
}
