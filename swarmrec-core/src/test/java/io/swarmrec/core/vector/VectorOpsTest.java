package io.swarmrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
  private static final int[] LENGTHS = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257};

  @Test
  void surefireRunsWithTheIncubatorModuleSoSimdIsSelected() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "jdk.incubator.vector not in the boot layer");
    assumeTrue(!"false".equals(System.getProperty(VectorOpsProvider.PROPERTY)), "SIMD disabled by property");
    assertThat(VectorOps.get().name()).startsWith("panama-");
  }

  @Test
  void thePropertyTurnsSimdOff() {
    assertThat(VectorOpsProvider.select("false")).isSameAs(VectorOps.scalar());
    assertThat(VectorOpsProvider.select("FALSE")).isSameAs(VectorOps.scalar());
    VectorOps simd = VectorOpsProvider.panamaOrNull();
    assumeTrue(simd != null, "jdk.incubator.vector not available");
    assertThat(VectorOpsProvider.select(null).name()).isEqualTo(simd.name());
    assertThat(VectorOpsProvider.select("true").name()).isEqualTo(simd.name());
  }

  @Test
  void panamaAgreesWithScalarOnRandomSlices() {
    VectorOps simd = VectorOpsProvider.panamaOrNull();
    assumeTrue(simd != null, "jdk.incubator.vector not available: nothing to compare");
    VectorOps ref = VectorOps.scalar();
    Random rnd = new Random(7);
    for (int len : LENGTHS) {
      for (int off : new int[] {0, 1, 5}) {
        float[] a = random(rnd, len + off + 3);
        float[] b = random(rnd, len + off + 3);
        assertThat(simd.dot(a, off, b, 2, len)).isCloseTo(ref.dot(a, off, b, 2, len), within(1e-4f * (len + 1)));

        float[] y1 = b.clone();
        float[] y2 = b.clone();
        simd.axpy(0.37f, a, off, y1, 1, len);
        ref.axpy(0.37f, a, off, y2, 1, len);
        assertThat(y1).containsExactly(y2, within(1e-6f));

        float[] x1 = a.clone();
        float[] x2 = a.clone();
        simd.scale(-1.5f, x1, off, len);
        ref.scale(-1.5f, x2, off, len);
        assertThat(x1).containsExactly(x2);
      }
    }
  }

  @Test
  void dotRowsScoresEveryRowOfARowMajorMatrix() {
    Random rnd = new Random(3);
    int dim = 13;
    int rows = 6;
    float[] m = random(rnd, rows * dim);
    float[] q = random(rnd, dim + 2);
    for (VectorOps ops : implementations()) {
      float[] out = new float[rows + 1];
      ops.dotRows(q, 2, m, 1, rows - 1, dim, out, 1);
      assertThat(out[0]).isZero();
      for (int r = 1; r < rows; r++) {
        double expect = 0;
        for (int j = 0; j < dim; j++) {
          expect += q[2 + j] * m[r * dim + j];
        }
        assertThat(out[r]).as(ops.name()).isCloseTo((float) expect, within(1e-4f));
      }
    }
  }

  @Test
  void dotIsExactOnSmallIntegers() {
    float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    for (VectorOps ops : implementations()) {
      assertThat(ops.dot(a, 0, a, 0, a.length)).as(ops.name()).isEqualTo(506f);
    }
  }

  private static VectorOps[] implementations() {
    VectorOps simd = VectorOpsProvider.panamaOrNull();
    return simd == null ? new VectorOps[] {VectorOps.scalar()} : new VectorOps[] {VectorOps.scalar(), simd};
  }

  private static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }
}
