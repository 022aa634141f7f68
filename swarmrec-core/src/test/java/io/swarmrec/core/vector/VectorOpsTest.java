package io.swarmrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
  void selectAtLeastFindsScoredEntriesReachingTheThresholdAlike() {
    Random rnd = new Random(9);
    for (int round = 0; round < 200; round++) {
      float[] x = new float[80];
      float[] add = new float[80];
      for (int i = 0; i < x.length; i++) {
        int kind = rnd.nextInt(8);
        x[i] = kind < 3 ? -0f : kind == 3 ? 0f : kind == 4 ? Float.NaN : rnd.nextInt(9) - 4;
        add[i] = rnd.nextInt(5) - 2;
      }
      int off = rnd.nextInt(17);
      int len = rnd.nextInt(65);
      float threshold = round % 10 == 0 ? Float.NEGATIVE_INFINITY : rnd.nextInt(7) - 3;
      for (float[] a : new float[][] {add, null}) {
        long expect = 0;
        for (int i = 0; i < len; i++) {
          float raw = x[off + i];
          boolean scored = Float.floatToRawIntBits(raw) != Float.floatToRawIntBits(-0f);
          if (scored && (a == null ? raw : raw + a[off + i]) >= threshold) {
            expect |= 1L << i;
          }
        }
        for (VectorOps ops : implementations()) {
          assertThat(ops.selectAtLeast(x, a, off, len, threshold)).as(ops.name()).isEqualTo(expect);
        }
      }
    }
    for (VectorOps ops : implementations()) {
      float[] x = new float[64];
      java.util.Arrays.fill(x, 1f);
      assertThat(ops.selectAtLeast(x, null, 0, 64, 1f)).as(ops.name()).isEqualTo(-1L);
      assertThatThrownBy(() -> ops.selectAtLeast(x, null, 0, 65, 0f)).hasMessageContaining("len must be in [0, 64]");
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
