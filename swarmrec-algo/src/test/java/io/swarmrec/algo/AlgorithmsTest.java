package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {
  private final Interactions data = TestData.random(200, 80, 8, 1);

  @Test
  void registersTheNeighbourhoodAndPopularityAlgorithms() {
    assertThat(Algorithms.names()).contains("pop", "trending", "itemknn", "userknn");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pop", "trending", "itemknn", "userknn"})
  void eachTrainsUnderItsOwnNameAndRejectsUnknownParameters(String name) {
    Recommender r = Algorithms.train(name, data, Params.empty());
    assertThat(r.name()).isEqualTo(name);
    assertThat(r.data()).isSameAs(data);
    assertThat(r.recommend(3, 5, RecOptions.DEFAULT).size()).isEqualTo(5);
    assertThatThrownBy(() -> Algorithms.train(name, data, Params.parse(List.of("bogus=1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bogus");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pop", "trending", "itemknn", "userknn"})
  void concurrentRequestsAgreeWithSequentialOnes(String name) throws Exception {
    Recommender r = Algorithms.train(name, data, Params.empty());
    ScoredIds[] expected = new ScoredIds[data.numUsers()];
    for (int u = 0; u < expected.length; u++) {
      expected[u] = r.recommend(u, 10, RecOptions.DEFAULT);
    }
    Thread[] threads = new Thread[3];
    java.util.concurrent.atomic.AtomicInteger mismatches = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < threads.length; t++) {
      int offset = t;
      threads[t] = Thread.ofPlatform().start(() -> {
        for (int n = 0; n < 2000; n++) {
          int u = (n * 7 + offset * 31) % expected.length;
          if (!r.recommend(u, 10, RecOptions.DEFAULT).equals(expected[u])) {
            mismatches.incrementAndGet();
          }
        }
      });
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(mismatches.get()).isZero();
  }
}
