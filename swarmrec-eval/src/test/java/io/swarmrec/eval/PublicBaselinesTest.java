package io.swarmrec.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.split.Split;
import io.swarmrec.eval.split.Splits;
import io.swarmrec.eval.testing.DataDir;
import io.swarmrec.eval.testing.StaticRankRecommender;
import java.io.IOException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The evaluator against published baselines on the public datasets (skipped when the data is absent). */
class PublicBaselinesTest {
  /**
   * BARS (Zhu et al., "BARS: Towards Open Benchmarking for Recommender Systems", SIGIR 2022), Gowalla
   * LightGCN split, ItemPop: Recall@20 0.0416, NDCG@20 0.0317.
   */
  @Test
  void gowallaItemPopMatchesBars() throws IOException {
    Split split = Splits.fromFiles(DatasetReader.of(DatasetFormat.AUTO),
        DataDir.file("gowalla/train.reconstructed.txt.gz"), DataDir.file("gowalla/test.txt"));
    EvalResult r = Evaluator.at(20).evaluate(StaticRankRecommender.popularity(split.train()), split.test());
    assertThat(r.usersEvaluated()).isEqualTo(29_858);
    assertThat(r.metric("recall@20")).isCloseTo(0.0416, within(0.0005));
    assertThat(r.metric("ndcg@20")).isCloseTo(0.0317, within(0.0005));
  }

  /** MovieLens 100K fold u1, ratings >= 4 as positives: popularity must beat its own reverse by far. */
  @Test
  void movieLensPopularityBeatsReversePopularity() throws IOException {
    Split split = Splits.fromFiles(DatasetReader.of(DatasetFormat.AUTO).minRating(4),
        DataDir.file("ml-100k/u1.base"), DataDir.file("ml-100k/u1.test"));
    StaticRankRecommender pop = StaticRankRecommender.popularity(split.train());
    int[] order = pop.recommend(-1, split.train().numItems(), RecOptions.DEFAULT).ids();
    int[] reversed = IntStream.range(0, order.length).map(i -> order[order.length - 1 - i]).toArray();
    EvalResult popular = Evaluator.at(10).evaluate(pop, split.test());
    EvalResult unpopular =
        Evaluator.at(10).evaluate(StaticRankRecommender.ofOrder(split.train(), reversed), split.test());
    assertThat(popular.metric("recall@10")).isGreaterThan(0.05).isGreaterThan(10 * unpopular.metric("recall@10"));
    assertThat(popular.metric("ndcg@10")).isGreaterThan(10 * unpopular.metric("ndcg@10"));
    assertThat(popular.metric("gini@10")).isGreaterThan(0.9); // a handful of items fill every list
  }
}
