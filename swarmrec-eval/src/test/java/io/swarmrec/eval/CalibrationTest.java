package io.swarmrec.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.split.Split;
import io.swarmrec.eval.split.Splits;
import io.swarmrec.eval.split.TestSet;
import io.swarmrec.eval.testing.DataDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The built-in algorithms, trained with their defaults through the library API, against published
 * figures and against each other on the public datasets (each test is skipped, saying which file is
 * missing, when the data directory of system property {@code swarmrec.data.dir} lacks its files).
 *
 * <p>Gowalla (the NGCF/LightGCN split, full ranking) is compared with the BARS benchmark (Zhu et al.,
 * "BARS: Towards Open Benchmarking for Recommender Systems", SIGIR 2022). Its ItemPop must match to the
 * third decimal: popularity ties (many items share a count) then fall to the smaller dense id, which the
 * reader assigns in order of first appearance in the training file. Its ItemKNN (cosine, 100
 * neighbours) is a floor for {@code itemknn}'s defaults. MovieLens 100K has no comparable published
 * full-ranking figures, so its five official folds only check that the neighbourhood methods beat
 * popularity; the table goes to standard output.
 */
class CalibrationTest {
  private static final int K = 20;
  private static final String RECALL = "recall@" + K;
  private static final String NDCG = "ndcg@" + K;

  /** BARS, Gowalla: ItemPop and ItemKNN, Recall@20 and NDCG@20. */
  private static final double BARS_POP_RECALL = 0.0416;
  private static final double BARS_POP_NDCG = 0.0317;
  private static final double BARS_ITEMKNN_RECALL = 0.1570;
  private static final double BARS_ITEMKNN_NDCG = 0.1214;

  private static Split gowalla;

  @Test
  void gowallaPopReproducesBarsItemPop() throws IOException {
    EvalResult r = evaluate("pop", gowalla());
    report("gowalla", "pop", r, BARS_POP_RECALL, BARS_POP_NDCG);
    assertThat(r.usersEvaluated()).isEqualTo(29_858);
    assertThat(r.metric(RECALL)).isCloseTo(BARS_POP_RECALL, within(0.0005));
    assertThat(r.metric(NDCG)).isCloseTo(BARS_POP_NDCG, within(0.0005));
  }

  @Test
  void gowallaItemKnnDefaultsReachBarsItemKnn() throws IOException {
    EvalResult r = evaluate("itemknn", gowalla());
    report("gowalla", "itemknn", r, BARS_ITEMKNN_RECALL, BARS_ITEMKNN_NDCG);
    assertThat(r.metric(RECALL)).isGreaterThanOrEqualTo(BARS_ITEMKNN_RECALL);
  }

  @Test
  void movieLensFoldsRankNeighbourhoodMethodsAbovePopularity() throws IOException {
    String[] algos = {"pop", "itemknn", "userknn"};
    int folds = 5;
    double[] recall = new double[algos.length];
    double[] ndcg = new double[algos.length];
    for (int fold = 1; fold <= folds; fold++) {
      Split split = movieLensFold(fold);
      for (int a = 0; a < algos.length; a++) {
        EvalResult r = evaluate(algos[a], split);
        recall[a] += r.metric(RECALL) / folds;
        ndcg[a] += r.metric(NDCG) / folds;
      }
    }
    System.out.printf(Locale.ROOT, "ml-100k u1..u5 (relevant: test rating >= 4), mean over folds%n%-8s %9s %9s%n",
        "algo", RECALL, NDCG);
    for (int a = 0; a < algos.length; a++) {
      System.out.printf(Locale.ROOT, "%-8s %9.4f %9.4f%n", algos[a], recall[a], ndcg[a]);
    }
    for (int a = 1; a < algos.length; a++) {
      assertThat(recall[a]).as("%s recall over pop", algos[a]).isGreaterThan(recall[0]);
      assertThat(ndcg[a]).as("%s ndcg over pop", algos[a]).isGreaterThan(ndcg[0]);
    }
  }

  private static EvalResult evaluate(String algo, Split split) {
    return Evaluator.at(K).evaluate(Algorithms.train(algo, split.train(), Params.empty()), split.test());
  }

  private static synchronized Split gowalla() throws IOException {
    if (gowalla == null) {
      gowalla = Splits.fromFiles(DatasetReader.of(DatasetFormat.AUTO),
          DataDir.file("gowalla/train.reconstructed.txt.gz"), DataDir.file("gowalla/test.txt"));
    }
    return gowalla;
  }

  /** Trains on every rating of {@code uN.base}; the relevant items are those rated 4 or 5 in {@code uN.test}. */
  private static Split movieLensFold(int fold) throws IOException {
    Path base = DataDir.file("ml-100k/u" + fold + ".base");
    Path test = DataDir.file("ml-100k/u" + fold + ".test");
    Interactions train = DatasetReader.of(DatasetFormat.AUTO).readInteractions(base);
    TestSet.Builder relevant = TestSet.builder(train);
    DatasetReader.of(DatasetFormat.AUTO).minRating(4).read(test, relevant);
    return new Split(train, relevant.build());
  }

  private static void report(String data, String algo, EvalResult r, double barsRecall, double barsNdcg) {
    System.out.printf(Locale.ROOT, "%s %s: %s %.4f (BARS %.4f), %s %.4f (BARS %.4f)%n", data, algo,
        RECALL, r.metric(RECALL), barsRecall, NDCG, r.metric(NDCG), barsNdcg);
  }
}
