package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulationStepsTest {
  private static final int K = 5;
  private final Interactions data = Fixtures.communities(4, 30, 12, 7);
  private final Recommender model = Algorithms.train("itemknn", data, Params.empty());
  private final int[] everyone = IntStream.range(0, data.numUsers()).toArray();

  @Test
  void everyAnswerEqualsAFreshComputationAndOnlyChangedAgentsAreScoredAgain() {
    SimulationSteps steps = new SimulationSteps(data.numUsers(), K);
    Map<Integer, RecOptions> inputs = new HashMap<>();
    AtomicInteger scored = new AtomicInteger();
    SimulationSteps.Step first = steps.stepWith(model, everyone, a -> {
      scored.incrementAndGet();
      return model.recommend(a, K, options(inputs, a));
    });
    assertThat(first.recomputed()).isEqualTo(everyone.length);
    assertThat(scored.get()).isEqualTo(everyone.length);

    // agent 3 gets a new event: an item it did not hold, which changes its answer
    int agent = 3;
    int item = model.recommend(agent, 1, RecOptions.DEFAULT).id(0);
    ScoredIds before = steps.result(agent);
    inputs.put(agent, RecOptions.DEFAULT.withExtraHistory(new int[] {item}, new float[] {1f}));
    steps.changed(agent);
    scored.set(0);
    SimulationSteps.Step second = steps.stepWith(model, everyone, a -> {
      scored.incrementAndGet();
      return model.recommend(a, K, options(inputs, a));
    });
    assertThat(second.recomputed()).isEqualTo(1);
    assertThat(steps.scoredAt(agent)).isEqualTo(steps.steps()).isEqualTo(2);
    assertThat(steps.scoredAt(agent + 1)).isEqualTo(1);
    assertThat(scored.get()).isEqualTo(1);
    assertThat(steps.result(agent)).isNotEqualTo(before);
    assertThat(steps.result(agent).ids()).doesNotContain(item);
    for (int a : everyone) {
      assertThat(steps.result(a)).as("agent %d", a).isEqualTo(model.recommend(a, K, options(inputs, a)));
    }
  }

  @Test
  void theModelsBatchOrderChangesWhenAgentsAreScoredNeverWhatTheyGet() {
    SimulationSteps plain = new SimulationSteps(data.numUsers(), K);
    plain.stepWith(model, everyone, a -> model.recommend(a, K, RecOptions.DEFAULT));
    java.util.List<Integer> scoredOrder = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    int[][] asked = new int[1][];
    UnaryOperator<int[]> reversing = users -> {
      asked[0] = users.clone();
      return IntStream.range(0, users.length).map(i -> users.length - 1 - i).toArray();
    };
    SimulationSteps ordered = new SimulationSteps(data.numUsers(), K);
    int[] some = {7, 3, 3, 11, 0};
    ordered.stepWith(model, some, a -> {
      scoredOrder.add(a);
      return model.recommend(a, K, RecOptions.DEFAULT);
    }, reversing);
    assertThat(asked[0]).containsExactly(7, 3, 11, 0); // the agents to score, each once
    assertThat(scoredOrder).containsExactly(0, 11, 3, 7); // fewer than a chunk: one thread, in the given order
    for (int a : some) {
      assertThat(ordered.result(a)).isEqualTo(plain.result(a));
    }
    SimulationSteps all = new SimulationSteps(data.numUsers(), K);
    all.step(model, everyone, a -> RecOptions.DEFAULT); // item-kNN's own BatchOrder
    for (int a : everyone) {
      assertThat(all.result(a)).isEqualTo(plain.result(a));
    }
  }

  @Test
  void aModelSwapScoresEveryAgentAgain() {
    SimulationSteps steps = new SimulationSteps(data.numUsers(), K);
    steps.step(model, everyone, a -> RecOptions.DEFAULT);
    Recommender other = Algorithms.train("pop", data, Params.empty());
    SimulationSteps.Step swapped = steps.step(other, everyone, a -> RecOptions.DEFAULT);
    assertThat(swapped.recomputed()).isEqualTo(everyone.length);
    for (int a : everyone) {
      assertThat(steps.result(a)).isEqualTo(other.recommend(a, K, RecOptions.DEFAULT));
    }
    assertThat(steps.step(other, everyone, a -> RecOptions.DEFAULT).recomputed()).isZero();
  }

  @Test
  void answersDoNotDependOnWhatEarlierStepsAskedFor() {
    SimulationSteps partial = new SimulationSteps(data.numUsers(), K);
    partial.step(model, new int[] {5, 1, 5, 9}, a -> RecOptions.DEFAULT); // duplicates are scored once
    assertThat(partial.step(model, new int[] {9, 1}, a -> RecOptions.DEFAULT).recomputed()).isZero();
    SimulationSteps.Step all = partial.step(model, everyone, a -> RecOptions.DEFAULT);
    assertThat(all.recomputed()).isEqualTo(everyone.length - 3);
    SimulationSteps fresh = new SimulationSteps(data.numUsers(), K);
    fresh.step(model, everyone, a -> RecOptions.DEFAULT);
    for (int a : everyone) {
      assertThat(partial.result(a)).isEqualTo(fresh.result(a));
    }
  }

  @Test
  void aFailedScoringLeavesItsAgentsToBeScoredAgain() {
    SimulationSteps steps = new SimulationSteps(data.numUsers(), K);
    assertThatThrownBy(() -> steps.stepWith(model, new int[] {0, 1}, a -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(steps.isValid(0)).isFalse();
    assertThat(steps.isValid(1)).isFalse();
    assertThat(steps.stepWith(model, new int[] {0, 1}, a -> model.recommend(a, K, RecOptions.DEFAULT)).recomputed())
        .isEqualTo(2);
  }

  @Test
  void rejectsUnknownAgentsAndBadSizes() {
    SimulationSteps steps = new SimulationSteps(3, K);
    assertThatThrownBy(() -> steps.changed(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 3)");
    assertThatThrownBy(() -> steps.step(model, new int[] {-1}, a -> RecOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SimulationSteps(3, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static RecOptions options(Map<Integer, RecOptions> inputs, int agent) {
    synchronized (inputs) {
      return inputs.getOrDefault(agent, RecOptions.DEFAULT);
    }
  }
}
