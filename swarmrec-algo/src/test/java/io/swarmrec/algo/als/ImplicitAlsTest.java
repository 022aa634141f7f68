package io.swarmrec.algo.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.algo.Fixtures;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {
  private static final Interactions DATA = Fixtures.communities(4, 10, 6, 5);

  private static FactorRecommender train(String... params) {
    return ImplicitAls.train(DATA, Params.parse(List.of(params)));
  }

  @Test
  void aSeedGivesTheSameFactorsForAnyThreadCount() {
    FactorRecommender one = train("factors=6", "iterations=5", "seed=3", "threads=1");
    FactorRecommender three = train("factors=6", "iterations=5", "seed=3", "threads=3");
    assertThat(three.userFactors().data()).containsExactly(one.userFactors().data());
    assertThat(three.itemFactors().data()).containsExactly(one.itemFactors().data());
    FactorRecommender other = train("factors=6", "iterations=5", "seed=4", "threads=1");
    assertThat(other.itemFactors().data()).isNotEqualTo(one.itemFactors().data());
  }

  @Test
  void factorsReconstructTheBlockPatternOfTheData() {
    FactorRecommender r = train("factors=4", "iterations=30", "alpha=5", "reg=0.1", "cg_steps=4");
    DenseMatrix x = r.userFactors();
    DenseMatrix y = r.itemFactors();
    for (int u = 0; u < DATA.numUsers(); u++) {
      double inside = Double.POSITIVE_INFINITY;
      double outside = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < DATA.numItems(); i++) {
        double s = 0;
        for (int c = 0; c < 4; c++) {
          s += x.get(u, c) * y.get(i, c);
        }
        if (u / 10 == i / 6) {
          inside = Math.min(inside, s);
        } else {
          outside = Math.max(outside, s);
        }
      }
      assertThat(inside).as("user %d", u).isGreaterThan(0.5).isGreaterThan(outside + 0.4);
    }
  }

  @Test
  void foldInIsOneMoreExactSolveOfTheUserAgainstTheTrainedItems() {
    float alpha = 3f;
    float reg = 0.2f;
    FactorRecommender r = train("factors=4", "iterations=30", "alpha=" + alpha, "reg=" + reg);
    DenseMatrix y = r.itemFactors();
    double[] g = y.gram(1);
    int f = 4;
    for (int u = 0; u < DATA.numUsers(); u += 7) {
      int s = DATA.byUser().rowStart(u);
      int e = DATA.byUser().rowEnd(u);
      int[] items = java.util.Arrays.copyOfRange(DATA.byUser().indices(), s, e);
      float[] weights = java.util.Arrays.copyOfRange(DATA.byUser().values(), s, e);
      double[][] a = new double[f][f + 1]; // [Y^T Y + reg I + sum alpha w y y^T | sum (1 + alpha w) y]
      for (int c = 0; c < f; c++) {
        for (int d = 0; d < f; d++) {
          a[c][d] = g[c * f + d] + (c == d ? reg : 0);
        }
      }
      for (int k = 0; k < items.length; k++) {
        for (int c = 0; c < f; c++) {
          for (int d = 0; d < f; d++) {
            a[c][d] += alpha * weights[k] * y.get(items[k], c) * y.get(items[k], d);
          }
          a[c][f] += (1 + alpha * weights[k]) * y.get(items[k], c);
        }
      }
      double[] exact = Fixtures.solveAugmented(a);
      float[] folded = new float[f];
      assertThat(r.userVector(-1, items, weights, folded)).isTrue();
      float[] stored = r.userFactors().row(u);
      for (int c = 0; c < f; c++) {
        assertThat((double) folded[c]).as("user %d factor %d", u, c).isCloseTo(exact[c], within(1e-3));
        assertThat(folded[c]).isCloseTo(stored[c], within(0.05f)); // training had nearly converged
      }
    }
  }

  @Test
  void servesTheSameFromASnapshotKeepingOnlyItsWeights() {
    Interactions data = Fixtures.communities(4, 10, 6, 5);
    FactorRecommender r = ImplicitAls.train(data, Params.parse(List.of("factors=4", "iterations=5")));
    assertThat(r.servingNeeds()).containsExactly(Interactions.Part.WEIGHTS);
    int[] users = java.util.stream.IntStream.range(-1, data.numUsers()).toArray();
    RecOptions o = RecOptions.DEFAULT.withExtraHistory(new int[] {1, 20}, new float[] {1f, 2f}); // folds in
    ScoredIds[] before = r.recommendAll(users, 5, o);
    data.release(r.servingNeeds());
    assertThat(data.byUser().hasTimes()).isFalse();
    assertThat(r.recommendAll(users, 5, o)).isEqualTo(before);
  }

  @Test
  void conjugateGradientSolvesTheRowSystemExactlyGivenEnoughSteps() {
    Random rnd = new Random(2);
    int f = 5;
    int n = 9;
    float[] y = new float[n * f];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) rnd.nextGaussian();
    }
    float[] gram = ImplicitAls.toFloat(new DenseMatrix(n, f, y).gram(1));
    int[] ids = {1, 4, 7};
    float[] w = {1f, 2f, 0.5f};
    float alpha = 3f;
    float lambda = 0.7f;
    float[] x = new float[f];
    new ConjugateGradient(y, gram, f, alpha).solve(ids, w, 0, 3, lambda, x, 0, 50, 1e-7f);
    for (int a = 0; a < f; a++) { // (G + lambda I + sum alpha w y y^T) x == sum (1 + alpha w) y
      double lhs = lambda * x[a];
      double rhs = 0;
      for (int b = 0; b < f; b++) {
        lhs += gram[a * f + b] * x[b];
      }
      for (int e = 0; e < 3; e++) {
        double yx = 0;
        for (int b = 0; b < f; b++) {
          yx += y[ids[e] * f + b] * x[b];
        }
        lhs += alpha * w[e] * yx * y[ids[e] * f + a];
        rhs += (1 + alpha * w[e]) * y[ids[e] * f + a];
      }
      assertThat(lhs).isCloseTo(rhs, within(1e-4));
    }
  }

  @Test
  void frequencyScaledRegularisationGrowsWithTheRowsConfidence() {
    AlsConfig c = AlsConfig.from(Params.parse(List.of("reg=0.01", "reg_exponent=1", "alpha=2")));
    assertThat(c.lambda(0, 100)).isCloseTo(1f, within(1e-6f));
    assertThat(c.lambda(10, 100)).isCloseTo(1.2f, within(1e-6f));
    assertThat(AlsConfig.from(Params.parse(List.of("reg=0.3"))).lambda(10, 100)).isEqualTo(0.3f);
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> train("factors=0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factors");
    assertThatThrownBy(() -> train("reg=0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reg");
    assertThatThrownBy(() -> train("alpha=-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
    assertThatThrownBy(() -> train("cg_steps=0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cg_steps");
    assertThatThrownBy(() -> train("threads=0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    assertThatThrownBy(() -> train("iterations=ten")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer");
  }
}
