package io.swarmrec.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InteractionsBuilderTest {

  @Test
  void accumulatesRepeatedEventsAndKeepsLatestTime() {
    InteractionsBuilder b = new InteractionsBuilder();
    b.addEvent("u1", "a", "view", Float.NaN, 1_700_000_000L);
    b.addEvent("u1", "a", "like", Float.NaN, 1_700_000_500L);
    b.addEvent("u1", "b", "rating", 3.5f, 1_600_000_000L);
    b.addEvent("u2", "a", "share", Float.NaN, Long.MIN_VALUE);
    Interactions x = b.build();
    int u1 = x.users().get("u1");
    int a = x.items().get("a");
    int bItem = x.items().get("b");
    assertThat(x.numUsers()).isEqualTo(2);
    assertThat(x.numItems()).isEqualTo(2);
    assertThat(x.numInteractions()).isEqualTo(3);
    assertThat(x.byUser().get(u1, a)).isEqualTo(5f);
    assertThat(x.byUser().get(u1, bItem)).isEqualTo(3.5f);
    int p = x.byUser().rowStart(u1);
    assertThat(Interactions.epochSecond(x.byUser().times()[p])).isEqualTo(1_700_000_500L);
    int u2 = x.users().get("u2");
    assertThat(x.byUser().times()[x.byUser().rowStart(u2)]).isEqualTo(Interactions.NO_TIME);
    assertThat(x.byItem().get(a, u2)).isEqualTo(5f);
  }

  @Test
  void logConfidenceTransformsTheSum() {
    InteractionsBuilder b = new InteractionsBuilder().logConfidence(true);
    b.add("u", "i", 2f, Long.MIN_VALUE);
    b.add("u", "i", 1f, Long.MIN_VALUE);
    Interactions x = b.build();
    assertThat(x.byUser().values()[0]).isCloseTo((float) Math.log1p(3), within(1e-6f));
  }

  @Test
  void rejectsUnknownTypesAndBadWeights() {
    InteractionsBuilder b = new InteractionsBuilder();
    assertThatThrownBy(() -> b.addEvent("u", "i", "poke", 0f, 0)).hasMessageContaining("unknown event type");
    assertThatThrownBy(() -> b.add("u", "i", Float.NaN, 0)).hasMessageContaining("finite");
    assertThatThrownBy(() -> b.addEvent("u", "i", "rating", Float.NaN, 0)).hasMessageContaining("value");
  }

  @Test
  void matchesAMapReferenceThroughManyConsolidationsAndTransposes() {
    InteractionsBuilder b = new InteractionsBuilder(EventWeights.defaults(),
        new io.swarmrec.core.IdDictionary(), new io.swarmrec.core.IdDictionary(), 16);
    Map<Long, Float> ref = new HashMap<>();
    Random rnd = new Random(3);
    for (int e = 0; e < 50_000; e++) {
      int u = rnd.nextInt(300);
      int i = rnd.nextInt(200);
      float w = 1 + rnd.nextInt(3);
      b.add("u" + u, "i" + i, w, 1_600_000_000L + e);
      ref.merge(((long) u << 32) | i, w, Float::sum);
    }
    Interactions x = b.build();
    assertThat(x.numInteractions()).isEqualTo(ref.size());
    ref.forEach((key, w) -> {
      int u = x.users().get("u" + (key >>> 32));
      int i = x.items().get("i" + (key & 0xffffffffL));
      assertThat(x.byUser().get(u, i)).isEqualTo(w);
      assertThat(x.byItem().get(i, u)).isEqualTo(w);
    });
    CsrMatrix m = x.byUser();
    for (int r = 0; r < m.rows(); r++) {
      for (int p = m.rowStart(r) + 1; p < m.rowEnd(r); p++) {
        assertThat(m.indices()[p]).isGreaterThan(m.indices()[p - 1]);
      }
    }
    // builder keeps working after build
    b.add("new", "i0", 1f, Long.MIN_VALUE);
    assertThat(b.build().numInteractions()).isEqualTo(ref.size() + 1);
  }

  @Test
  void memoryFollowsDistinctPairsNotEvents() {
    InteractionsBuilder b = new InteractionsBuilder(EventWeights.defaults(),
        new io.swarmrec.core.IdDictionary(), new io.swarmrec.core.IdDictionary(), 64);
    for (int e = 0; e < 100_000; e++) {
      b.add("u" + (e % 10), "i" + (e % 7), 1f, Long.MIN_VALUE);
    }
    Interactions x = b.build();
    assertThat(x.numInteractions()).isEqualTo(70);
    assertThat(b.events()).isEqualTo(100_000);
    double total = 0;
    for (float v : x.byUser().values()) {
      assertThat(v).isBetween(1428f, 1429f); // 100,000 events over 70 pairs (e mod 70 decides the pair)
      total += v;
    }
    assertThat(total).isEqualTo(100_000.0);
  }
}
