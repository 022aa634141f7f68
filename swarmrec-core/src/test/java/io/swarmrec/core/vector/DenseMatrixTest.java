package io.swarmrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseMatrixTest {

  @Test
  void gramMatchesTheDefinitionAndIsIndependentOfThreads() {
    Random rnd = new Random(5);
    int rows = 2500; // three blocks
    int cols = 7;
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rnd.nextGaussian();
    }
    DenseMatrix m = new DenseMatrix(rows, cols, d);
    double[] g1 = m.gram(1);
    assertThat(m.gram(3)).containsExactly(g1);
    for (int a = 0; a < cols; a++) {
      for (int b = 0; b < cols; b++) {
        double expect = 0;
        for (int r = 0; r < rows; r++) {
          expect += (double) m.get(r, a) * m.get(r, b);
        }
        assertThat(g1[a * cols + b]).isCloseTo(expect, within(1e-3 * Math.max(1, Math.abs(expect))));
      }
    }
  }

  @Test
  void rejectsDataOfTheWrongSize() {
    assertThatThrownBy(() -> new DenseMatrix(2, 3, new float[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3");
    assertThatThrownBy(() -> DenseMatrix.zeros(100_000, 100_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
  }

  @Test
  void rowAccessAndNorms() {
    DenseMatrix m = new DenseMatrix(2, 2, new float[] {3, 4, 0, 0});
    assertThat(m.row(0)).containsExactly(3f, 4f);
    assertThat(m.offset(1)).isEqualTo(2);
    assertThat(m.rowNorms()).containsExactly(5f, 0f);
  }
}
