package io.swarmrec.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On the real ml-100k fold u1 (relevant = rating >= 4), every model must rank clearly better than
 * recommending the most popular unseen items, the baseline any collaborative model has to beat. Skipped
 * when the dataset is absent.
 */
class MovieLensQualityTest {
  private static QuickEval.Split fold;
  private static Interactions train;
  private static double popularityRecall;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of(System.getProperty("swarmrec.data.dir", "../shared/data"));
    assumeTrue(Files.isRegularFile(dir.resolve("ml-100k/u1.base")),
        "ml-100k not found under " + dir.toAbsolutePath() + " (set -Dswarmrec.data.dir): skipping");
    fold = QuickEval.splits(dir, "ml-100k", false).get(0);
    train = QuickEval.interactions(fold.train());
    popularityRecall = QuickEval.evaluate(new MostPopular(train), fold.test(), fold.minRating(), 20).recall();
  }

  @ParameterizedTest
  @ValueSource(strings = {"als", "svd", "gfcf", "ease"})
  void beatsMostPopularByAMargin(String algo) {
    Params p = switch (algo) {
      case "als" -> Params.parse(List.of("factors=32", "alpha=3", "reg=0.02", "reg_exponent=1", "threads=2"));
      case "svd" -> Params.parse(List.of("factors=16", "threads=2"));
      case "gfcf" -> Params.parse(List.of("factors=32", "threads=2"));
      default -> Params.parse(List.of("lambda=500"));
    };
    QuickEval.Metrics m = QuickEval.evaluate(Algorithms.train(algo, train, p), fold.test(), fold.minRating(), 20);
    assertThat(m.recall()).as("%s vs popularity %.4f", algo, popularityRecall).isGreaterThan(1.15 * popularityRecall);
  }

  /** Most interacted-with items first, the user's own excluded. */
  private record MostPopular(Interactions data) implements Recommender {
    @Override
    public String name() {
      return "most-popular";
    }

    @Override
    public ScoredIds recommend(int user, int k, RecOptions options) {
      TopK top = new TopK(k);
      for (int i = 0; i < data.numItems(); i++) {
        if (!data.byUser().contains(user, i)) {
          top.offer(i, data.byItem().rowLength(i));
        }
      }
      return top.drain();
    }

    @Override
    public ScoredIds similarItems(int item, int k) {
      return ScoredIds.empty();
    }

    @Override
    public ScoredIds similarUsers(int user, int k) {
      return ScoredIds.empty();
    }
  }
}
